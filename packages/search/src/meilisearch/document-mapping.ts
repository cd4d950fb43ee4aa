/**
 * How a `SearchDocument` is stored in a Meilisearch index, and back.
 *
 * Meilisearch filters facet values by equality after lower-casing and trimming them, and it
 * has no "starts with" filter on arrays. Both are worked around here, at write time:
 * - `ipcPrefixes` holds every prefix of every IPC code, so `ipcPrefix` becomes `IN [...]`;
 * - `ownerKeys` holds the owner ids hex-encoded, so `Org-A` never matches `org-a` (private
 *   demands are visible to their owner only, and ids are case-sensitive).
 * The primary key `pk` is the hex of the id too, so any id (`dm:12`, `需求-1`) can be stored
 * even though Meilisearch only accepts `[A-Za-z0-9_-]` in primary keys.
 */
import type { SearchDocument } from '../documents.ts';

/** Name of the user-provided embedder in the index settings. */
export const EMBEDDER_NAME = 'default';

/** Attributes of a stored document. */
export const FIELD = {
  pk: 'pk',
  id: 'id',
  kind: 'kind',
  title: 'title',
  body: 'body',
  extra: 'extra',
  ipc: 'ipc',
  ipcPrefixes: 'ipcPrefixes',
  ipcClasses: 'ipcClasses',
  ipcSubclasses: 'ipcSubclasses',
  chains: 'chains',
  ownerIds: 'ownerIds',
  ownerKeys: 'ownerKeys',
  ownerKinds: 'ownerKinds',
  legalStatus: 'legalStatus',
  type: 'type',
  openLicence: 'openLicence',
  filingYear: 'filingYear',
  regions: 'regions',
  visibility: 'visibility',
  screeningScore: 'screeningScore',
  revision: 'revision',
  embedderVersion: 'embedderVersion',
  vectors: '_vectors',
} as const;

/** A document as sent to Meilisearch. */
export interface MeiliDocument {
  pk: string;
  id: string;
  kind: SearchDocument['kind'];
  title: string;
  body: string;
  extra: string;
  ipc: string[];
  ipcPrefixes: string[];
  ipcClasses: string[];
  ipcSubclasses: string[];
  chains: string[];
  ownerIds: string[];
  ownerKeys: string[];
  ownerKinds: string[];
  legalStatus: string | null;
  type: string | null;
  openLicence: boolean;
  filingYear: number | null;
  regions: string[];
  visibility: SearchDocument['visibility'];
  screeningScore: number | null;
  revision: number;
  /** Set only when the document carries a vector: `stats()` reads it as a facet. */
  embedderVersion?: string;
  /** Always present: `null` opts the document out of the user-provided embedder explicitly. */
  _vectors: Record<string, { embeddings: number[]; regenerate: false } | null>;
}

/** Highlight markers: private-use characters, removed from document text before indexing. */
export const HIGHLIGHT_PRE = '\uE000';
export const HIGHLIGHT_POST = '\uE001';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const HIGHLIGHT_MARKERS = /[\uE000\uE001]/g;

/**
 * Replaces unpaired surrogates with U+FFFD. JavaScript serialises them as `\ud800`, which
 * Meilisearch's JSON parser rejects: one such character would fail a whole batch or search.
 */
export function wellFormed(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD');
}

function documentText(text: string | undefined): string {
  return wellFormed(text ?? '').replace(HIGHLIGHT_MARKERS, '');
}

function documentStrings(values: readonly string[]): string[] {
  return [...new Set(values.map((v) => wellFormed(v)))];
}

/** Lower-case hexadecimal of the UTF-8 bytes: an exact, case-proof facet value or primary key. */
export function hexKey(value: string): string {
  return Buffer.from(wellFormed(value), 'utf8').toString('hex');
}

/** Primary key of a document id. */
export function primaryKeyOf(id: string): string {
  return hexKey(id);
}

/**
 * Canonical spelling of an IPC code or prefix: upper case, no spaces except one between the
 * subclass and the group (`h01m4/13` → `H01M 4/13`, `A23F 3/` stays, `a23` → `A23`).
 */
export function canonicalIpc(code: string): string {
  const compact = wellFormed(code).replace(/\s+/g, '').toUpperCase();
  const grouped = /^([A-H]\d\d[A-Z])(\d.*)$/.exec(compact);
  return grouped ? `${grouped[1]} ${grouped[2]}` : compact;
}

