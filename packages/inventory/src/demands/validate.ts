import { DemandInput, type ChainCatalogue, type Region } from '@patent-bridge/domain';
import { detectScript, normalizeText, toSimplified } from '@patent-bridge/text';
import { ValueError } from '../import/values.ts';
import type { RawRecord, ReadError } from '../read/index.ts';
import type { DemandContent, DemandDraft } from './draft.ts';
import type { DemandField } from './fields.ts';
import { chainReader, parseBudget, parseCity, parseDeadline, parseIndustryCode, parseLicenceModes, parseMaturity, parseProvince, parseVisibility, splitKeywords } from './values.ts';

export interface DemandValidationContext {
  /** Today, for the plausible range of deadlines. */
  today: Date;
  /** Source name used when the record does not carry its own (`upload:demands.csv`). */
  source: string;
  /** The chains a row may name. */
  catalogue: ChainCatalogue;
}

export type DemandValidationResult = { ok: true; draft: DemandDraft } | { ok: false; errors: ReadError[] };

const MAX_ENTERPRISE = 200;
const MAX_TITLE = 200;
const MAX_DESCRIPTION = 10_000;
const MAX_EXTERNAL_ID = 100;
const MAX_KEYWORDS = 50;
const MAX_KEYWORD = 50;

/** The demand field an issue of `DemandInput` is about, for the few rules only the schema checks. */
const SCHEMA_FIELDS: Record<string, DemandField> = {
  'region.province': 'province',
  'region.city': 'city',
  'region.code': 'regionCode',
  budgetCny: 'budgetMax',
  'budgetCny.min': 'budgetMin',
  'budgetCny.max': 'budgetMax',
};

const readersByCatalogue = new WeakMap<ChainCatalogue, (raw: string) => string[]>();

/**
 * Turns one row of a demand sheet into a demand draft, or says precisely what is wrong with it (one
 * error per bad field, with the row's line). Traditional Chinese is converted to Simplified and the
 * row's own text kept in `original`.
 *
 * @example
 * validateDemandRecord({ line: 2, fields: { enterprise: '泉城茶厂', title: '杀青机控温', budgetMin: '5万' } }, ctx)
 * // { ok: true, draft: { enterprise: '泉城茶厂', content: { title: '杀青机控温', budgetCny: { min: 50000 } }, … } }
 * validateDemandRecord({ line: 3, fields: { title: '杀青机控温' } }, ctx)
 * // { ok: false, errors: [{ line: 3, field: 'enterprise', message: 'the enterprise (企业名称) is missing' }] }
 */
