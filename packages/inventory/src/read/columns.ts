/**
 * Which source column holds which input field. CNIPA-style exports (and the tools
 * universities use on top of them) spell the same column many ways: 名称, 专利名称,
 * 发明名称, 名稱, Title, 公开（公告）号 with full-width brackets, and so on.
 */
import { INPUT_FIELDS, type ColumnMapping, type InputField, type ReadWarning } from './record.ts';

/**
 * Header spellings per input field, written as they appear in exports. They are
 * compared after `normalizeHeader`, so spacing, bracket width and case do not matter.
 * The field names themselves (`applicationNumber`, …) are accepted too.
 */
export const HEADER_ALIASES: Readonly<Record<InputField, readonly string[]>> = {
  applicationNumber: [
    '申请号', '专利申请号', '申请号码', '专利号', '申请专利号',
    '申請號', '專利申請號', '申請案號', '專利號',
    'application number', 'application no', 'app no', 'appl no', 'patent number', 'patent no',
  ],
  publicationNumber: [
    '公开号', '公开(公告)号', '公告号', '公开公告号', '申请公布号',
    '公開號', '公開(公告)號', '公告號',
    'publication number', 'publication no', 'pub no', 'publication numbers',
  ],
  grantPublicationNumber: ['授权公告号', '授权号', '授权公开号', '授權公告號', '授權號', 'grant publication number', 'grant no'],
  patentType: ['专利类型', '专利种类', '类型', '專利類型', '專利種類', 'patent type'],
  title: [
    '专利名称', '名称', '发明名称', '标题', '专利标题', '发明创造名称', '题名',
    '名稱', '專利名稱', '發明名稱', '標題',
    'title', 'patent title', 'invention title',
  ],
  abstract: ['摘要', '申请摘要', '专利摘要', '文摘', '摘要文本', '專利摘要', 'abstract', 'patent abstract'],
  claims: [
    '主权项', '权利要求', '权利要求书', '独立权利要求', '首项权利要求',
    '主權項', '權利要求', '申請專利範圍',
    'claims', 'claim', 'first claim', 'main claim',
  ],
  mainIpc: ['主分类号', 'IPC主分类号', '主IPC', 'IPC主分类', '主分類號', 'IPC主分類號', 'main ipc', 'main classification', 'primary ipc'],
  ipcCodes: [
    '分类号', 'IPC分类号', 'IPC', 'IPC分类', '国际专利分类号', '国际分类号',
    '分類號', 'IPC分類號', '國際專利分類號', '國際分類號',
    'ipc codes', 'ipc classification', 'classification',
  ],
  applicants: [
    '申请人', '申请(专利权)人', '申请人名称', '申请单位', '专利申请人',
    '申請人', '申請(專利權)人', '專利申請人',
    'applicant', 'applicants', 'assignee', 'original assignee',
  ],
  owners: [
    '专利权人', '当前权利人', '权利人', '当前专利权人',
    '專利權人', '權利人', '當前權利人', '專利權人名稱',
    'owner', 'owners', 'patentee', 'patent holder', 'current assignee', 'right holder', 'proprietor',
  ],
  inventors: ['发明人', '发明(设计)人', '当前发明人', '设计人', '发明者', '發明人', '創作人', '發明(設計)人', 'inventor', 'inventors'],
  filingDate: ['申请日', '申请日期', '申请时间', '申請日', '申請日期', 'filing date', 'application date', 'filed'],
  publicationDate: ['公开日', '公开(公告)日', '公开日期', '公告日', '申请公布日', '公開日', '公開(公告)日', '公告日期', 'publication date', 'pub date'],
  grantDate: ['授权公告日', '授权日', '授权日期', '授权公告日期', '授權日', '授權公告日', 'grant date', 'issue date', 'date of grant'],
  legalStatus: ['法律状态', '当前法律状态', '专利状态', '案件状态', '法律狀態', '當前法律狀態', '專利狀態', 'legal status', 'status'],
  legalStatusDate: ['法律状态日', '法律状态公告日', '法律状态日期', '法律狀態日', 'legal status date'],
  applicantAddress: ['申请人地址', '地址', '申請人地址', 'applicant address', 'address'],
  regionCode: ['国省代码', '省市代码', '國省代碼', 'region code', 'province code'],
  transferCount: ['专利转移次数', '转让次数', '转移次数', '轉讓次數', '專利轉移次數', 'transfer count', 'transfers'],
  licenseCount: ['许可次数', '許可次數', 'license count', 'licence count', 'licenses'],
  inventoryState: ['转化状态', '转化情况', '轉化狀態', 'inventory state', 'commercialization status', 'commercialisation status'],
  openLicence: ['开放许可', '是否开放许可', '開放許可', 'open licence', 'open license'],
  openLicenceFee: ['开放许可费', '开放许可使用费', '许可费', '許可費', '開放許可費', 'open licence fee', 'open license fee', 'licence fee', 'license fee'],
  openLicencePayment: ['付费方式', '支付方式', '付費方式', 'payment method', 'payment'],
  openLicenceTerm: ['许可期限', '开放许可期限', '許可期限', '開放許可期限', 'licence term', 'license term'],
  sourceId: ['id', 'source id', 'record id', 'patent id', 'uuid'],
};

