import type { LegalStatus, Patent, Screening, ScreeningComponent } from '@patent-bridge/domain';

/**
 * Transfer-readiness and industrialisation-prospect score, version `screening-1`.
 * Documented in docs/screening.md; change the version whenever a weight or rule changes.
 *
 * Each component scores the patent 0…1 on one signal; its points are value × weight scaled so
 * that the weights sum to 100. A signal that is absent from the record scores a neutral 0.5 and
 * says so, rather than silently dropping out.
 */
export const SCREENING_VERSION = 'screening-1';

export const SCREENING_WEIGHTS = {
  legal_vitality: 25,
  remaining_term: 15,
  patent_type: 10,
  technology_age: 10,
  ipc_breadth: 10,
  claims: 5,
  open_licence: 10,
  chain_fit: 10,
  demand_pull: 5,
} as const;

export type ScreeningSignal = keyof typeof SCREENING_WEIGHTS;

/** How strongly open demands pull on a patent: filled in by the matching service. */
export interface DemandPull {
  openDemands: number;
  /** Best match score among them, 0…1. */
  strongest: number;
}

type ScreenedFields = Pick<Patent, 'legalStatus' | 'type' | 'filingDate' | 'filingYear' | 'expiryDate' | 'ipcCodes' | 'claims' | 'openLicence' | 'chains'>;

const VITALITY: Record<LegalStatus, [number, string]> = {
  granted: [1, '授权有效 granted and in force'],
  pending: [0.5, '审查中 pending: not yet enforceable'],
  unknown: [0.4, '法律状态未知 legal status not known'],
  lapsed: [0.1, '未缴年费终止 lapsed: restorable only within the grace period'],
  expired: [0, '期限届满 term expired'],
  invalidated: [0, '被宣告无效 invalidated'],
  rejected: [0, '被驳回 rejected'],
  withdrawn: [0, '撤回 withdrawn'],
};

/**
 * Scores a patent for transfer readiness. Every component is returned with its value, weight,
 * points and a note, so a user can see why a patent got its grade.
 *
 * @example
 * const s = screenPatent(patent, new Date('2026-01-01'));
 * s.score // 0…100
 * s.grade // 'A' | 'B' | 'C' | 'D'
 * s.components.find((c) => c.name === 'legal_vitality') // { value: 1, weight: 25, points: 25, note: '授权有效 …' }
 */
export function screenPatent(patent: ScreenedFields, today: Date, pull?: DemandPull): Screening {
  const total = Object.values(SCREENING_WEIGHTS).reduce((a, b) => a + b, 0);
  const component = (name: ScreeningSignal, value: number, note: string): ScreeningComponent => {
    const weight = SCREENING_WEIGHTS[name];
    const clamped = Math.min(1, Math.max(0, value));
    return { name, value: round(clamped, 3), weight, points: round((clamped * weight * 100) / total, 2), note };
  };
  const year = today.getUTCFullYear();
  const filingYear = patent.filingYear ?? (patent.filingDate ? Number(patent.filingDate.slice(0, 4)) : undefined);

  const [vitality, vitalityNote] = VITALITY[patent.legalStatus];
  const components: ScreeningComponent[] = [component('legal_vitality', vitality, vitalityNote)];

  if (patent.expiryDate) {
    const yearsLeft = (Date.parse(patent.expiryDate) - today.getTime()) / (365.25 * 86_400_000);
    const term = patent.type === 'invention' ? 20 : 10;
    components.push(component('remaining_term', yearsLeft / term, yearsLeft > 0 ? `剩余保护期 ${yearsLeft.toFixed(1)} 年 of ${term}` : '保护期已届满 term over'));
  } else if (filingYear && patent.type) {
    const term = patent.type === 'invention' ? 20 : 10;
    const yearsLeft = filingYear + term - year;
    components.push(component('remaining_term', yearsLeft / term, `约剩 ${Math.max(0, yearsLeft)} 年 (from filing year ${filingYear})`));
  } else {
    components.push(component('remaining_term', 0.5, '申请日未知 filing date unknown: neutral'));
  }

  const typeValue = patent.type === 'invention' ? 1 : patent.type === 'utility_model' ? 0.6 : patent.type === 'design' ? 0.4 : 0.5;
  components.push(component('patent_type', typeValue, patent.type ? { invention: '发明专利', utility_model: '实用新型', design: '外观设计' }[patent.type] : '类型未知 type unknown: neutral'));

  if (filingYear) {
    const age = Math.max(0, year - filingYear);
    components.push(component('technology_age', 1 - age / 15, `技术年龄 ${age} 年`));
  } else {
    components.push(component('technology_age', 0.5, '申请年份未知 age unknown: neutral'));
  }

  const subclasses = new Set(patent.ipcCodes.map((c) => c.slice(0, 4)));
  const breadth = subclasses.size === 0 ? 0.2 : subclasses.size === 1 ? 0.5 : subclasses.size === 2 ? 0.8 : 1;
  components.push(component('ipc_breadth', breadth, subclasses.size ? `覆盖 ${subclasses.size} 个 IPC 小类 (${[...subclasses].slice(0, 4).join(', ')})` : '无 IPC 分类 no IPC codes'));

  if (patent.claims) {
    const claimCount = Math.max(1, (patent.claims.match(/(?:^|[。；;\s])\d{1,2}[.、．]/g) ?? []).length);
    const value = Math.min(1, 0.4 + patent.claims.length / 2000 + claimCount / 20);
    components.push(component('claims', value, `权利要求 ${claimCount} 项, ${patent.claims.length} 字`));
  } else {
    components.push(component('claims', 0.5, '权利要求未知 claims not known: neutral'));
  }

  const offer = patent.openLicence;
  components.push(
    component(
      'open_licence',
      offer?.declared ? 1 : 0,
      offer?.declared ? `已声明开放许可${offer.feeCny !== undefined ? `, 许可费 ${offer.feeCny} 元` : ''}` : '未声明开放许可 no open-licence offer',
    ),
  );

  components.push(
    component('chain_fit', patent.chains.length ? 1 : 0.3, patent.chains.length ? `属于重点产业链 ${patent.chains.map((c) => c.chain).join(', ')}` : '不属于重点产业链 outside the key chains'),
  );

  components.push(
    pull
      ? component('demand_pull', Math.min(1, pull.openDemands / 5) * 0.5 + pull.strongest * 0.5, `回应 ${pull.openDemands} 项开放需求, 最强匹配 ${pull.strongest.toFixed(2)}`)
      : component('demand_pull', 0, '暂无需求拉动数据 no demand data yet (filled by matching)'),
  );

  const score = round(components.reduce((sum, c) => sum + c.points, 0), 1);
  return { version: SCREENING_VERSION, score, grade: gradeFor(score), components, computedAt: today.toISOString() };
}

/**
 * Letter grade for a score: A ≥ 75, B ≥ 55, C ≥ 35, D below.
 *
 * @example
 * gradeFor(80) // 'A'
 */
export function gradeFor(score: number): Screening['grade'] {
  return score >= 75 ? 'A' : score >= 55 ? 'B' : score >= 35 ? 'C' : 'D';
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
