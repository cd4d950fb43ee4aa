import {
  InventoryState,
  LegalStatus,
  PatentNumberError,
  applicationYear,
  normalizeApplicationNumber,
  normalizePublicationNumber,
  parseIpcList,
  parseLegalStatus,
  parsePatentType,
  termYears,
  typeFromApplicationNumber,
  typeFromPublicationKind,
  type OpenLicenceOffer,
  type PatentType,
  type PaymentMode,
} from '@patent-bridge/domain';
import { detectScript, normalizeText, toSimplified } from '@patent-bridge/text';
import type { RawRecord, ReadError } from '../read/record.ts';
import type { PatentDraft } from './draft.ts';
import { ValueError, parseCount, parseDate, parseMoney, parseYesNo, splitList } from './values.ts';

export interface ValidationContext {
  /** Today, for date plausibility and expiry. */
  today: Date;
  /** Source name used when the record does not carry its own (`upload:stock.csv`, `dataset:…`). */
  source: string;
}

export type ValidationResult = { ok: true; draft: PatentDraft } | { ok: false; errors: ReadError[] };

const MAX_TITLE = 500;
const MAX_TEXT = 100_000;

const INVENTORY_LABELS: Record<string, InventoryState> = {
  闲置: 'idle', 未实施: 'idle', idle: 'idle',
  已实施: 'implemented', 实施: 'implemented', 自行实施: 'implemented', implemented: 'implemented',
  已许可: 'licensed', 许可: 'licensed', licensed: 'licensed',
  已转让: 'transferred', 转让: 'transferred', transferred: 'transferred',
  放弃: 'abandoned', 已放弃: 'abandoned', abandoned: 'abandoned',
};

const PAYMENT_LABELS: Record<string, PaymentMode> = {
  一次性: 'lump_sum', 一次性支付: 'lump_sum', 一次总付: 'lump_sum', lump_sum: 'lump_sum',
  年费: 'annual', 按年: 'annual', 按年支付: 'annual', annual: 'annual',
  提成: 'royalty', 按销售额提成: 'royalty', royalty: 'royalty',
  入门费加提成: 'lump_sum_plus_royalty', '入门费+提成': 'lump_sum_plus_royalty', lump_sum_plus_royalty: 'lump_sum_plus_royalty',
  免费: 'free', free: 'free',
};

const DEAD_STATUSES = new Set<LegalStatus>(['lapsed', 'expired', 'invalidated', 'rejected', 'withdrawn']);

/**
 * Turns one raw record into a patent draft, or says precisely what is wrong with it
 * (one error per bad field, with the record's line).
 *
 * @example
 * validateRecord({ line: 2, fields: { applicationNumber: 'ZL 201010110545.X', title: '一种…' } }, ctx)
 * // { ok: true, draft: { applicationNumber: 'CN201010110545.X', type: 'invention', … } }
 * validateRecord({ line: 3, fields: { title: '' } }, ctx)
 * // { ok: false, errors: [{ line: 3, field: 'title', message: 'title is missing' }, …] }
 */