/**
 * The form headers are compared in.
 *
 * @example
 * normalizeHeader(' 公开（公告）号 '); // '公开公告号'
 * normalizeHeader('Application_No.'); // 'applicationno'
 *
 * Unicode NFKC (full-width letters and brackets become ASCII), lower case, and no
 * whitespace, brackets, underscores, hyphens, dots, colons or asterisks.
 */
export function normalizeHeader(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s()[\]{}【】〔〕<>《》_\-.:*#'"“”‘’]/gu, '');
}

/**
 * The fields a kind of record can be mapped to, and the header spellings that mean each of them.
 * Patents use {@link PATENT_FIELD_VOCABULARY}; other imports (SME demands) define their own.
 */
export interface FieldVocabulary<F extends string = string> {
  /** Every field, in a stable order (used in messages). */
  readonly fields: readonly F[];
  readonly aliases: Readonly<Record<F, readonly string[]>>;
  /** Fields that hold several values; in JSON Lines they may be arrays, joined with ';'. */
  readonly multiValued: ReadonlySet<F>;
  /** The field a header is recognised as (aliases or the field name itself, compared after `normalizeHeader`), or null. */
  fieldFor(header: string): F | null;
}

/**
 * Builds a vocabulary, checking that no header spelling is listed for two fields.
 *
 * @example
 * const vocabulary = defineFieldVocabulary(['title', 'keywords'] as const, { title: ['需求名称', '需求名稱'], keywords: ['关键词'] }, ['keywords']);
 * vocabulary.fieldFor(' 需求名稱 '); // 'title' (aliases are compared as written: list both scripts)
 * vocabulary.fieldFor('备注');       // null
 */
export function defineFieldVocabulary<F extends string>(fields: readonly F[], aliases: Readonly<Record<F, readonly string[]>>, multiValued: Iterable<F> = []): FieldVocabulary<F> {
  const index = new Map<string, F>();
  for (const field of fields) {
    for (const alias of [field, ...aliases[field]]) {
      const key = normalizeHeader(alias);
      const taken = index.get(key);
      if (taken !== undefined && taken !== field) {
        throw new Error(`header alias ${JSON.stringify(alias)} is listed for both ${taken} and ${field}`);
      }
      index.set(key, field);
    }
  }
  return { fields, aliases, multiValued: new Set(multiValued), fieldFor: (header) => index.get(normalizeHeader(header)) ?? null };
}

/** The patent input fields and their CNIPA-style header spellings: what every reader uses unless told otherwise. */
export const PATENT_FIELD_VOCABULARY: FieldVocabulary<InputField> = defineFieldVocabulary(INPUT_FIELDS, HEADER_ALIASES, ['applicants', 'owners', 'inventors', 'ipcCodes']);

/**
 * The input field a header is recognised as, if any.
 *
 * @example
 * fieldForHeader('申請號'); // 'applicationNumber'
 * fieldForHeader('备注');   // null
 */
export function fieldForHeader(header: string): InputField | null {
  return PATENT_FIELD_VOCABULARY.fieldFor(header);
}

export interface ColumnPlan<F extends string = InputField> {
  /** One entry per source column, in order: the field it feeds, or null (kept in `extra`). */
  columns: Array<{ header: string; field: F | null }>;
  /** Key under which each column's values go into `extra`: the header, made unique (empty headers become 'column N'). */
  extraKeys: string[];
  /** Columns recognised as a field another column already feeds; they were kept in `extra`. */
  warnings: ReadWarning[];
}

/** A column mapping that cannot be applied; the message says what to change. HTTP APIs answer it with 400. */
export class ColumnMappingError extends Error {
  override readonly name = 'ColumnMappingError';
  readonly code = 'column-mapping';
  readonly status = 400;
  /** Every problem found, one sentence each (the message joins them). */
  readonly problems: string[];

