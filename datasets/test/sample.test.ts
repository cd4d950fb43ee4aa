import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DemandInput, normalizeApplicationNumber, normalizeIpc } from '@patent-bridge/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import { SAMPLE_DIR, WRITTEN_BY, loadIndustryCodes, loadSampleDemands, loadSamplePatents, type DatasetLoad, type SampleDemand } from '../src/index.ts';
import { ROOT, checkDigit } from './helpers.ts';

const LABEL = '示例数据：patent-bridge 项目编写的虚构记录，非真实专利';
const LABEL_TRADITIONAL = '示例資料：patent-bridge 專案編寫的虛構記錄，非真實專利';

let patents: DatasetLoad;
let demands: SampleDemand[];

beforeAll(async () => {
  patents = await loadSamplePatents();
  demands = await loadSampleDemands();
});

describe('sample/patents.csv (written by the project, fictitious)', () => {
  it('reads all 61 rows through the upload CSV path, every CNIPA-style column recognised', () => {
    expect(patents.errors).toEqual([]);
    expect(patents.records).toHaveLength(61);
    const header = readFileSync(join(SAMPLE_DIR, 'patents.csv'), 'utf8').split('\n')[0]!.split(',');
    expect(header).toEqual([
      '申请号', '公开(公告)号', '名称', '摘要', '主分类号', 'IPC分类号', '申请人', '专利权人', '发明人', '申请日',
      '公开日', '授权公告日', '法律状态', '专利类型', '开放许可', '开放许可费', '付费方式', '许可期限', '备注',
    ]);
    // Only the 备注 label stays unmapped.
    expect(new Set(patents.records.flatMap((r) => Object.keys(r.extra ?? {})))).toEqual(new Set(['备注']));
  });

  it('labels every row as project-written and fictitious', () => {
    for (const record of patents.records) expect([LABEL, LABEL_TRADITIONAL]).toContain(record.extra?.备注);
    const organisations = patents.records.flatMap((r) => [...(r.fields.applicants ?? '').split(';'), ...(r.fields.owners ?? '').split(';')]).filter(Boolean);
    expect(organisations.every((name) => name.endsWith('（示例）'))).toBe(true);
    const readme = readFileSync(join(SAMPLE_DIR, 'README.md'), 'utf8');
    expect(readme).toMatch(/written by the patent-bridge project; fictitious records, not real patents/i);
  });

  it('has valid application numbers: check digit, type digit, and a serial block CNIPA has not issued', () => {
    const TYPE_DIGIT: Record<string, string> = { 发明专利: '1', 实用新型: '2', 外观设计: '3' };
    for (const { fields } of patents.records) {
      const match = /^(?:CN)?(\d{12})\.([\dX])$/.exec(fields.applicationNumber ?? '');
      expect(match, fields.applicationNumber).not.toBeNull();
      const body = match![1]!;
      expect(match![2], fields.applicationNumber).toBe(checkDigit(body));
      expect(body[4]).toBe(TYPE_DIGIT[fields.patentType!]);
      expect(body.slice(0, 4)).toBe(fields.filingDate!.slice(0, 4));
      expect(body[5]).toBe('9');
      expect(normalizeApplicationNumber(fields.applicationNumber!)).toBe(`CN${body}.${match![2]}`);
      expect(fields.publicationNumber).toMatch(/^CN[123]9\d{7}[ABUS]$/);
    }
    expect(new Set(patents.records.map((r) => r.fields.applicationNumber)).size).toBe(61);
  });

  it('is internally consistent: IPC codes, dates, statuses, open-licence terms', () => {
    for (const { fields } of patents.records) {
      const ipc = (fields.ipcCodes ?? '').split(';').filter(Boolean);
      if (fields.patentType === '外观设计') expect(ipc).toEqual([]);
      else {
        expect(ipc.length).toBeGreaterThan(0);
        for (const code of ipc) expect(normalizeIpc(code), code).toBe(code);
        expect(fields.mainIpc).toBe(ipc[0]);
      }
      expect(fields.publicationDate! > fields.filingDate!).toBe(true);
      const pending = fields.legalStatus === '实质审查的生效';
      expect(fields.grantDate === undefined).toBe(pending);
      expect(fields.owners === undefined).toBe(pending);
      if (fields.grantDate !== undefined) expect(fields.grantDate >= fields.publicationDate!).toBe(true);
      if (fields.openLicence === '是') expect(Number(fields.openLicenceFee)).toBeGreaterThan(0);
      else expect(fields.openLicenceFee).toBeUndefined();
    }
    const count = (predicate: (f: DatasetLoad['records'][number]['fields']) => boolean) => patents.records.filter((r) => predicate(r.fields)).length;
    expect(count((f) => f.openLicence === '是')).toBe(11);
    expect(count((f) => f.legalStatus === '未缴年费专利权终止')).toBe(5);
    expect(count((f) => f.title?.startsWith('一種') === true)).toBe(4); // Traditional-script rows
    expect(count((f) => f.title === '一种滚筒杀青机' && f.ipcCodes === 'A23F 3/06')).toBe(1);
  });
});

describe('sample/demands.jsonl (written by the project, fictitious)', () => {
  it('has 20 demands, each labelled as written by the project', () => {
    expect(demands).toHaveLength(20);
    for (const demand of demands) {
      expect(demand.writtenBy).toBe(WRITTEN_BY);
      expect(demand.note).toContain('written by the patent-bridge project; fictitious');
      expect(demand.enterpriseName.endsWith('（示例）')).toBe(true);
    }
    expect(new Set(demands.map((d) => d.id)).size).toBe(20);
  });

  it('names real GB/T 4754 industries and Jinan districts, and is a valid DemandInput', async () => {
    const industries = new Set((await loadIndustryCodes(ROOT)).map((i) => i.code));
    for (const demand of demands) {
      expect(industries.has(demand.industryCode), demand.industryCode).toBe(true);
      expect(demand.region).toMatchObject({ province: '山东', city: '济南' });
      expect(demand.region.code).toMatch(/^3701\d{2}$/);
      expect(demand.budgetCny.min).toBeLessThanOrEqual(demand.budgetCny.max);
      expect(demand.licenceModes.length).toBeGreaterThan(0);
      const parsed = DemandInput.safeParse({
        enterpriseId: demand.id,
        title: demand.title,
        description: demand.description,
        keywords: demand.keywords,
        industryCode: demand.industryCode,
        chains: demand.chains,
        region: demand.region,
        budgetCny: demand.budgetCny,
        licenceModes: demand.licenceModes,
        maturity: demand.maturity,
      });
      expect(parsed.success, `${demand.id}: ${parsed.error?.message}`).toBe(true);
    }
  });
});