export function validateRecord(record: RawRecord, ctx: ValidationContext): ValidationResult {
  const errors: ReadError[] = [];
  const f = record.fields;
  const fail = (field: string, message: string) => errors.push({ line: record.line, field, message });
  const attempt = <T>(field: string, raw: string | undefined, parse: (raw: string) => T): T | undefined => {
    if (raw === undefined || raw.trim() === '') return undefined;
    try {
      return parse(raw);
    } catch (error) {
      if (error instanceof ValueError || error instanceof PatentNumberError) {
        fail(field, error.message);
        return undefined;
      }
      throw error;
    }
  };

  const applicationNumber = attempt('applicationNumber', f.applicationNumber, normalizeApplicationNumber);
  const publications = splitList(f.publicationNumber).flatMap((n) => attempt('publicationNumber', n, normalizePublicationNumber) ?? []);
  const grantPublication = attempt('grantPublicationNumber', f.grantPublicationNumber, normalizePublicationNumber);
  const sourceId = f.sourceId?.trim() ? `src:${sourceNamespace(record.source ?? ctx.source, f.owners || f.applicants)}:${f.sourceId.trim()}` : undefined;
  if (!applicationNumber && publications.length === 0 && !grantPublication && !sourceId && !errors.some((e) => /Number$/.test(e.field))) {
    fail('applicationNumber', 'the record has no application number, publication number or source id to identify the patent');
  }

  const rawTitle = normalizeText(f.title ?? '');
  if (!rawTitle) fail('title', 'title is missing');
  else if (rawTitle.length > MAX_TITLE) fail('title', `title is ${rawTitle.length} characters; at most ${MAX_TITLE}`);
  const rawAbstract = f.abstract ? normalizeText(f.abstract) : undefined;
  const rawClaims = f.claims ? normalizeText(f.claims) : undefined;
  for (const [field, text] of [['abstract', rawAbstract], ['claims', rawClaims]] as const) {
    if (text && text.length > MAX_TEXT) fail(field, `${field} is ${text.length} characters; at most ${MAX_TEXT}`);
  }

  const { codes: ipcCodes, invalid } = parseIpcList(f.ipcCodes, f.mainIpc);
  if (invalid.length) fail(f.mainIpc && invalid.includes(f.mainIpc.trim()) ? 'mainIpc' : 'ipcCodes', `${invalid.map((c) => `"${c}"`).join(', ')} ${invalid.length === 1 ? 'is not an IPC code' : 'are not IPC codes'} (expected e.g. A23F 3/06)`);

  const parseDay = (raw: string) => parseDate(raw, ctx.today);
  const filingDate = attempt('filingDate', f.filingDate, parseDay);
  const publicationDate = attempt('publicationDate', f.publicationDate, parseDay);
  const grantDate = attempt('grantDate', f.grantDate, parseDay);
  const legalStatusAsOf = attempt('legalStatusDate', f.legalStatusDate, parseDay);
  if (filingDate && grantDate && grantDate < filingDate) fail('grantDate', `grant date ${grantDate} is before the filing date ${filingDate}`);
  if (filingDate && applicationNumber) {
    const year = applicationYear(applicationNumber);
    if (Number(filingDate.slice(0, 4)) !== year) fail('filingDate', `filing date ${filingDate} is not in ${year}, the year the application number ${applicationNumber} was filed`);
  }

  const typeFromNumber = applicationNumber
    ? typeFromApplicationNumber(applicationNumber)
    : typeFromPublicationKind(grantPublication?.kind ?? publications[0]?.kind ?? '');
  let type: PatentType | undefined = typeFromNumber;
  if (f.patentType?.trim()) {
    const labelled = parsePatentType(f.patentType);
    if (!labelled) fail('patentType', `"${f.patentType}" is not a patent type (发明, 实用新型 or 外观设计)`);
    else if (typeFromNumber && labelled !== typeFromNumber && applicationNumber) fail('patentType', `"${f.patentType}" contradicts application number ${applicationNumber}, which is a ${typeFromNumber.replace('_', ' ')}`);
    else type = labelled;
  }

  let legalStatus: LegalStatus | undefined;
  if (f.legalStatus?.trim()) legalStatus = parseLegalStatus(f.legalStatus) ?? 'unknown';
  else if (grantPublication || grantDate || publications.some((p) => /^[BCUYSD]/.test(p.kind))) legalStatus = 'granted';
  else if (publications.some((p) => p.kind.startsWith('A'))) legalStatus = 'pending';

  const filingYear = filingDate ? Number(filingDate.slice(0, 4)) : applicationNumber ? applicationYear(applicationNumber) : undefined;
  let expiryDate: string | undefined;
  if (type && filingDate) {
    const end = new Date(`${filingDate}T00:00:00Z`);
    end.setUTCFullYear(end.getUTCFullYear() + termYears(type, filingDate));
    end.setUTCDate(end.getUTCDate() - 1);
    expiryDate = end.toISOString().slice(0, 10);
  }
  const todayIso = ctx.today.toISOString().slice(0, 10);
  const termOver = expiryDate ? expiryDate < todayIso : type && filingYear ? filingYear + termYears(type, undefined) < ctx.today.getUTCFullYear() : false;
  if (termOver && (legalStatus === undefined || legalStatus === 'granted' || legalStatus === 'unknown' || legalStatus === 'pending')) legalStatus = 'expired';

  const transferCount = attempt('transferCount', f.transferCount, parseCount);
  const licenseCount = attempt('licenseCount', f.licenseCount, parseCount);
  let inventoryState = attempt('inventoryState', f.inventoryState, (raw) => {
    const state = INVENTORY_LABELS[raw.trim().toLowerCase()];
    if (!state) throw new ValueError(`"${raw}" is not an inventory state (idle/闲置, implemented/已实施, licensed/已许可, transferred/已转让, abandoned/放弃)`);
    return state;
  });
  if (!inventoryState) {
    if (legalStatus && DEAD_STATUSES.has(legalStatus)) inventoryState = 'abandoned';
    else if (transferCount) inventoryState = 'transferred';
    else if (licenseCount) inventoryState = 'licensed';
  }

  const openLicence = readOpenLicence(f, attempt);

  if (errors.length) return { ok: false, errors };

  const script = detectScript(`${rawTitle}${rawAbstract ?? ''}`);
  const draft: PatentDraft = {
    line: record.line,
    source: record.source ?? ctx.source,
    publicationNumbers: publications.map((p) => p.canonical),
    title: script === 'traditional' ? toSimplified(rawTitle) : rawTitle,
    script,
    ipcCodes,
    applicants: splitList(f.applicants).map((n) => (script === 'traditional' ? toSimplified(n) : n)),
    owners: splitList(f.owners).map((n) => (script === 'traditional' ? toSimplified(n) : n)),
    inventors: splitList(f.inventors),
    attributes: { ...(record.extra ?? {}) },
  };
  const optional: Partial<PatentDraft> = {
    applicationNumber,
    grantPublicationNumber: grantPublication?.canonical,
    sourceId,
    type,
    abstract: rawAbstract && (script === 'traditional' ? toSimplified(rawAbstract) : rawAbstract),
    claims: rawClaims && (script === 'traditional' ? toSimplified(rawClaims) : rawClaims),
    original: script === 'traditional' ? { title: rawTitle, ...(rawAbstract ? { abstract: rawAbstract } : {}), ...(rawClaims ? { claims: rawClaims } : {}) } : undefined,
    filingDate,
    filingYear,
    publicationDate,
    grantDate,
    legalStatus,
    legalStatusRaw: f.legalStatus?.trim() || undefined,
    legalStatusAsOf: legalStatusAsOf ?? (legalStatus ? todayIso : undefined),
    expiryDate,
    openLicence,
    inventoryState,
    transferCount,
    licenseCount,
  };
  if (f.applicantAddress?.trim()) draft.attributes.applicantAddress = normalizeText(f.applicantAddress);
  if (f.regionCode?.trim()) draft.attributes.regionCode = f.regionCode.trim();
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) (draft as unknown as Record<string, unknown>)[key] = value;
  return { ok: true, draft };
}

