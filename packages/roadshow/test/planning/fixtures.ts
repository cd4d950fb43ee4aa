/**
 * A small fictitious "modern agriculture and food" world for the planning tests: university
 * patents, SME demands and the matcher's scores between them. Written for these tests; not real
 * patents, enterprises or demands.
 */
import type { PlanningDemand, PlanningMatch, PlanningPatent } from '../../src/planning/index.ts';

export const AGRI = 'modern-agriculture-food';

export const ORGANIZATIONS = [
  { id: 'org-sdau', name: '山东农业大学（示例）' },
  { id: 'org-ujn', name: '济南大学（示例）' },
  { id: 'org-qlu', name: '齐鲁工业大学（示例）' },
  { id: 'org-sdu', name: '山东大学（示例）' },
];

export const ENTERPRISES = [
  { id: 'ent-tea', name: '济南南山云雾茶厂（示例）' },
  { id: 'ent-heyuan', name: '济南禾源茶业有限公司（示例）' },
  { id: 'ent-fruit', name: '章丘果蔬专业合作社（示例）' },
  { id: 'ent-farm', name: '平阴生态养殖场（示例）' },
  { id: 'ent-cold', name: '济南冷链物流有限公司（示例）' },
];

function patent(id: string, title: string, owners: string[], extra: Partial<PlanningPatent> = {}): PlanningPatent {
  return {
    id,
    title,
    chains: [{ chain: AGRI }],
    ownerOrganizationIds: owners,
    owners: [],
    legalStatus: 'granted',
    inventoryState: 'idle',
    screening: { score: 70 },
    ...extra,
  } as PlanningPatent;
}

export const PATENTS: PlanningPatent[] = [
  patent('p-tea-roller', '一种滚筒杀青机', ['org-sdau'], { openLicence: { declared: true, feeCny: 10_000 }, screening: { score: 80 } }),
  patent('p-tea-temp', '一种绿茶杀青温度控制方法', ['org-sdau'], { screening: { score: 78 } }),
  patent('p-tea-roll', '一种茶叶揉捻装置', ['org-sdau'], { screening: { score: 76 } }),
  patent('p-tea-dry', '一种茶叶干燥设备', ['org-sdau'], { screening: { score: 74 } }),
  patent('p-feed', '一种发酵饲料及其制备方法', ['org-ujn'], { openLicence: { declared: true }, screening: { score: 60 } }),
  patent('p-apple', '一种苹果保鲜剂及其使用方法', ['org-qlu'], { screening: { score: 85 } }),
  patent('p-cold', '一种果蔬冷链温控系统', ['org-qlu', 'org-sdu'], { screening: { score: 66 } }),
  patent('p-lapsed', '一种茶园病虫害监测装置', ['org-ujn'], { legalStatus: 'lapsed' }),
  patent('p-licensed', '一种花生脱壳机', ['org-sdu'], { inventoryState: 'licensed' }),
  patent('p-expired', '一种小麦播种机', ['org-sdu'], { expiryDate: '2024-12-31' }),
  patent('p-unmatched', '一种蘑菇栽培基质', ['org-sdu']),
  { ...patent('p-antibody', '一种抗体药物偶联物', ['org-sdu']), chains: [{ chain: 'biomedicine' }] } as PlanningPatent,
];

export const DEMANDS: PlanningDemand[] = [
  { id: 'd-tea', enterpriseId: 'ent-tea', title: '杀青火候老是控制不好，想上一台能自动控温的杀青设备', chains: [AGRI], status: 'open' },
  { id: 'd-heyuan', enterpriseId: 'ent-heyuan', title: '想把茶叶加工从手工改成半自动', chains: [AGRI], status: 'open' },
  { id: 'd-fruit', enterpriseId: 'ent-fruit', title: '苹果储藏期烂果多，想找保鲜技术', chains: [AGRI], status: 'open' },
  { id: 'd-farm', enterpriseId: 'ent-farm', title: '饲料成本高，想用发酵饲料', chains: [], status: 'open' },
  { id: 'd-cold', enterpriseId: 'ent-cold', title: '果蔬冷库温度波动大', chains: [AGRI], status: 'open' },
  { id: 'd-closed', enterpriseId: 'ent-cold', title: '已关闭的旧需求', chains: [AGRI], status: 'closed' },
  { id: 'd-bio', enterpriseId: 'ent-fruit', title: '想做抗体检测', chains: ['biomedicine'], status: 'open' },
];

export const MATCHES: PlanningMatch[] = [
  { demandId: 'd-tea', patentId: 'p-tea-roller', score: 0.86 },
  { demandId: 'd-tea', patentId: 'p-tea-temp', score: 0.84 },
  { demandId: 'd-tea', patentId: 'p-tea-roll', score: 0.62 },
  { demandId: 'd-tea', patentId: 'p-tea-dry', score: 0.61 },
  { demandId: 'd-heyuan', patentId: 'p-tea-roller', score: 0.7 },
  { demandId: 'd-heyuan', patentId: 'p-tea-roll', score: 0.72 },
  { demandId: 'd-heyuan', patentId: 'p-tea-dry', score: 0.69 },
  { demandId: 'd-heyuan', patentId: 'p-tea-temp', score: 0.66 },
  { demandId: 'd-fruit', patentId: 'p-apple', score: 0.81 },
  { demandId: 'd-fruit', patentId: 'p-cold', score: 0.55 },
  { demandId: 'd-cold', patentId: 'p-cold', score: 0.77 },
  { demandId: 'd-cold', patentId: 'p-apple', score: 0.4 },
  { demandId: 'd-farm', patentId: 'p-feed', score: 0.74 },
  { demandId: 'd-closed', patentId: 'p-unmatched', score: 0.9 },
  { demandId: 'd-tea', patentId: 'p-lapsed', score: 0.8 },
  { demandId: 'd-tea', patentId: 'p-licensed', score: 0.8 },
  { demandId: 'd-tea', patentId: 'p-expired', score: 0.8 },
  { demandId: 'd-bio', patentId: 'p-antibody', score: 0.9 },
  { demandId: 'd-fruit', patentId: 'p-unmatched', score: 0.1 },
];
