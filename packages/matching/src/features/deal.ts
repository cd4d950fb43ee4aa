import type { Demand, Organization, Patent } from '@patent-bridge/domain';
import type { MatchingConfig } from '../config.ts';
import type { FeatureValue } from './feature.ts';
import { unit } from './feature.ts';

function wan(cny: number): string {
  return cny >= 10_000 ? `${Number((cny / 10_000).toFixed(1))} 万元` : `${Math.round(cny)} 元`;
}

/**
 * Licence fit: an open-licence offer the demand accepts, its fee against the demand's budget,
 * and whether the licence mode the demand wants is still possible for this patent.
 *
 * @example
 * licenceFeature({ openLicence: { declared: true, feeCny: 20000 }, inventoryState: 'idle' }, { licenceModes: ['open_licence'], budgetCny: { max: 50000 } })
 * // { value: 1, reason: '专利开放许可，许可费 2 万元低于预算 5 万元' }
 */
export function licenceFeature(
  patent: Pick<Patent, 'openLicence' | 'inventoryState' | 'licenseCount'>,
  demand: Pick<Demand, 'licenceModes' | 'budgetCny'>,
): FeatureValue {
  const parts: number[] = [];
  const reasons: string[] = [];
  const modes = demand.licenceModes;
  const open = patent.openLicence?.declared === true;
  if (open) {
    const accepted = modes.length === 0 || modes.includes('open_licence') || modes.includes('non_exclusive');
    parts.push(accepted ? 1 : 0.6);
    reasons.push('专利开放许可');
  } else {
    parts.push(modes.length > 0 && modes.every((m) => m === 'open_licence') ? 0.2 : 0.5);
  }
  const fee = patent.openLicence?.feeCny;
  const budget = demand.budgetCny?.max;
  if (fee !== undefined && budget !== undefined) {
    parts.push(fee <= budget ? 1 : unit(budget / fee));
    reasons.push(fee <= budget ? `许可费 ${wan(fee)}低于预算 ${wan(budget)}` : `许可费 ${wan(fee)}高于预算 ${wan(budget)}`);
  }
  const wantsExclusive = modes.length > 0 && modes.every((m) => m === 'assignment' || m === 'exclusive');
  if (patent.inventoryState === 'transferred') {
    parts.push(0.1);
    reasons.push('注意：专利已转让');
  } else if (wantsExclusive && (patent.inventoryState === 'licensed' || (patent.licenseCount ?? 0) > 0)) {
    parts.push(0.3);
    reasons.push('注意：专利已有许可，独占或转让需与权利人确认');
  }
  const value = parts.reduce((a, b) => a + b, 0) / parts.length;
  return reasons.length ? { value, reason: reasons.join('，') } : { value };
}

/**
 * Region proximity between the demand and the patent's owners, as configured: same city, same
 * province, one of the programme's preferred provinces, or elsewhere.
 *
 * @example
 * regionFeature({ province: '山东', city: '济南' }, [{ name: '山东大学', region: { province: '山东', city: '济南' } }], config)
 * // { value: 1, reason: '权利人同在济南' }
 */
export function regionFeature(
  demandRegion: Demand['region'],
  owners: ReadonlyArray<Pick<Organization, 'name' | 'region'>>,
  config: MatchingConfig,
): FeatureValue {
  const r = config.region;
  const known = owners.filter((o) => o.region.province || o.region.city);
  if (known.length === 0 || (!demandRegion.province && !demandRegion.city)) return { value: r.unknown };
  if (demandRegion.city && known.some((o) => o.region.city === demandRegion.city)) return { value: r.sameCity, reason: `权利人同在${demandRegion.city}` };
  if (demandRegion.province && known.some((o) => o.region.province === demandRegion.province)) return { value: r.sameProvince, reason: `权利人同在${demandRegion.province}省内` };
  const preferred = known.find((o) => o.region.province && r.preferredProvinces.includes(o.region.province));
  if (preferred) return { value: r.preferredProvince, reason: `权利人位于${preferred.region.province}` };
  return { value: r.elsewhere };
}
