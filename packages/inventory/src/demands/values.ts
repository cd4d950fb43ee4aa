/**
 * Parsers for the cells of an SME demand sheet. Each returns the value or throws a
 * {@link ValueError} whose message says what was wrong and what was expected. Cells are
 * read in either script: labels are compared in Simplified form.
 */
import { inferRegion, type ChainCatalogue, type LicenceMode, type Maturity, type Visibility } from '@patent-bridge/domain';
import { normalizeText, toSimplified } from '@patent-bridge/text';
import { ValueError, parseDate, parseMoney } from '../import/values.ts';

/** A label as it is looked up: display-normalised, Simplified, lower case, without spaces, hyphens or underscores. */
function labelKey(raw: string): string {
  return toSimplified(normalizeText(raw)).toLowerCase().replace(/[\s_\-]+/g, '');
}

const LIST_SEPARATORS = /[，,;；、|/\n\s]+/;

/**
 * Splits a keyword cell on Chinese and ASCII commas and semicolons, 、, | and spaces; repeats are dropped.
 *
 * @example
 * splitKeywords('杀青，滚筒杀青机、温度控制 绿茶加工;杀青') // ['杀青', '滚筒杀青机', '温度控制', '绿茶加工']
 */
export function splitKeywords(raw: string | undefined): string[] {
  if (!raw) return [];
  const seen = new Set<string>();
  for (const part of normalizeText(raw).split(LIST_SEPARATORS)) if (part) seen.add(part);
  return [...seen];
}

/**
 * Resolves a list cell against a label table: the whole cell first (so `open licence` or a name
 * with spaces is one label), otherwise each part on its own. Unknown parts are one error.
 */
function resolveLabels<T>(raw: string, table: ReadonlyMap<string, T | null>, what: string, accepted: string): T[] {
  const whole = table.get(labelKey(raw));
  if (whole !== undefined) return whole === null ? [] : [whole];
  const values: T[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(LIST_SEPARATORS)) {
    if (!part.trim()) continue;
    const value = table.get(labelKey(part));
    if (value === undefined) unknown.push(part.trim());
    else if (value !== null && !values.includes(value)) values.push(value);
  }
  if (unknown.length) {
    throw new ValueError(`${unknown.map((u) => `"${u}"`).join(', ')} ${unknown.length === 1 ? `is not ${what}` : `are not ${what}s`} (${accepted})`);
  }
  return values;
}

function labelTable<T>(entries: Record<string, T | null>): ReadonlyMap<string, T | null> {
  return new Map(Object.entries(entries).map(([label, value]) => [labelKey(label), value]));
}

const LICENCE_LABELS = labelTable<LicenceMode>({
  转让: 'assignment', 专利转让: 'assignment', 技术转让: 'assignment', 专利权转让: 'assignment', 买断: 'assignment', assignment: 'assignment', transfer: 'assignment',
  独占: 'exclusive', 独占许可: 'exclusive', 独占实施许可: 'exclusive', exclusive: 'exclusive', 'exclusive licence': 'exclusive', 'exclusive license': 'exclusive',
  排他: 'sole', 排他许可: 'sole', 排他实施许可: 'sole', sole: 'sole', 'sole licence': 'sole', 'sole license': 'sole',
  普通: 'non_exclusive', 普通许可: 'non_exclusive', 普通实施许可: 'non_exclusive', 一般许可: 'non_exclusive', non_exclusive: 'non_exclusive', nonexclusive: 'non_exclusive',
  'non-exclusive licence': 'non_exclusive', 'non-exclusive license': 'non_exclusive',
  开放许可: 'open_licence', 专利开放许可: 'open_licence', open_licence: 'open_licence', 'open licence': 'open_licence', 'open license': 'open_licence',
  不限: null, 均可: null, 皆可: null, 面议: null, any: null,
});

/**
 * Reads the licence modes an SME accepts. 不限/均可/面议 mean no preference (an empty list).
 *
 * @example
 * parseLicenceModes('普通许可、開放許可')     // ['non_exclusive', 'open_licence']
 * parseLicenceModes('转让;独占')             // ['assignment', 'exclusive']
 * parseLicenceModes('许可')                  // throws ValueError: "许可" is not a licence mode (…)
 */
