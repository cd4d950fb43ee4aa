import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationCheckDigit, defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, organizationId, storageVariants, type Storage } from '@patent-bridge/db';
import { inventoryStatistics, renderInventoryStatistics, runImport, uploadSource } from '../../src/index.ts';

const catalogue = defaultChainCatalogue();
const today = new Date('2026-11-21T00:00:00Z');
const number = (body: string) => `${body}.${applicationCheckDigit(body)}`;
const OURS = '泉城理工大学';
const THEIRS = '历下农业大学';
const row = (body: string, filed: string, owner: string, title: string) => `${number(body)},${title},${owner},${filed},授权`;
const CSV = [
  '申请号,名称,专利权人,申请日,法律状态',
  row('200610012345', '2006-11-30', OURS, '一种茶叶杀青机'), // invention: term ends 2026-11-29
  row('201620054321', '2016-12-15', OURS, '一种揉捻机压力阀'), // utility model: ends 2026-12-14
  row('201720011111', '2017-02-10', THEIRS, '一种烘干机风道'), // utility model: ends 2027-02-09
  row('201720022222', '2017-11-21', THEIRS, '一种采茶机刀片'), // utility model: ends 2027-11-20, the window's last day
  row('202110086421', '2021-04-12', OURS, '一种滚筒杀青机叶温控制装置'), // invention: in force for years
  row('200510099999', '2005-01-05', THEIRS, '一种老式炒锅'), // term over: expired
].join('\n');

for (const variant of await storageVariants()) {
  describe(`inventory statistics for the dashboard, on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
      const taskId = await createTask(storage.db, 'import', { filename: 'stock.csv' });
      await runImport(storage.db, taskId, uploadSource(new TextEncoder().encode(`${CSV}\n`), 'stock.csv'), { catalogue, today });
    });
    afterAll(async () => storage?.close());

    it('lists the patents in force that expire within 12 months, by calendar month, the window’s last day included', async () => {
      const stats = await inventoryStatistics(storage.db, { today, catalogue });
      expect(stats.overall.total).toBe(6);
      expect(stats.expiring.total).toBe(4);
      expect(stats.overall.expiringWithin12Months).toBe(4);
      expect(stats.expiring.byMonth.map((m) => m.month)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02', '2027-03', '2027-04', '2027-05', '2027-06', '2027-07', '2027-08', '2027-09', '2027-10', '2027-11']);
      expect(stats.expiring.byMonth.filter((m) => m.count > 0)).toEqual([
        { month: '2026-11', count: 1 },
        { month: '2026-12', count: 1 },
        { month: '2027-02', count: 1 },
        { month: '2027-11', count: 1 },
      ]);
    });

    it('spreads the screening scores over ten bins and the four grades, and scopes to the owners asked for', async () => {
      const stats = await inventoryStatistics(storage.db, { today, catalogue });
      const { bins, byGrade, unscored } = stats.screeningScores;
      expect(bins).toHaveLength(10);
      expect([bins[0]!.from, bins[9]!.to]).toEqual([0, 100]);
      expect(unscored).toBe(0);
      expect(bins.reduce((s, b) => s + b.count, 0)).toBe(6);
      expect(byGrade.A + byGrade.B + byGrade.C + byGrade.D).toBe(6);
      const scores = (await storage.db.selectFrom('patents').select('screening_score').execute()).map((r) => r.screening_score!);
      for (const bin of bins) expect(bin.count).toBe(scores.filter((s) => Math.min(9, Math.floor(s / 10)) === bin.from / 10).length);

      const ours = await inventoryStatistics(storage.db, { today, catalogue, ownerOrganizationIds: [organizationId(OURS)] });
      expect([ours.scope, ours.overall.total, ours.expiring.total]).toEqual([{ ownerOrganizationIds: [organizationId(OURS)] }, 3, 2]);
      expect(ours.screeningScores.bins.reduce((s, b) => s + b.count, 0)).toBe(3);
      expect(stats.scope).toBeUndefined();
    });

    it('renders the histogram and the months in the text table', async () => {
      const text = renderInventoryStatistics(await inventoryStatistics(storage.db, { today, catalogue, ownerOrganizationIds: [organizationId(OURS)] }));
      expect(text).toContain(`owners ${organizationId(OURS)}`);
      expect(text).toMatch(/筛选分分布 Screening scores \(A \d+ · B \d+ · C \d+ · D \d+ · 未评 unscored 0\)/);
      expect(text).toContain('12个月内到期 Expiring within 12 months, by month (2)');
      expect(text).toMatch(/2026-12\s+1/);
    });
  });
}