  constructor(problems: string[]) {
    super(problems.join('; '));
    this.problems = problems;
  }
}

/**
 * Decides which input field each column of a table feeds.
 *
 * @example
 * mapColumns(['申请号', '名稱', '备注']).columns;
 * // [{ header: '申请号', field: 'applicationNumber' }, { header: '名稱', field: 'title' },
 * //  { header: '备注', field: null }]
 * mapColumns(['Patent', 'Text'], { Patent: 'title', Text: 'abstract' });
 *
 * A user mapping (header → field) wins over the built-in aliases; its headers are
 * matched exactly first, then in normalized form. A mapping that names a header the
 * table does not have, or a field that does not exist, or sends two headers to one
 * field, throws a `ColumnMappingError`. When two columns are recognised as the same
 * field, the first feeds it and the other goes to `extra`, with a warning (line 1,
 * field = the input field). A header row in which no column is recognised also
 * yields a warning, as it is most likely a data row. `vocabulary` says which fields exist
 * and how their headers are spelt (patent fields by default).
 */
export function mapColumns<F extends string = InputField>(
  headers: string[],
  userMapping: ColumnMapping<F> = {},
  headerLine = 1,
  vocabulary: FieldVocabulary<F> = PATENT_FIELD_VOCABULARY as unknown as FieldVocabulary<F>,
): ColumnPlan<F> {
  const userFields = resolveUserMapping(headers, userMapping, vocabulary);
  const fieldOwner = new Map<F, number>();
  for (const [index, field] of userFields) fieldOwner.set(field, index);

  const warnings: ReadWarning[] = [];
  const columns = headers.map((header, index) => {
    const chosen = userFields.get(index);
    if (chosen !== undefined) return { header, field: chosen };
    const field = vocabulary.fieldFor(header);
    if (field === null) return { header, field: null };
    const owner = fieldOwner.get(field);
    if (owner !== undefined) {
      const reason = userFields.has(owner) ? 'your column mapping sends' : 'it is also recognised in';
      warnings.push({
        line: headerLine,
        field,
        message: `column ${index + 1} (${header.trim()}) looks like ${field}, but ${reason} column ${owner + 1} (${headers[owner]!.trim()}) to ${field}; its values were kept in extra`,
      });
      return { header, field: null };
    }
    fieldOwner.set(field, index);
    return { header, field };
  });

  if (headers.length > 0 && fieldOwner.size === 0) {
    warnings.push({
      line: headerLine,
      field: 'row',
      message: `no column of the header row (line ${headerLine}) was recognised; if the file has no header row, add one, or pass a column mapping`,
    });
  }
  return { columns, extraKeys: extraKeysFor(headers), warnings };
}

function resolveUserMapping<F extends string>(headers: string[], userMapping: ColumnMapping<F>, vocabulary: FieldVocabulary<F>): Map<number, F> {
  const problems: string[] = [];
  const byColumn = new Map<number, F>();
  const byField = new Map<F, string>();
  const known = new Set<string>(vocabulary.fields);
  for (const [header, field] of Object.entries(userMapping)) {
    if (!known.has(field)) {
      problems.push(`the column mapping sends "${header}" to "${String(field)}", which is not an input field (use one of: ${vocabulary.fields.join(', ')})`);
      continue;
    }
    let index = headers.indexOf(header);
    if (index === -1) {
      const wanted = normalizeHeader(header);
      index = headers.findIndex((candidate) => normalizeHeader(candidate) === wanted);
    }
    if (index === -1) {
      problems.push(`the column mapping names a column "${header}", but the file has no such column (its columns are: ${headers.map((h) => h.trim()).join(', ')})`);
      continue;
    }
    const previous = byField.get(field);
    if (previous !== undefined) {
      problems.push(`the column mapping sends both "${previous}" and "${header}" to ${field}; map only one of them`);
      continue;
    }
    if (byColumn.has(index)) {
      problems.push(`the column mapping names column ${index + 1} (${headers[index]}) twice`);
      continue;
    }
    byField.set(field, header);
    byColumn.set(index, field);
  }
  if (problems.length > 0) throw new ColumnMappingError(problems);
  return byColumn;
}

function extraKeysFor(headers: string[]): string[] {
  const seen = new Set<string>();
  return headers.map((header, index) => {
    let key = header.trim() || `column ${index + 1}`;
    if (seen.has(key)) key = `${key} (column ${index + 1})`;
    seen.add(key);
    return key;
  });
}