/**
 * Every prefix of an IPC code, so that "any code starts with P" is `ipcPrefixes = P`:
 * `H01M 4/13` → `H`, `H0`, `H01` (class), `H01M` (subclass), `H01M 4`, `H01M 4/` (main group),
 * `H01M 4/1`, `H01M 4/13`. Prefixes ending in the space are left out (`H01M ` is `H01M`).
 * Prefix matching is literal, as in the interface: `H01M 4` also matches `H01M 40/00`; write the
 * group with its slash (`H01M 4/`) to mean main group 4 only.
 */
export function ipcPrefixesOf(code: string): string[] {
  const canonical = canonicalIpc(code);
  const prefixes: string[] = [];
  for (let end = 1; end <= canonical.length; end++) {
    const prefix = canonical.slice(0, end);
    if (!prefix.endsWith(' ')) prefixes.push(prefix);
  }
  return prefixes;
}

/** Class (`A23`) and subclass (`A23F`) of each code, for the `ipcClass` / `ipcSubclass` facets. */
function ipcLevels(codes: readonly string[]): { classes: string[]; subclasses: string[] } {
  const classes = new Set<string>();
  const subclasses = new Set<string>();
  for (const code of codes.map(canonicalIpc)) {
    if (/^[A-H]\d\d/.test(code)) classes.add(code.slice(0, 3));
    if (/^[A-H]\d\d[A-Z]/.test(code)) subclasses.add(code.slice(0, 4));
  }
  return { classes: [...classes], subclasses: [...subclasses] };
}

/**
 * The stored form of a document, with its vector when given.
 *
 * @example
 * toMeiliDocument(doc, new Float32Array([0.1, 0.2]), 'bge-small@1')
 * // { pk: '70745f…', id: 'pt_…', ipcPrefixes: ['A', 'A2', 'A23', …], _vectors: { default: { embeddings: [0.1, 0.2], regenerate: false } }, … }
 */
export function toMeiliDocument(doc: SearchDocument, vector?: Float32Array, embedderVersion?: string): MeiliDocument {
  const ipc = documentStrings(doc.ipc);
  const { classes, subclasses } = ipcLevels(ipc);
  const stored: MeiliDocument = {
    pk: primaryKeyOf(doc.id),
    id: doc.id,
    kind: doc.kind,
    title: documentText(doc.title),
    body: documentText(doc.body),
    extra: documentText(doc.extra),
    ipc,
    ipcPrefixes: [...new Set(ipc.flatMap(ipcPrefixesOf))],
    ipcClasses: classes,
    ipcSubclasses: subclasses,
    chains: documentStrings(doc.chains),
    ownerIds: documentStrings(doc.ownerIds),
    ownerKeys: [...new Set(doc.ownerIds.map(hexKey))],
    ownerKinds: documentStrings(doc.ownerKinds),
    legalStatus: doc.legalStatus === undefined ? null : wellFormed(doc.legalStatus),
    type: doc.type === undefined ? null : wellFormed(doc.type),
    openLicence: doc.openLicence,
    filingYear: doc.filingYear ?? null,
    regions: documentStrings(doc.regions),
    visibility: doc.visibility,
    screeningScore: doc.screeningScore ?? null,
    revision: doc.revision,
    _vectors: { [EMBEDDER_NAME]: vector ? { embeddings: Array.from(vector), regenerate: false } : null },
  };
  if (vector && embedderVersion !== undefined) stored.embedderVersion = embedderVersion;
  return stored;
}

/**
 * Reads the vector out of a document fetched with `retrieveVectors: true`. Meilisearch returns
 * `{ embeddings: [[…]], regenerate }` (an array of embeddings); a bare array is accepted too.
 */
export function vectorFromStored(vectors: unknown): Float32Array | undefined {
  if (!vectors || typeof vectors !== 'object') return undefined;
  const entry = (vectors as Record<string, unknown>)[EMBEDDER_NAME];
  const embeddings = entry && typeof entry === 'object' && !Array.isArray(entry) ? (entry as { embeddings?: unknown }).embeddings : entry;
  if (!Array.isArray(embeddings) || embeddings.length === 0) return undefined;
  const first: unknown = Array.isArray(embeddings[0]) ? embeddings[0] : embeddings;
  if (!Array.isArray(first) || first.length === 0 || !first.every((x) => typeof x === 'number')) return undefined;
  return Float32Array.from(first as number[]);
}