export function validateDemandRecord(record: RawRecord<DemandField>, ctx: DemandValidationContext): DemandValidationResult {
  const errors: ReadError[] = [];
  const f = record.fields;
  const fail = (field: DemandField, message: string) => errors.push({ line: record.line, field, message });
  const attempt = <T>(field: DemandField, parse: (raw: string) => T): T | undefined => {
    const raw = f[field];
    if (raw === undefined || raw.trim() === '') return undefined;
    try {
      return parse(raw);
    } catch (error) {
      if (!(error instanceof ValueError)) throw error;
      fail(field, error.message);
      return undefined;
    }
  };

  const rawEnterprise = normalizeText(f.enterprise ?? '');
  const enterprise = toSimplified(rawEnterprise);
  if (!enterprise) fail('enterprise', 'the enterprise (企业名称) is missing');
  else if (enterprise.length > MAX_ENTERPRISE) fail('enterprise', `the enterprise name is ${enterprise.length} characters; at most ${MAX_ENTERPRISE}`);

  const externalId = f.externalId ? normalizeText(f.externalId) : undefined;
  if (externalId && externalId.length > MAX_EXTERNAL_ID) fail('externalId', `the demand number is ${externalId.length} characters; at most ${MAX_EXTERNAL_ID}`);

  const rawTitle = normalizeText(f.title ?? '');
  const rawDescription = f.description ? normalizeText(f.description) : undefined;
  const rawKeywords = splitKeywords(f.keywords);
  const script = detectScript(`${rawTitle}${rawDescription ?? ''}`);
  const simplify = (text: string) => (script === 'traditional' ? toSimplified(text) : text);
  const title = simplify(rawTitle);
  if (!title) fail('title', 'the title (需求名称) is missing');
  else if (title.length > MAX_TITLE) fail('title', `the title is ${title.length} characters; at most ${MAX_TITLE}`);
  const description = rawDescription && simplify(rawDescription);
  if (description && description.length > MAX_DESCRIPTION) fail('description', `the description is ${description.length} characters; at most ${MAX_DESCRIPTION}`);
  const keywords = [...new Set(rawKeywords.map(simplify))];
  const longKeyword = keywords.find((k) => k.length > MAX_KEYWORD);
  if (keywords.length > MAX_KEYWORDS) fail('keywords', `${keywords.length} keywords; at most ${MAX_KEYWORDS}`);
  else if (longKeyword) fail('keywords', `keyword "${longKeyword.slice(0, 20)}…" is ${longKeyword.length} characters; at most ${MAX_KEYWORD} (separate keywords with ， ; 、 or spaces)`);

  const industryCode = attempt('industryCode', parseIndustryCode);
  let readChains = readersByCatalogue.get(ctx.catalogue);
  if (!readChains) readersByCatalogue.set(ctx.catalogue, (readChains = chainReader(ctx.catalogue)));
  const chains = attempt('chains', readChains);
  const region = readRegion(f, attempt, fail);
  const budgetCny = readBudget(f, attempt, fail);
  const licenceModes = attempt('licenceModes', parseLicenceModes);
  const maturity = attempt('maturity', parseMaturity);
  const deadline = attempt('deadline', (raw) => parseDeadline(raw, ctx.today));
  const visibility = attempt('visibility', parseVisibility);

  if (errors.length) return { ok: false, errors };

  const content: DemandContent = { title };
  const optional: Omit<DemandContent, 'title'> = { description, keywords: keywords.length ? keywords : undefined, industryCode, chains: chains?.length ? chains : undefined, region, budgetCny, licenceModes, maturity, deadline, visibility };
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (content as Record<string, unknown>)[key] = value;

  // The schema has the last word (lengths, ranges): whatever it still rejects is this row's error.
  const checked = DemandInput.safeParse({ enterpriseId: 'org_check', ...content });
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const path = issue.path.join('.');
      fail(SCHEMA_FIELDS[path] ?? ((path.split('.')[0] || 'row') as DemandField), `${path || 'the row'}: ${issue.message}`);
    }
    return { ok: false, errors };
  }

  const draft: DemandDraft = { line: record.line, source: record.source ?? ctx.source, enterprise, content, script };
  if (externalId) draft.externalId = externalId;
  const original: NonNullable<DemandDraft['original']> = {};
  if (enterprise !== rawEnterprise) original.enterprise = rawEnterprise;
  if (script === 'traditional') {
    original.title = rawTitle;
    if (rawDescription) original.description = rawDescription;
    if (rawKeywords.length && rawKeywords.join() !== keywords.join()) original.keywords = rawKeywords;
  }
  if (Object.keys(original).length) draft.original = original;
  return { ok: true, draft };
}

type Attempt = <T>(field: DemandField, parse: (raw: string) => T) => T | undefined;

/** Province, city and code are one region: a city the catalogue of well-known cities places elsewhere is an error. */
function readRegion(f: RawRecord<DemandField>['fields'], attempt: Attempt, fail: (field: DemandField, message: string) => void): Region | undefined {
  const province = attempt('province', parseProvince);
  const city = attempt('city', parseCity);
  const code = attempt('regionCode', (raw) => {
    const text = normalizeText(raw);
    if (!/^\d{6}$/.test(text)) throw new ValueError(`"${raw}" is not an administrative division code (6 digits, e.g. 370112)`);
    return text;
  });
  if (province && city?.province && city.province !== province) {
    fail('city', `${city.city} is in ${city.province}, not in ${province} (${f.province})`);
    return undefined;
  }
  const region: Region = {};
  if (province ?? city?.province) region.province = (province ?? city?.province)!;
  if (city) region.city = city.city;
  if (code) region.code = code;
  return Object.keys(region).length ? region : undefined;
}

/** A bound may come from a 元 column or a 万元 column, never from both. */
function readBudget(f: RawRecord<DemandField>['fields'], attempt: Attempt, fail: (field: DemandField, message: string) => void): DemandContent['budgetCny'] {
  for (const [plain, wan] of [['budgetMin', 'budgetMinWan'], ['budgetMax', 'budgetMaxWan']] as const) {
    if (f[plain]?.trim() && f[wan]?.trim()) fail(wan, `the row gives both ${plain} (${f[plain]}) and ${wan} (${f[wan]}); keep one column`);
  }
  const min = attempt('budgetMin', (raw) => parseBudget(raw, 'cny')) ?? attempt('budgetMinWan', (raw) => parseBudget(raw, 'wan'));
  const max = attempt('budgetMax', (raw) => parseBudget(raw, 'cny')) ?? attempt('budgetMaxWan', (raw) => parseBudget(raw, 'wan'));
  if (min !== undefined && max !== undefined && min > max) {
    fail(f.budgetMax?.trim() ? 'budgetMax' : 'budgetMaxWan', `the budget maximum ${max} CNY is below the minimum ${min} CNY`);
  }
  if (min === undefined && max === undefined) return undefined;
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}
