import { z } from 'zod';

/** Who an organisation is in the conversion programme. Individual inventors who hold patents are `individual`. */
export const OrganizationKind = z.enum(['university', 'research_institute', 'enterprise', 'broker', 'partner_platform', 'individual']);
export type OrganizationKind = z.infer<typeof OrganizationKind>;

export const Region = z.object({
  province: z.string().min(1).optional(),
  city: z.string().min(1).optional(),
  /** 6-digit administrative division code, e.g. 370100 for 济南市. */
  code: z.string().regex(/^\d{6}$/, 'an administrative code has 6 digits').optional(),
});
export type Region = z.infer<typeof Region>;

/** 统一社会信用代码: 18 characters from the GB 32100 alphabet. */
export const CreditCode = z.string().regex(/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/, 'not a unified social credit code (18 characters)');

export const Organization = z.strictObject({
  id: z.string(),
  kind: OrganizationKind,
  name: z.string().min(1).max(200),
  aliases: z.array(z.string().min(1)).default([]),
  region: Region.default({}),
  creditCode: CreditCode.optional(),
});
export type Organization = z.infer<typeof Organization>;

const RULES: Array<[RegExp, OrganizationKind]> = [
  [/(大学|大學|university|institute of technology)/i, 'university'],
  [/(研究院|研究所|研究中心|科学院|科學院|實驗室|实验室|academy|research institute|laborator)/i, 'research_institute'],
  [/(学院|學院|学校|學校|college)/i, 'university'],
  [/(公司|企业|企業|集团|集團|厂|廠|株式会社|co\.|ltd|inc\b|corp|gmbh|limited|llc)/i, 'enterprise'],
];

/**
 * Infers an organisation's kind from its name; a 2–4 character Chinese name without an
 * organisational word is taken to be a person.
 *
 * @example
 * inferOrganizationKind('北京理工大学')      // 'university'
 * inferOrganizationKind('中国科学院化学研究所') // 'research_institute'
 * inferOrganizationKind('山东某某科技有限公司') // 'enterprise'
 * inferOrganizationKind('张三')              // 'individual'
 */
export function inferOrganizationKind(name: string): OrganizationKind {
  for (const [pattern, kind] of RULES) if (pattern.test(name)) return kind;
  if (/^[\u4e00-\u9fff·]{2,4}$/.test(name.trim())) return 'individual';
  return 'enterprise';
}

const PROVINCES = [
  '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '内蒙古', '广西', '西藏',
  '宁夏', '新疆', '香港', '澳门',
];
/** Names that say only the province (a university's nickname, a province in Traditional script). */
const PROVINCE_ONLY = new Set(['清华', '齐鲁', '泉城', '臺灣', '台灣']);
const CITY_PROVINCE: Record<string, string> = {
  济南: '山东', 青岛: '山东', 烟台: '山东', 潍坊: '山东', 淄博: '山东', 泰安: '山东', 齐鲁: '山东', 泉城: '山东',
  武汉: '湖北', 南京: '江苏', 苏州: '江苏', 杭州: '浙江', 广州: '广东', 深圳: '广东', 成都: '四川', 西安: '陕西',
  长沙: '湖南', 株洲: '湖南', 哈尔滨: '黑龙江', 大连: '辽宁', 沈阳: '辽宁', 合肥: '安徽', 厦门: '福建', 郑州: '河南',
  包头: '内蒙古', 兰州: '甘肃', 昆明: '云南', 贵阳: '贵州', 南昌: '江西', 太原: '山西', 石家庄: '河北', 长春: '吉林',
  清华: '北京', 台北: '台湾', 臺北: '台湾', 臺灣: '台湾', 台灣: '台湾', 新竹: '台湾', 台南: '台湾', 臺南: '台湾', 高雄: '台湾',
};

/**
 * Guesses a region from an organisation name or address when it names a province or a well-known city.
 *
 * @example
 * inferRegion('北京理工大学')   // { province: '北京' }
 * inferRegion('济南大学')       // { province: '山东', city: '济南' }
 * inferRegion('國立臺灣大學')   // { province: '台湾' }
 * inferRegion('某某有限公司')   // {}
 */
export function inferRegion(text: string): Region {
  for (const [city, province] of Object.entries(CITY_PROVINCE)) {
    if (text.includes(city)) return PROVINCE_ONLY.has(city) ? { province } : { province, city: city.replace('臺', '台') };
  }
  for (const province of PROVINCES) if (text.startsWith(province) || text.includes(`${province}省`)) return { province };
  return {};
}
