/**
 * A roadshow day for the export tests, with names chosen to break naive writers: commas,
 * semicolons, backslashes, quotes, line breaks, markup and very long Chinese titles. Fictitious.
 */
import { buildAgenda, type Agenda } from '../../src/planning/index.ts';
import { roadshowTitle, type ExportMeeting, type RoadshowInfo } from '../../src/exports/index.ts';

export const NAMES = [
  { id: 'org-sdau', name: '山东农业大学（示例）' },
  { id: 'org-evil', name: '<script>alert("owner")</script>研究院, 济南; 分院\\实验室' },
  { id: 'org-qlu', name: '齐鲁工业大学（示例）' },
  { id: 'ent-tea', name: '济南南山云雾茶厂（示例）' },
  { id: 'ent-quote', name: '济南"禾源"茶业,有限公司\n第二行' },
  { id: 'ent-formula', name: '=HYPERLINK("http://example.invalid","点我")' },
];

export const LONG_TITLE = '一种基于多光谱成像与深度学习的茶叶杀青程度在线检测及滚筒温度自适应控制方法、装置、电子设备和存储介质🍵';

export const ROADSHOW: RoadshowInfo = {
  id: 'rs-2025-04',
  title: roadshowTitle('2025-04', '现代农业与食品'),
  location: '济南市专利转化路演基地, 3楼; 报告厅',
  organizer: '济南市专利转化路演基地',
};

export const AGENDA: Agenda = buildAgenda({
  date: '2025-04-18',
  start: '09:00',
  pitches: [
    { patentId: 'p-tea-roller', title: '一种滚筒杀青机', ownerOrganizationIds: ['org-sdau'] },
    { patentId: 'p-long', title: LONG_TITLE, ownerOrganizationIds: ['org-sdau', 'org-qlu'] },
    { patentId: 'p-evil', title: '一种<b>加粗</b>的装置; 含逗号, 与反斜杠\\', ownerOrganizationIds: ['org-evil'] },
    { patentId: 'p-apple', title: '一种苹果保鲜剂及其使用方法', ownerOrganizationIds: ['org-qlu'] },
  ],
  organizations: NAMES,
  meetings: { slots: 4, minutes: 20, gapMinutes: 5 },
});

export const MEETINGS: ExportMeeting[] = [
  { id: 'm1', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-sdau', slot: 0, table: 0, status: 'scheduled' },
  { id: 'm2', enterpriseId: 'ent-quote', ownerOrganizationId: 'org-sdau', slot: 1, table: 0, status: 'scheduled' },
  { id: 'm3', enterpriseId: 'ent-tea', ownerOrganizationId: 'org-evil', slot: 1, table: 1, status: 'scheduled' },
  { id: 'm4', enterpriseId: 'ent-formula', ownerOrganizationId: 'org-qlu', slot: 2, table: 0, status: 'cancelled' },
  { id: 'm5', enterpriseId: 'ent-quote', ownerOrganizationId: 'org-qlu', slot: 3, table: 2, status: 'scheduled' },
];
