import { termYears, type Organization, type Patent } from '@patent-bridge/domain';
import type { MatchingConfig } from '../config.ts';
import type { FeatureValue } from './feature.ts';
import { unit } from './feature.ts';

const DEAD = new Set(['lapsed', 'expired', 'invalidated', 'rejected', 'withdrawn']);
const STATUS_ZH: Record<string, string> = { lapsed: '已失效', expired: '已届满', invalidated: '已被宣告无效', rejected: '已被驳回', withdrawn: '已撤回' };

/** Years of protection left, from the expiry date or the filing date and statutory term. */
export function remainingYears(patent: Pick<Patent, 'expiryDate' | 'filingDate' | 'type'>, today: Date): number | undefined {
  let expiry = patent.expiryDate;
  if (!expiry && patent.filingDate && patent.type) {
    const filed = new Date(`${patent.filingDate}T00:00:00Z`);
    filed.setUTCFullYear(filed.getUTCFullYear() + termYears(patent.type, patent.filingDate));
    expiry = filed.toISOString().slice(0, 10);
  }
  if (!expiry) return undefined;
  return (Date.parse(`${expiry}T00:00:00Z`) - today.getTime()) / (365.25 * 24 * 3600 * 1000);
}

/**
 * Legal-status vitality and remaining term: a granted patent with ten or more years left is 1,
 * a pending application 0.4, a dead one 0.
 *
 * @example
 * vitalityFeature({ legalStatus: 'granted', type: 'invention', filingDate: '2020-03-01' }, new Date('2026-11-21'))
 * // { value: 1, reason: '专利有效，剩余保护期约 13 年' }
 */
export function vitalityFeature(patent: Pick<Patent, 'legalStatus' | 'expiryDate' | 'filingDate' | 'type'>, today: Date): FeatureValue {
  if (DEAD.has(patent.legalStatus)) return { value: 0, reason: `注意：专利${STATUS_ZH[patent.legalStatus]}` };
  const years = remainingYears(patent, today);
  if (years !== undefined && years <= 0) return { value: 0, reason: '注意：专利保护期已届满' };
  if (patent.legalStatus === 'pending') return { value: 0.4, reason: '专利申请尚在审查中' };
  if (patent.legalStatus !== 'granted') return { value: 0.3 };
  if (years === undefined) return { value: 0.7, reason: '专利有效' };
  return { value: 0.5 + 0.5 * unit(years / 10), reason: `专利有效，剩余保护期约 ${Math.max(1, Math.round(years))} 年` };
}

/**
 * Owner kind: university and institute stock can be preferred over other owners (configurable).
 *
 * @example
 * ownerKindFeature([{ kind: 'university', name: '山东大学' }], config) // { value: 1, reason: '权利人为高校（山东大学）' }
 */
export function ownerKindFeature(owners: ReadonlyArray<Pick<Organization, 'kind' | 'name'>>, config: MatchingConfig): FeatureValue {
  if (owners.length === 0) return { value: config.ownerKind.unknown ?? 0.5 };
  let best = owners[0]!;
  for (const owner of owners) if ((config.ownerKind[owner.kind] ?? 0) > (config.ownerKind[best.kind] ?? 0)) best = owner;
  const value = config.ownerKind[best.kind] ?? config.ownerKind.unknown ?? 0.5;
  const kind = best.kind === 'university' ? '高校' : best.kind === 'research_institute' ? '科研院所' : undefined;
  return kind ? { value, reason: `权利人为${kind}（${best.name}）` } : { value };
}

/**
 * The screening score, without its demand-pull part: demand pull is computed from matches, so
 * counting it here would feed matches back into themselves.
 *
 * @example
 * screeningFeature(patent.screening) // { value: 0.72 }
 */
export function screeningFeature(screening: Patent['screening']): FeatureValue {
  if (!screening) return { value: 0.5 };
  const pull = screening.components.find((c) => c.name === 'demand_pull');
  const value = unit((screening.score - (pull?.points ?? 0)) / (100 - (pull?.weight ?? 0)));
  return value >= 0.7 ? { value, reason: `筛选评级 ${screening.grade}` } : { value };
}