export function parseLicenceModes(raw: string): LicenceMode[] {
  return resolveLabels(raw, LICENCE_LABELS, 'a licence mode', '转让, 独占, 排他, 普通, 开放许可, or assignment, exclusive, sole, non_exclusive, open_licence; 不限 for any');
}

const MATURITY_LABELS = labelTable<Maturity>({
  概念: 'concept', 构想: 'concept', 创意: 'concept', 概念阶段: 'concept', 理论研究: 'concept', concept: 'concept', idea: 'concept',
  实验室: 'lab', 实验室阶段: 'lab', 小试: 'lab', 小试阶段: 'lab', 研发阶段: 'lab', 实验阶段: 'lab', lab: 'lab', laboratory: 'lab',
  样机: 'prototype', 样品: 'prototype', 原型: 'prototype', 样机阶段: 'prototype', 原理样机: 'prototype', prototype: 'prototype',
  中试: 'pilot', 中试阶段: 'pilot', 试生产: 'pilot', 小批量: 'pilot', 小批量试产: 'pilot', pilot: 'pilot',
  量产: 'production', 已量产: 'production', 可量产: 'production', 产业化: 'production', 规模化生产: 'production', 批量生产: 'production',
  成熟: 'production', 成熟技术: 'production', 成熟应用: 'production', production: 'production', 'mass production': 'production',
});

const TRL_MATURITY: readonly Maturity[] = ['concept', 'concept', 'lab', 'lab', 'prototype', 'prototype', 'pilot', 'production', 'production'];

/**
 * Reads the technology maturity a demand needs: a stage name, or a technology readiness level 1–9.
 *
 * @example
 * parseMaturity('中试')   // 'pilot'
 * parseMaturity('產業化') // 'production'
 * parseMaturity('TRL 6')  // 'prototype'
 */
export function parseMaturity(raw: string): Maturity {
  const key = labelKey(raw);
  const named = MATURITY_LABELS.get(key);
  if (named) return named;
  const trl = /^(?:trl)?([1-9])(?:级)?$/.exec(key);
  if (trl) return TRL_MATURITY[Number(trl[1]) - 1]!;
  throw new ValueError(`"${raw}" is not a technology maturity (概念, 实验室/小试, 样机, 中试, 量产/产业化, a TRL 1–9, or concept, lab, prototype, pilot, production)`);
}

const VISIBILITY_LABELS = labelTable<Visibility>({
  公开: 'public', 对外公开: 'public', 全部公开: 'public', 是: 'public', public: 'public', yes: 'public', true: 'public',
  私有: 'private', 私密: 'private', 不公开: 'private', 非公开: 'private', 保密: 'private', 仅本企业可见: 'private', 否: 'private', private: 'private', no: 'private', false: 'private',
});

/**
 * Reads who may see a demand.
 *
 * @example
 * parseVisibility('公開') // 'public'
 * parseVisibility('私有') // 'private'
 */
export function parseVisibility(raw: string): Visibility {
  const visibility = VISIBILITY_LABELS.get(labelKey(raw));
  if (!visibility) throw new ValueError(`"${raw}" is not a visibility (公开 or 私有, public or private)`);
  return visibility;
}

/**
 * Reads a GB/T 4754 industry group (中类, three digits). A section letter and a trailing name are
 * allowed; a four-digit class (小类) gives its group.
 *
 * @example
 * parseIndustryCode('153')          // '153'
 * parseIndustryCode('C1530 精制茶加工') // '153'
 * parseIndustryCode('17')           // throws ValueError (a division, or a group whose leading 0 was lost)
 */
export function parseIndustryCode(raw: string): string {
  const text = normalizeText(raw);
  const m = /^(?:[A-T]\s*)?(\d+)(?:\s*[^\d\s].*)?$/i.exec(text);
  const digits = m?.[1];
  if (digits?.length === 3) return digits;
  if (digits?.length === 4) return digits.slice(0, 3);
  if (digits?.length === 2) {
    throw new ValueError(`"${raw}" has 2 digits: a GB/T 4754 division (大类), or a group whose leading 0 the spreadsheet dropped; give the 3-digit group (中类, e.g. 017 or 153) and format the column as text`);
  }
  throw new ValueError(`"${raw}" is not a GB/T 4754 industry code (3 digits, e.g. 153 or C153)`);
}

