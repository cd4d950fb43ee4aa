import type { Lang } from '../i18n.ts';

const ZH: Record<string, string> = {
  granted: '有效',
  pending: '审中',
  lapsed: '失效',
  expired: '届满',
  invalidated: '无效',
  rejected: '驳回',
  withdrawn: '撤回',
  unknown: '未知',
  invention: '发明',
  utility_model: '实用新型',
  design: '外观设计',
  idle: '闲置',
  implemented: '已实施',
  licensed: '已许可',
  transferred: '已转让',
  abandoned: '已放弃',
  lump_sum: '一次性支付',
  annual: '按年支付',
  royalty: '提成支付',
  lump_sum_plus_royalty: '入门费加提成',
  free: '免费',
  open: '开放',
  closed: '已关闭',
  semantic: '语义相似',
  keyword: '关键词',
  ipc_fit: '行业契合',
  chain: '产业链',
  vitality: '法律活力',
  licence: '许可方式',
  region: '地域',
  owner_kind: '权利人类型',
  screening: '筛选评分',
  feedback: '反馈',
};

/**
 * A readable label of an API code (legal status, patent type, inventory state…) in the console's language.
 *
 * @example
 * codeLabel('utility_model', 'zh') // '实用新型'
 * codeLabel('utility_model', 'en') // 'utility model'
 */
export function codeLabel(code: string, lang: Lang): string {
  if (lang === 'zh') return ZH[code] ?? code;
  return code.replaceAll('_', ' ');
}