function readOpenLicence(
  f: RawRecord['fields'],
  attempt: <T>(field: string, raw: string | undefined, parse: (raw: string) => T) => T | undefined,
): OpenLicenceOffer | undefined {
  const declared = attempt('openLicence', f.openLicence, parseYesNo);
  const feeCny = attempt('openLicenceFee', f.openLicenceFee, parseMoney);
  const paymentMode = attempt('openLicencePayment', f.openLicencePayment, (raw) => {
    const mode = PAYMENT_LABELS[raw.trim().toLowerCase()];
    if (!mode) throw new ValueError(`"${raw}" is not a payment mode (一次性, 年费, 提成, 入门费+提成, 免费)`);
    return mode;
  });
  const termYears = attempt('openLicenceTerm', f.openLicenceTerm, (raw) => {
    const years = Number(raw.trim().replace(/年$/, ''));
    if (!(years > 0 && years <= 30)) throw new ValueError(`"${raw}" is not a licence term in years (1–30)`);
    return years;
  });
  if (declared === undefined && feeCny === undefined && paymentMode === undefined && termYears === undefined) return undefined;
  const offer: OpenLicenceOffer = { declared: declared ?? true };
  if (feeCny !== undefined) offer.feeCny = feeCny;
  if (paymentMode !== undefined) offer.paymentMode = paymentMode;
  if (termYears !== undefined) offer.termYears = termYears;
  return offer;
}

/**
 * Source ids only mean something inside their source, so their key is namespaced: by dataset
 * folder for public datasets, by the holder's name for uploads (two universities' row ids never meet).
 */
function sourceNamespace(source: string, holders: string | undefined): string {
  const dataset = /^dataset:([^/]+)/.exec(source);
  if (dataset) return dataset[1]!;
  const holder = splitList(holders)[0];
  return holder ? toSimplified(holder) : 'upload';
}
