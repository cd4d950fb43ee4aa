import { createHash } from 'node:crypto';
import type { InventoryState, LegalStatus, OpenLicenceOffer, PatentType, Script } from '@patent-bridge/domain';

/**
 * A validated record before it meets the database: only what the source said, or what follows
 * from it (type from the number, expiry from type and filing date). Defaults such as
 * `inventoryState: 'idle'` are applied only when a patent is created, so a re-import never
 * overwrites what a user set through the API with a default.
 */
export interface PatentDraft {
  line: number;
  source: string;
  applicationNumber?: string;
  /** Publication numbers with kind codes, e.g. `CN114081026A`. */
  publicationNumbers: string[];
  grantPublicationNumber?: string;
  sourceId?: string;
  type?: PatentType;
  title: string;
  abstract?: string;
  claims?: string;
  original?: { title: string; abstract?: string; claims?: string };
  script: Script;
  ipcCodes: string[];
  applicants: string[];
  owners: string[];
  inventors: string[];
  filingDate?: string;
  filingYear?: number;
  publicationDate?: string;
  grantDate?: string;
  legalStatus?: LegalStatus;
  legalStatusRaw?: string;
  legalStatusAsOf?: string;
  expiryDate?: string;
  openLicence?: OpenLicenceOffer;
  inventoryState?: InventoryState;
  transferCount?: number;
  licenseCount?: number;
  attributes: Record<string, string>;
}

/**
 * Every key that identifies a draft: its application number, its publication serials
 * (kind code dropped, so the A and B publications meet) and its source id.
 *
 * @example
 * draftKeys({ applicationNumber: 'CN201010110545.X', publicationNumbers: ['CN101789123A'], … })
 * // ['CN201010110545.X', 'CN101789123']
 */
export function draftKeys(draft: Pick<PatentDraft, 'applicationNumber' | 'publicationNumbers' | 'grantPublicationNumber' | 'sourceId'>): string[] {
  const keys: string[] = [];
  if (draft.applicationNumber) keys.push(draft.applicationNumber);
  for (const number of [...draft.publicationNumbers, ...(draft.grantPublicationNumber ? [draft.grantPublicationNumber] : [])]) {
    const serial = number.replace(/[A-Z]\d?$/, '');
    if (!keys.includes(serial)) keys.push(serial);
  }
  if (draft.sourceId) keys.push(draft.sourceId);
  return keys;
}

/** The kind of a key from {@link draftKeys}, as stored in `patent_numbers`. */
export function keyKind(key: string): 'application' | 'publication' | 'source' {
  if (key.startsWith('src:')) return 'source';
  return /\.[0-9X]$/.test(key) || /^CN8[5-8]\d{6}$/.test(key) ? 'application' : 'publication';
}

/**
 * Stable patent id from the draft's strongest key, so a fresh database re-imported from the
 * same sources gives the same ids.
 *
 * @example
 * patentIdFor('CN201010110545.X') // 'pt_…' (16 hex digits, always the same)
 */
export function patentIdFor(primaryKey: string): string {
  return `pt_${createHash('sha1').update(primaryKey).digest('hex').slice(0, 16)}`;
}

const ARRAY_FIELDS = ['publicationNumbers', 'ipcCodes', 'applicants', 'owners', 'inventors'] as const;

/**
 * Folds a duplicate into the first record of its group: the first record's values win, the
 * duplicate fills what is missing, and lists are united (first record's order first).
 *
 * @example
 * mergeDrafts({ …, ipcCodes: ['A01B'] }, { …, ipcCodes: ['A01C'], abstract: '…' })
 * // ipcCodes ['A01B', 'A01C'], abstract taken from the duplicate
 */
export function mergeDrafts(first: PatentDraft, duplicate: PatentDraft): PatentDraft {
  const merged: PatentDraft = { ...duplicate, ...stripUndefined(first) } as PatentDraft;
  for (const field of ARRAY_FIELDS) merged[field] = [...new Set([...first[field], ...duplicate[field]])];
  merged.attributes = { ...duplicate.attributes, ...first.attributes };
  merged.line = first.line;
  merged.source = first.source;
  return merged;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
