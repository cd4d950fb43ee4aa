import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DATASETS, loadDataset, type DatasetLoad, type PatentDatasetName, type RawRecord } from '../src/index.ts';
import { ROOT, physicalLines } from './helpers.ts';

const loads = new Map<PatentDatasetName, DatasetLoad>();
const NAMES: PatentDatasetName[] = ['cn-recent-titles-ipc', 'cn-a01-abstracts', 'bdci2021-patents', 'tw-university-patents', 'bit-university-patents'];

beforeAll(async () => {
  const all = await loadDataset('all');
  for (const part of all.parts) loads.set(part.dataset as PatentDatasetName, part);
});

function loaded(name: PatentDatasetName): DatasetLoad {
  const result = loads.get(name);
  if (result === undefined) throw new Error(`${name} was not loaded`);
  return result;
}

function bySourceId(name: PatentDatasetName, id: string): RawRecord {
  const record = loaded(name).records.find((r) => r.fields.sourceId === id);
  if (record === undefined) throw new Error(`${name}: no record ${id}`);
  return record;
}

describe('every public patent dataset', () => {
  it.each(NAMES)('%s: reads every record without errors, counts reconcile, and the manifest agrees', (name) => {
    const result = loaded(name);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.read).toBe(result.records.length + result.errors.length);
    expect(DATASETS.find((d) => d.name === name)?.records).toBe(result.records.length);
  });

  it.each(NAMES)('%s: every record names its file and a line inside it', (name) => {
    const lineCounts = new Map<string, number>();
    for (const record of loaded(name).records) {
      expect(record.source).toMatch(new RegExp(`^${name}/`));
      const source = record.source!;
      if (!lineCounts.has(source)) lineCounts.set(source, physicalLines(source).length);
      expect(record.line).toBeGreaterThanOrEqual(1);
      expect(record.line).toBeLessThanOrEqual(lineCounts.get(source)!);
      expect(record.fields.title, `${source}:${record.line}`).toBeTruthy();
    }
  });
});

describe('cn-recent-titles-ipc', () => {
  const SOURCE = 'cn-recent-titles-ipc/patents.csv';

  it('has one record per data line (9,740)', () => {
    const lines = physicalLines(SOURCE);
    expect(lines.slice(1).every((line) => /^\d+,\d,CN\d+[A-Z]\d?,/.test(line))).toBe(true);
    expect(loaded('cn-recent-titles-ipc').records).toHaveLength(lines.length - 1);
    expect(lines.length - 1).toBe(9740);
  });

  it('maps the publication number, title and real IPC subclasses, and keeps fold and row id', () => {
    const first = loaded('cn-recent-titles-ipc').records[0]!;
    expect(first).toEqual({
      line: 2,
      source: SOURCE,
      fields: { publicationNumber: 'CN114081026A', title: '一种水电站高压输电线路驱鸟保护装置', ipcCodes: 'A01M;G06F;H02G' },
      extra: { datasetRow: '0', fold: '1', benchmarkSubclasses: 'A01M;G06F;H02G' },
    });
    // The predicted_subclasses column (A01M|G06V|H02J on this row) is another model's output: never read.
    expect(JSON.stringify(first)).not.toContain('G06V');
  });

  it('points each record at its own line', () => {
    const lines = physicalLines(SOURCE);
    for (const record of loaded('cn-recent-titles-ipc').records) {
      expect(lines[record.line - 1]!.split(',')[2]).toBe(record.fields.publicationNumber);
    }
  });
});

