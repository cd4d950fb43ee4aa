import { describe, expect, it } from 'vitest';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { readInventory, type RawRecord } from '../../src/read/index.ts';
import { DEMAND_FIELD_VOCABULARY, type DemandField } from '../../src/demands/fields.ts';
import { demandKey, demandTitleKey } from '../../src/demands/draft.ts';
import { validateDemandRecord } from '../../src/demands/validate.ts';
import { writeWorkbook } from './workbook.ts';

const ctx = { today: new Date('2026-11-21T00:00:00Z'), source: 'upload:demands.csv', catalogue: defaultChainCatalogue() };
const utf8 = (text: string) => new TextEncoder().encode(text);
const row = (fields: RawRecord<DemandField>['fields'], line = 2): RawRecord<DemandField> => ({ line, fields });

describe('demand sheet headers', () => {
  it('recognises Simplified, Traditional and English headers, and 万元 budget columns', async () => {
    const csv = '需求編號,企業名稱,Title,需求描述,關鍵詞,行业代码,產業鏈,省份,城市,预算下限（万元）,Budget Max,許可方式,技术成熟度,截止日期,是否公開,备注\n';
    const result = await readInventory(utf8(csv), { filename: 'x.csv', vocabulary: DEMAND_FIELD_VOCABULARY });
    expect(result.columns.map((c) => c.field)).toEqual([
      'externalId', 'enterprise', 'title', 'description', 'keywords', 'industryCode', 'chains', 'province', 'city',
      'budgetMinWan', 'budgetMax', 'licenceModes', 'maturity', 'deadline', 'visibility', null,
    ]);
  });

  it('leaves patent reading alone: the same header means a patent field without the demand vocabulary', async () => {
    const csv = '名称,申请号\n一种犁,201010110545.X\n';
    expect((await readInventory(utf8(csv))).records[0]!.fields).toEqual({ title: '一种犁', applicationNumber: '201010110545.X' });
    const asDemand = await readInventory(utf8(csv), { vocabulary: DEMAND_FIELD_VOCABULARY });
    expect(asDemand.records[0]).toEqual({ line: 2, fields: { title: '一种犁' }, extra: { 申请号: '201010110545.X' } });
  });

  it('reads JSON Lines keyed by demand field, lists joined', async () => {
    const jsonl = '{"enterprise":"泉城茶厂（示例）","title":"杀青机控温","keywords":["杀青","控温"],"budgetMax":200000}\n{"enterprise":"x","titel":"y"}\n';
    const result = await readInventory(utf8(jsonl), { filename: 'demands.jsonl', vocabulary: DEMAND_FIELD_VOCABULARY });
    expect(result.records).toEqual([{ line: 1, fields: { enterprise: '泉城茶厂（示例）', title: '杀青机控温', keywords: '杀青;控温', budgetMax: '200000' } }]);
    expect(result.errors).toEqual([{ line: 2, field: 'row', message: expect.stringContaining('unknown key "titel"') }]);
  });

  it('reads an XLSX sheet with sheet row numbers and numbers written out', async () => {
    const workbook = writeWorkbook([
      ['企业名称', '需求名称', '预算上限（万元）', '行业代码'],
      ['泉城茶厂（示例）', '杀青机控温', 20, 153],
      [null, null, null, null],
      ['泉城茶厂（示例）', '揉捻机改造', 1.5, '017'],
    ]);
    const result = await readInventory(workbook, { filename: '需求.xlsx', vocabulary: DEMAND_FIELD_VOCABULARY });
    expect(result.encoding).toBe('xlsx');
    expect(result.records).toEqual([
      { line: 2, fields: { enterprise: '泉城茶厂（示例）', title: '杀青机控温', budgetMaxWan: '20', industryCode: '153' } },
      { line: 4, fields: { enterprise: '泉城茶厂（示例）', title: '揉捻机改造', budgetMaxWan: '1.5', industryCode: '017' } },
    ]);
  });
});

