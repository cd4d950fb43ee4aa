import { renderTable } from '@patent-bridge/inventory';
import type { MatchFeature } from '@patent-bridge/domain';
import type { PatentMatch } from './matcher.ts';

const FEATURE_ZH: Record<string, string> = {
  semantic: '语义 semantic',
  keyword: '关键词 keyword',
  ipc_fit: 'IPC 行业 ipc_fit',
  chain: '产业链 chain',
  vitality: '有效性 vitality',
  licence: '许可 licence',
  region: '地域 region',
  owner_kind: '权利人 owner_kind',
  screening: '筛选 screening',
  feedback: '反馈 feedback',
};

/** A bar of `width` cells for a value 0…1 (negative values are drawn with ░). */
function bar(value: number, scale: number, width = 24): string {
  const cells = Math.round((Math.abs(value) / scale) * width);
  return (value < 0 ? '░' : '█').repeat(Math.min(width, cells));
}

/**
 * A match's score breakdown as a bar chart: each feature's contribution to the score.
 *
 * @example
 * console.log(renderBreakdown(match.features))
 * // 语义 semantic      0.231 ███████████
 */
export function renderBreakdown(features: readonly MatchFeature[]): string {
  const scale = Math.max(0.01, ...features.map((f) => Math.abs(f.contribution)));
  return features
    .filter((f) => f.contribution !== 0 || f.name !== 'feedback')
    .map((f) => `  ${(FEATURE_ZH[f.name] ?? f.name).padEnd(18)} ${f.contribution >= 0 ? ' ' : ''}${f.contribution.toFixed(3)} ${bar(f.contribution, scale)}  (value ${f.value.toFixed(2)} × weight ${f.weight.toFixed(2)})`)
    .join('\n');
}

/**
 * A demand's matches for a terminal: a ranked table, then each match's explanation and breakdown.
 *
 * @example
 * console.log(renderMatches(await matcher.matchDemand(demand, { limit: 5 })))
 */
export function renderMatches(matches: readonly PatentMatch[]): string {
  if (matches.length === 0) return '(no matches)';
  const table = renderTable(
    ['#', 'score', 'patent', 'owner', 'IPC', 'status'],
    matches.map((m) => [String(m.rank), m.score.toFixed(3), m.patent.title.slice(0, 36), (m.patent.owners[0] ?? '').slice(0, 16), m.patent.ipcCodes[0] ?? '', m.patent.legalStatus]),
    ['right', 'right', 'left', 'left', 'left', 'left'],
  );
  const details = matches.map((m) => `#${m.rank} ${m.patent.title}  (${m.score.toFixed(3)}, weights ${m.weightsVersion})\n  ${m.explanation}\n${renderBreakdown(m.features)}`);
  return `${table}\n\n${details.join('\n\n')}`;
}