describe('cn-a01-abstracts', () => {
  const files = readdirSync(join(ROOT, 'cn-a01-abstracts')).filter((f) => /^A01[A-Z]\.csv$/.test(f));

  it('has 11,517 records across the subclass files, counted per file from record starts', () => {
    let total = 0;
    for (const file of files) {
      const source = `cn-a01-abstracts/${file}`;
      const starts = physicalLines(source).filter((line) => /^"\d+","/.test(line)).length;
      const records = loaded('cn-a01-abstracts').records.filter((r) => r.source === source);
      expect(records, source).toHaveLength(starts);
      expect(records.every((r) => r.fields.ipcCodes === file.slice(0, 4))).toBe(true);
      total += starts;
    }
    expect(total).toBe(11517);
    expect(loaded('cn-a01-abstracts').records).toHaveLength(11517);
  });

  it('maps 申请号, 名称, 摘要, patent_id and the file subclass', () => {
    const first = loaded('cn-a01-abstracts').records[0]!;
    expect(first.source).toBe('cn-a01-abstracts/A01B.csv');
    expect(first.line).toBe(2);
    expect(first.fields).toMatchObject({ applicationNumber: 'CN85105156', title: '利用苕子根茬免耕种植法', ipcCodes: 'A01B', sourceId: '10000643' });
    expect(first.fields.abstract).toMatch(/^“利用苕子根茬免耕种植法”是一种农作物种植的耕作方法。/);
    const lines = physicalLines('cn-a01-abstracts/A01K.csv');
    for (const record of loaded('cn-a01-abstracts').records.filter((r) => r.source === 'cn-a01-abstracts/A01K.csv')) {
      expect(lines[record.line - 1]!.startsWith(`"${record.fields.sourceId}","`)).toBe(true);
    }
  });

  it('undoes the hard line wrapping and the stray end markers, and says so', () => {
    const records = loaded('cn-a01-abstracts').records;
    expect(records.filter((r) => r.fields.abstract?.includes('\n'))).toEqual([]);
    expect(records.filter((r) => /\$[#＃]?!?$/.test(r.fields.abstract ?? ''))).toEqual([]);
    expect(records.filter((r) => r.extra?.cleaning?.includes('abstract line breaks'))).toHaveLength(441);
    expect(records.filter((r) => r.extra?.cleaning?.includes('end marker'))).toHaveLength(22);
    const horseshoe = bySourceId('cn-a01-abstracts', '10459506');
    expect(horseshoe.fields.abstract).toMatch(/^本发明涉及马掌，它适应在马蹄碰撞地面期间马蹄的自然膨胀和相对运动。/);
    expect(records.filter((r) => r.fields.abstract === undefined)).toHaveLength(58);
  });
});

describe('bdci2021-patents', () => {
  const SOURCE = 'bdci2021-patents/train.jsonl';

  it('has one record per JSON line (975) and keeps each label', () => {
    const lines = physicalLines(SOURCE);
    expect(lines.filter((line) => line.trim() !== '')).toHaveLength(975);
    const records = loaded('bdci2021-patents').records;
    expect(records).toHaveLength(975);
    for (const record of records) {
      const json = JSON.parse(lines[record.line - 1]!) as { title: string; assignee: string; abstract: string; label_id: number };
      expect(record.fields).toMatchObject({ title: json.title, applicants: json.assignee, abstract: json.abstract });
      expect(record.extra?.labelId).toBe(String(json.label_id));
    }
    expect(records[0]).toMatchObject({ line: 1, source: SOURCE, fields: { applicants: '北京智芯微电子科技有限公司' } });
  });

  it('derives unique sourceIds from the content, stable across loads', async () => {
    const records = loaded('bdci2021-patents').records;
    const ids = records.map((r) => r.fields.sourceId);
    expect(new Set(ids).size).toBe(975);
    expect(ids.every((id) => /^bdci-[0-9a-f]{12}(-\d+)?$/.test(id ?? ''))).toBe(true);
    const again = await loadDataset('bdci2021-patents');
    expect(again.records.map((r) => r.fields.sourceId)).toEqual(ids);
    // Lines 575 and 656 are the same patent twice: the repeat gets -2.
    const first = records.find((r) => r.line === 575)!;
    const repeat = records.find((r) => r.line === 656)!;
    expect(repeat.fields.sourceId).toBe(`${first.fields.sourceId}-2`);
  });
});

describe('tw-university-patents', () => {
  const PATENTS = 'tw-university-patents/node_patent.csv';

  /** uuid → values of a two-column relationship file, read naively (no value holds a line break). */
  function relationship(file: string, uuidFirst: boolean): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const line of physicalLines(`tw-university-patents/${file}`).slice(1)) {
      const comma = uuidFirst ? line.indexOf(',') : line.lastIndexOf(',');
      let [uuid, value] = uuidFirst ? [line.slice(0, comma), line.slice(comma + 1)] : [line.slice(comma + 1), line.slice(0, comma)];
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replaceAll('""', '"');
      const group = groups.get(uuid!) ?? [];
      group.push(value);
      groups.set(uuid!, group);
    }
    return groups;
  }

  const isName = (value: string) => /[\p{L}\p{N}]/u.test(value);
  const distinct = (values: string[]) => [...new Set(values)];

  it('has one record per patent uuid (8,665)', () => {
    const lines = physicalLines(PATENTS).slice(1);
    const uuids = new Set(lines.map((line) => line.slice(line.lastIndexOf(',') + 1)));
    expect(uuids.size).toBe(8665);
    const records = loaded('tw-university-patents').records;
    expect(records).toHaveLength(8665);
    expect(new Set(records.map((r) => r.fields.sourceId))).toEqual(uuids);
  });

  it('joins applicants, inventors and IPC subclasses onto the right patent', () => {
    const applicants = relationship('relationship_applicant_patent.csv', true);
    const inventors = relationship('relationship_inventor_patent.csv', true);
    const ipc = relationship('relationship_ipc_patent.csv', false);
    const lines = physicalLines(PATENTS);
    for (const record of loaded('tw-university-patents').records) {
      const uuid = record.fields.sourceId!;
      expect(lines[record.line - 1]).toBe(`${record.fields.title},${uuid}`);
      expect(record.fields.applicants).toBe(distinct((applicants.get(uuid) ?? []).filter(isName)).join(';'));
      expect(record.fields.inventors ?? '').toBe(distinct((inventors.get(uuid) ?? []).filter(isName)).join(';'));
      expect(record.fields.ipcCodes).toBe((ipc.get(uuid) ?? []).join(';'));
    }
  });

  it('keeps both applicants of a jointly held patent, titles in Traditional script', () => {
    const record = bySourceId('tw-university-patents', '6000d7a8-432c-4119-9f51-af3f079f5e92');
    expect(record).toMatchObject({
      line: 4,
      source: PATENTS,
      fields: { title: '細胞壞死抑制劑與相關方法', applicants: '哈佛大學校長及研究員協會;中國科學院上海有機化學研究所', ipcCodes: 'C07D' },
    });
  });

  it('moves punctuation left over from upstream name splitting out of the names', () => {
    const record = bySourceId('tw-university-patents', '10832840-8736-42c5-aa37-7754bcbef9f0');
    expect(record.fields.applicants).toBe('新日鐵住金股份有限公司;學校法人早稻田大學');
    expect(record.extra).toEqual({ applicantFragments: '&' });
    const records = loaded('tw-university-patents').records;
    expect(records.filter((r) => r.extra?.applicantFragments !== undefined)).toHaveLength(238);
    expect(records.every((r) => (r.fields.applicants ?? '').split(';').every(isName))).toBe(true);
  });
});

describe('bit-university-patents', () => {
  const SOURCE = 'bit-university-patents/patents.csv';

  it('has 126 records on 145 physical lines (no header)', () => {
    const lines = physicalLines(SOURCE);
    expect(lines).toHaveLength(145);
    const starts = lines.filter((line) => /^\d{8},/.test(line));
    expect(starts).toHaveLength(126);
    const records = loaded('bit-university-patents').records;
    expect(records).toHaveLength(126);
    for (const record of records) expect(lines[record.line - 1]!.startsWith(`${record.fields.filingDate},${record.fields.applicationNumber},`)).toBe(true);
  });

  it('maps the first row: ZL number, filing date, owner as applicant and owner', () => {
    expect(loaded('bit-university-patents').records[0]).toEqual({
      line: 1,
      source: SOURCE,
      fields: {
        filingDate: '20100209',
        applicationNumber: 'ZL 201010110545.X',
        applicants: '北京理工大学',
        owners: '北京理工大学',
        title: '一种结合指针分析的软件安全漏洞动态检测方法',
        inventors: '胡昌振;王崑声;曲洋;马锐;薛静锋',
        legalStatus: '授权',
      },
    });
  });

  it('splits owners at the quoted line break and inventors at every separator used', () => {
    const records = loaded('bit-university-patents').records;
    const joint = records.find((r) => r.fields.applicationNumber === 'ZL 201110294120.3')!;
    expect(joint.line).toBe(3);
    expect(joint.fields.owners).toBe('北京理工大学;公安部第三研究所');
    expect(records.filter((r) => r.fields.applicants?.includes(';'))).toHaveLength(19);
    expect(records.find((r) => r.fields.inventors?.includes('彭飞'))?.fields.inventors).toBe('张春霞;彭飞;郭钰;王树良;刘振岩'); // written '张春霞;?彭飞;?…'
    expect(records.find((r) => r.fields.inventors?.startsWith('田东海'))?.fields.inventors).toBe('田东海;蔡静轩;马锐;李家硕;张博');
    expect(records.find((r) => r.fields.inventors?.startsWith('胡昌振;马锐;王夏菁'))).toBeDefined();
    expect(records.every((r) => !/[、\s,?]/.test(r.fields.inventors ?? ''))).toBe(true);
    // The filing year is the number's year.
    for (const record of records) expect(record.fields.applicationNumber!.replace(/^ZL /, '').slice(0, 4)).toBe(record.fields.filingDate!.slice(0, 4));
  });

  it('gives a pending application (申请) no owner', () => {
    const pending = loaded('bit-university-patents').records.filter((r) => r.fields.legalStatus === '申请');
    expect(pending).toHaveLength(8);
    expect(pending.every((r) => r.fields.owners === undefined && r.fields.applicants !== undefined)).toBe(true);
    expect(pending.every((r) => /^\d{12}\.[\dX]$/.test(r.fields.applicationNumber!))).toBe(true);
  });
});