describe('validateDemandRecord', () => {
  it('turns a full row into demand content', () => {
    const result = validateDemandRecord(
      row({
        enterprise: ' 济南南山云雾茶厂（示例） ',
        externalId: 'JN-XQ-1',
        title: '杀青机自动控温改造',
        description: '想加装控温系统。',
        keywords: '杀青，温度控制',
        industryCode: 'C153',
        chains: '现代农业与食品',
        province: '山东省',
        city: '济南市',
        regionCode: '370112',
        budgetMin: '5万',
        budgetMaxWan: '20',
        licenceModes: '普通许可；开放许可',
        maturity: '量产',
        deadline: '2027/6/30',
        visibility: '私有',
      }),
      ctx,
    );
    expect(result).toEqual({
      ok: true,
      draft: {
        line: 2,
        source: 'upload:demands.csv',
        enterprise: '济南南山云雾茶厂（示例）',
        externalId: 'JN-XQ-1',
        script: 'simplified',
        content: {
          title: '杀青机自动控温改造',
          description: '想加装控温系统。',
          keywords: ['杀青', '温度控制'],
          industryCode: '153',
          chains: ['modern-agriculture-food'],
          region: { province: '山东', city: '济南', code: '370112' },
          budgetCny: { min: 50_000, max: 200_000 },
          licenceModes: ['non_exclusive', 'open_licence'],
          maturity: 'production',
          deadline: '2027-06-30',
          visibility: 'private',
        },
      },
    });
  });

  it('leaves out what the row does not say, so a re-import cannot reset it', () => {
    const result = validateDemandRecord(row({ enterprise: '泉城茶厂（示例）', title: '杀青机控温' }), ctx);
    expect(result.ok && result.draft.content).toEqual({ title: '杀青机控温' });
  });

  it('reports every bad field of a row with its line, field and reason', () => {
    const result = validateDemandRecord(
      row({ title: '', industryCode: '17', budgetMin: '八十万', budgetMax: '10万', licenceModes: '许可', maturity: '很好', deadline: '2027-02-30', visibility: '半公开', regionCode: '3701' }, 9),
      ctx,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.every((e) => e.line === 9 && e.message.length > 10)).toBe(true);
    expect(result.errors.map((e) => e.field).sort()).toEqual(['budgetMin', 'deadline', 'enterprise', 'industryCode', 'licenceModes', 'maturity', 'regionCode', 'title', 'visibility']);
  });

  it('rejects a budget whose maximum is below its minimum, and two columns for one bound', () => {
    const low = validateDemandRecord(row({ enterprise: 'A公司', title: 't', budgetMin: '80万', budgetMax: '20万' }), ctx);
    expect(low).toEqual({ ok: false, errors: [{ line: 2, field: 'budgetMax', message: 'the budget maximum 200000 CNY is below the minimum 800000 CNY' }] });
    const both = validateDemandRecord(row({ enterprise: 'A公司', title: 't', budgetMin: '80万', budgetMinWan: '80' }), ctx);
    expect(!both.ok && both.errors.map((e) => e.field)).toEqual(['budgetMinWan']);
  });

  it('rejects a city that lies in another province than the one given', () => {
    const result = validateDemandRecord(row({ enterprise: 'A公司', title: 't', province: '湖北', city: '济南' }), ctx);
    expect(result).toEqual({ ok: false, errors: [{ line: 2, field: 'city', message: '济南 is in 山东, not in 湖北 (湖北)' }] });
  });

  it('rejects a title or a keyword longer than a demand may hold', () => {
    const result = validateDemandRecord(row({ enterprise: 'A公司', title: '长'.repeat(201), keywords: '词'.repeat(51) }), ctx);
    expect(!result.ok && result.errors.map((e) => e.field).sort()).toEqual(['keywords', 'title']);
  });

  it('converts a Traditional row to Simplified and keeps its own text', () => {
    const result = validateDemandRecord(
      row({ enterprise: '濟南匯通電子科技有限公司', title: '電路板瑕疵自動檢測', description: '希望引進機器視覺檢測技術。', keywords: '瑕疵檢測；機器視覺', chains: '大數據與新一代信息技術', city: '濟南' }),
      ctx,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { draft } = result;
    expect(draft.script).toBe('traditional');
    expect(draft.enterprise).toBe('济南汇通电子科技有限公司');
    expect(draft.content).toMatchObject({ title: '电路板瑕疵自动检测', description: '希望引进机器视觉检测技术。', keywords: ['瑕疵检测', '机器视觉'], chains: ['big-data-it'], region: { province: '山东', city: '济南' } });
    expect(draft.original).toEqual({ enterprise: '濟南匯通電子科技有限公司', title: '電路板瑕疵自動檢測', description: '希望引進機器視覺檢測技術。', keywords: ['瑕疵檢測', '機器視覺'] });
  });

  it('keys a row by enterprise and external id, else by its normalised title in either script', () => {
    const a = validateDemandRecord(row({ enterprise: '濟南匯通電子（示例）', title: '電路板 瑕疵檢測！' }), ctx);
    const b = validateDemandRecord(row({ enterprise: '济南汇通电子（示例）', title: '电路板瑕疵检测' }), ctx);
    const c = validateDemandRecord(row({ enterprise: '济南汇通电子（示例）', externalId: 'X-1', title: '电路板瑕疵检测' }), ctx);
    if (!a.ok || !b.ok || !c.ok) throw new Error('rows should be valid');
    expect(demandKey(a.draft)).toBe(demandKey(b.draft));
    expect(demandKey(c.draft)).not.toBe(demandKey(b.draft));
    expect(demandTitleKey('Machine Vision, 检测')).toBe('machinevision检测');
  });
});