const NEGOTIABLE = new Set(['面议', '待定', '不限', '协商', '议价', 'negotiable']);

/**
 * Reads a budget bound in CNY: `50万`, `50万元`, `500000`, `500,000元`. Under a 万元 column
 * (`unit: 'wan'`) a plain number is in 万元. 面议/待定/不限 mean no bound (undefined).
 *
 * @example
 * parseBudget('50万', 'cny')  // 500000
 * parseBudget('50', 'wan')    // 500000
 * parseBudget('面议', 'cny')   // undefined
 */
export function parseBudget(raw: string, unit: 'cny' | 'wan'): number | undefined {
  const text = toSimplified(normalizeText(raw)).replace(/[,，\s]/g, '');
  if (NEGOTIABLE.has(text.toLowerCase())) return undefined;
  try {
    return parseMoney(unit === 'wan' && /^\d+(?:\.\d+)?$/.test(text) ? `${text}万` : text);
  } catch {
    throw new ValueError(`"${raw}" is not an amount in CNY (e.g. 500000, 50万 or 50万元${unit === 'wan' ? '; plain numbers in this column are 万元' : ''}; 面议 for none)`);
  }
}

/**
 * Reads a deadline: any date format patents accept, up to ten years ahead.
 *
 * @example
 * parseDeadline('2027年6月30日', new Date('2026-11-21')) // '2027-06-30'
 */
export function parseDeadline(raw: string, today: Date): string {
  return parseDate(raw, new Date(Date.UTC(today.getUTCFullYear() + 9, 0, 1)));
}

/**
 * Reads a province-level region: 山东, 山东省, 北京市, 广西壮族自治区, 香港特别行政区 become the short name.
 *
 * @example
 * parseProvince('山東省') // '山东'
 */
export function parseProvince(raw: string): string {
  const text = toSimplified(normalizeText(raw));
  const province = inferRegion(text).province;
  if (province && text.startsWith(province)) return province;
  throw new ValueError(`"${raw}" is not a province-level region of China (e.g. 山东, 山东省, 北京市, 广西壮族自治区)`);
}

/**
 * Reads a city name without its 市, and the province it is in when the city is a well-known one.
 *
 * @example
 * parseCity('濟南市') // { city: '济南', province: '山东' }
 * parseCity('临沂')   // { city: '临沂' }
 */
export function parseCity(raw: string): { city: string; province?: string } {
  const text = toSimplified(normalizeText(raw));
  const city = text.length > 1 ? text.replace(/市$/, '') : text;
  if (/\d/.test(city) || city.length > 30) throw new ValueError(`"${raw}" is not a city name (e.g. 济南 or 济南市)`);
  const region = inferRegion(city);
  return region.city === city && region.province ? { city, province: region.province } : { city };
}

/**
 * Makes a reader of chain cells for a catalogue: chain ids, Chinese chain names, and the parts of a
 * name joined by 与/和/及 (`智能制造`, `高端装备`) when only one chain has that part; an `产业链`
 * suffix is ignored.
 *
 * @example
 * const readChains = chainReader(defaultChainCatalogue());
 * readChains('智能制造与高端装备，生物医药产业链') // ['intelligent-manufacturing', 'biomedicine']
 * readChains('new-materials')                   // ['new-materials']
 */
export function chainReader(catalogue: ChainCatalogue): (raw: string) => string[] {
  const table = new Map<string, string | null>();
  const parts = new Map<string, Set<string>>();
  for (const chain of catalogue.chains) {
    table.set(labelKey(chain.id), chain.id);
    table.set(labelKey(chain.name), chain.id);
    table.set(labelKey(chain.nameEn), chain.id);
    for (const part of chain.name.split(/[与和及]/)) {
      if (part.length < 2) continue;
      const key = labelKey(part);
      parts.set(key, (parts.get(key) ?? new Set()).add(chain.id));
    }
  }
  for (const [key, ids] of parts) if (ids.size === 1 && !table.has(key)) table.set(key, [...ids][0]!);
  for (const [key, id] of [...table]) if (!table.has(`${key}产业链`)) table.set(`${key}产业链`, id);
  const accepted = catalogue.chains.map((c) => `${c.name} (${c.id})`).join(', ');
  return (raw) => resolveLabels(raw, table, 'a chain of the catalogue', accepted);
}
