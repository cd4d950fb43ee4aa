/**
 * The columns of an SME demand sheet. SME programmes, brokers and provincial platforms each
 * collect demands in their own spreadsheet, in Simplified or Traditional Chinese or English;
 * these are the spellings their headers use.
 */
import { defineFieldVocabulary, type FieldVocabulary } from '../read/index.ts';

/** Fields a demand sheet's columns can be mapped to. */
export const DEMAND_FIELDS = [
  'enterprise', // 企业名称: the SME posting the demand (becomes an organisation)
  'externalId', // 需求编号: the demand's id in the sheet's own system; with the enterprise, the re-import key
  'title', // 需求名称
  'description', // 需求描述
  'keywords', // 关键词 (several)
  'industryCode', // 行业代码: GB/T 4754 three-digit group
  'chains', // 产业链 (several): chain ids or Chinese names
  'province', // 省份
  'city', // 城市
  'regionCode', // 行政区划代码 (6 digits)
  'budgetMin', // 预算下限: '50万', '500000', '500000元'
  'budgetMax', // 预算上限
  'budgetMinWan', // 预算下限（万元）: a plain number is in 万元
  'budgetMaxWan', // 预算上限（万元）
  'licenceModes', // 许可方式 (several): 转让/独占/排他/普通/开放许可
  'maturity', // 技术成熟度
  'deadline', // 截止日期
  'visibility', // 公开/私有
] as const;

export type DemandField = (typeof DEMAND_FIELDS)[number];

/**
 * Header spellings per demand field, Simplified, Traditional and English. Compared after
 * `normalizeHeader`, so brackets, spaces and case do not matter: `预算下限（万元）` is
 * `预算下限万元`. Deliberately absent: 序号 (a running row number, not a demand's id, so it
 * cannot key re-imports) and 所属行业 (usually an industry name, not a code).
 */
export const DEMAND_HEADER_ALIASES: Readonly<Record<DemandField, readonly string[]>> = {
  enterprise: [
    '企业名称', '企业', '需求企业', '需求方', '需求单位', '单位名称', '公司名称', '企业全称',
    '企業名稱', '企業', '需求企業', '需求單位', '單位名稱', '公司名稱',
    'enterprise', 'enterprise name', 'company', 'company name', 'organisation', 'organization', 'sme',
  ],
  externalId: ['需求编号', '需求ID', '编号', '需求編號', '編號', 'external id', 'demand id', 'demand no', 'demand number', 'id', 'reference'],
  title: ['需求名称', '需求标题', '技术需求', '需求', '标题', '名称', '需求名稱', '需求標題', '技術需求', '標題', '名稱', 'title', 'demand title', 'demand'],
  description: [
    '需求描述', '需求详情', '需求内容', '需求说明', '详细描述', '描述', '具体需求',
    '需求詳情', '需求內容', '需求說明', '詳細描述',
    'description', 'details', 'demand description',
  ],
  keywords: ['关键词', '关键字', '技术关键词', '關鍵詞', '關鍵字', '技術關鍵詞', 'keywords', 'keyword', 'tags'],
  industryCode: [
    '行业代码', '所属行业代码', '国民经济行业代码', '行业分类代码',
    '行業代碼', '所屬行業代碼', '國民經濟行業代碼', '行業分類代碼',
    'industry code', 'gbt 4754', 'gb/t 4754',
  ],
  chains: ['产业链', '所属产业链', '产业链条', '產業鏈', '所屬產業鏈', 'chains', 'chain', 'industrial chain', 'industry chain'],
  province: ['省份', '省', '所在省份', '所在省', '省/直辖市', 'province'],
  city: ['城市', '所在城市', '地市', '市', '所在地市', 'city'],
  regionCode: ['行政区划代码', '区划代码', '地区代码', '行政區劃代碼', '區劃代碼', '地區代碼', 'region code', 'administrative code', 'area code'],
  budgetMin: ['预算下限', '最低预算', '预算最低', '预算下限元', '最低预算元', '預算下限', '最低預算', 'budget min', 'min budget', 'budget from', 'budget min cny'],
  budgetMax: ['预算上限', '最高预算', '预算最高', '预算上限元', '最高预算元', '預算上限', '最高預算', 'budget max', 'max budget', 'budget to', 'budget max cny'],
  budgetMinWan: ['预算下限万元', '最低预算万元', '预算最低万元', '預算下限萬元', '最低預算萬元', 'budget min 10k cny'],
  budgetMaxWan: ['预算上限万元', '最高预算万元', '预算最高万元', '預算上限萬元', '最高預算萬元', 'budget max 10k cny'],
  licenceModes: [
    '许可方式', '合作方式', '转化方式', '交易方式', '期望合作方式',
    '許可方式', '轉化方式',
    'licence modes', 'license modes', 'licence mode', 'license mode', 'licensing',
  ],
  maturity: ['技术成熟度', '成熟度', '所需成熟度', '技術成熟度', 'maturity', 'technology readiness', 'trl'],
  deadline: ['截止日期', '截止时间', '需求截止日期', '有效期至', '截止時間', 'deadline', 'due date', 'valid until'],
  visibility: ['公开范围', '可见性', '是否公开', '公开方式', '公開範圍', '可見性', '是否公開', 'visibility'],
};

/**
 * The demand fields as a reader vocabulary, for `readInventory` and `uploadSource`.
 *
 * @example
 * DEMAND_FIELD_VOCABULARY.fieldFor('需求名称');       // 'title'
 * DEMAND_FIELD_VOCABULARY.fieldFor('預算上限（萬元）'); // 'budgetMaxWan'
 */
export const DEMAND_FIELD_VOCABULARY: FieldVocabulary<DemandField> = defineFieldVocabulary(DEMAND_FIELDS, DEMAND_HEADER_ALIASES, ['keywords', 'chains', 'licenceModes']);
