import { normalizeForSearch } from '@patent-bridge/text';
import type { Patent } from '@patent-bridge/domain';
import { isGenericTerm } from './features/text.ts';

const CONTEXT = 6;
const MAX_REASONS = 5;

/** `…text around term…`, from normalised text, or undefined when the term is not in it. */
export function snippet(text: string, term: string, context = CONTEXT): string | undefined {
  const at = text.indexOf(term);
  if (at < 0) return undefined;
  const start = Math.max(0, at - context);
  const end = Math.min(text.length, at + term.length + context);
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`;
}

const FIELDS: Array<{ key: 'title' | 'abstract' | 'claims'; label: string }> = [
  { key: 'title', label: '名称' },
  { key: 'claims', label: '权利要求' },
  { key: 'abstract', label: '摘要' },
];

/**
 * Where a matched term occurs in the patent: the field's Chinese name and a snippet around it.
 * Claims are preferred over the abstract: they are what a licence covers.
 *
 * @example
 * termInPatent(patent, '杀青') // { field: '名称', snippet: '一种滚筒杀青机' }
 */
export function termInPatent(patent: Pick<Patent, 'title' | 'abstract' | 'claims'>, term: string): { field: string; snippet: string; at: number } | undefined {
  for (const { key, label } of FIELDS) {
    const text = patent[key];
    if (!text) continue;
    const normalised = normalizeForSearch(key === 'claims' ? text.slice(0, 4000) : text);
    const found = snippet(normalised, term);
    if (found) return { field: label, snippet: found, at: normalised.indexOf(term) };
  }
  return undefined;
}

/**
 * The readable explanation of a match, in Chinese: the matched terms with where they occur on
 * both sides, then each feature's reason, strongest first.
 *
 * @example
 * explainMatch('茶叶杀青自动化改造', patent, ['杀青'], ['IPC A23F 属于需求所在行业（153 精制茶加工）', '专利开放许可'])
 * // '需求"茶叶杀青自动化改造"与专利名称中的"一种滚筒杀青机"匹配；IPC A23F 属于需求所在行业（153 精制茶加工）；专利开放许可。'
 */
export function explainMatch(demandText: string, patent: Pick<Patent, 'title' | 'abstract' | 'claims'>, matchedTerms: readonly string[], reasons: readonly string[]): string {
  const parts: string[] = [];
  const used = new Set<string>();
  // Places already quoted (field and offset), so a second term does not quote the same passage again.
  const quoted: Array<{ field: string; at: number }> = [];
  const near = (field: string, at: number) => quoted.some((q) => q.field === field && Math.abs(q.at - at) < 2 * CONTEXT + 4);
  for (const term of matchedTerms) {
    if (used.size === 2) break;
    if (isGenericTerm(term) || [...term].length < 2) continue;
    const inDemand = snippet(demandText, term);
    const inPatent = termInPatent(patent, term);
    if (!inDemand || !inPatent || near(inPatent.field, inPatent.at) || near('demand', demandText.indexOf(term))) continue;
    used.add(term);
    quoted.push({ field: inPatent.field, at: inPatent.at }, { field: 'demand', at: demandText.indexOf(term) });
    parts.push(`需求"${inDemand}"与专利${inPatent.field}中的"${inPatent.snippet}"匹配`);
  }
  const rest = matchedTerms.filter((t) => !used.has(t) && [...t].length > 1 && !isGenericTerm(t)).slice(0, 4);
  if (rest.length > 0) parts.push(`共同关键词：${rest.join('、')}`);
  parts.push(...reasons.slice(0, MAX_REASONS));
  if (parts.length === 0) return '与需求的相关性较弱。';
  return `${parts.join('；')}。`;
}
