/**
 * The shape every inventory source is read into before validation: CSV, XLSX and
 * JSON Lines uploads as well as the loaders for the public datasets.
 *
 * A reader only splits and maps; it never judges values. Validation (dates, numbers,
 * required fields) happens once, in one place, for every source.
 */

/** Canonical input fields a column can be mapped to. */
export const INPUT_FIELDS = [
  'applicationNumber', // 申请号 / 专利号 (ZL…)
  'publicationNumber', // 公开(公告)号
  'grantPublicationNumber', // 授权公告号
  'patentType', // 专利类型
  'title', // 名称
  'abstract', // 摘要
  'claims', // 主权项 / 权利要求
  'mainIpc', // 主分类号
  'ipcCodes', // IPC分类号 (several, separated)
  'applicants', // 申请人 (several)
  'owners', // 专利权人 / 当前权利人 (several)
  'inventors', // 发明人 (several)
  'filingDate', // 申请日
  'publicationDate', // 公开日
  'grantDate', // 授权公告日
  'legalStatus', // 法律状态
  'legalStatusDate', // 法律状态日 / 法律状态公告日
  'applicantAddress', // 申请人地址
  'regionCode', // 国省代码
  'transferCount', // 专利转移次数
  'licenseCount', // 许可次数
  'inventoryState', // 转化状态 (idle, implemented, licensed, transferred, abandoned)
  'openLicence', // 开放许可 (是/否)
  'openLicenceFee', // 开放许可费 (CNY)
  'openLicencePayment', // 付费方式
  'openLicenceTerm', // 许可期限
  'sourceId', // the record's own id in its source, when it has no patent number
] as const;

export type InputField = (typeof INPUT_FIELDS)[number];

/**
 * One record as read from a source, values still raw strings. `F` is the set of fields the
 * source was mapped to: patent input fields unless a reader was given another vocabulary
 * (e.g. the demand fields of a demand import).
 */
export interface RawRecord<F extends string = InputField> {
  /** 1-based line (CSV/JSONL) or sheet row (XLSX) where the record starts. */
  line: number;
  /** Where the record came from when a source spans several files (e.g. 'cn-a01-abstracts/A01B.csv'). */
  source?: string;
  fields: Partial<Record<F, string>>;
  /** Columns that mapped to no input field, kept so nothing the user sent is silently dropped. */
  extra?: Record<string, string>;
}

/** A problem that stops one record (or one physical line) from being read. */
export interface ReadError {
  line: number;
  /** The input field, or a pseudo-field: 'row' (structure), 'encoding', 'json'. */
  field: string;
  message: string;
}

/**
 * Something the user should know that did not stop any record, e.g. two columns that
 * both look like the title (the first one was used). Same shape as `ReadError`.
 */
export type ReadWarning = ReadError;

/** Column header → input field, for users whose export uses other headers. */
export type ColumnMapping<F extends string = InputField> = Record<string, F>;

export interface ReadResult<F extends string = InputField> {
  records: RawRecord<F>[];
  errors: ReadError[];
  /** How each source column was understood (header → field, or null when unmapped). */
  columns: Array<{ header: string; field: F | null }>;
  /** 'utf-8', 'utf-8-bom', 'gb18030', 'xlsx' or 'jsonl' ('utf-16le'/'utf-16be' for Excel "Unicode text" exports). */
  encoding: string;
  /** Problems that stopped no record (duplicate columns, an unrecognised header row). */
  warnings?: ReadWarning[];
}
