import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applicationCheckDigit, defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, findPatent, getTask, listTaskErrors, organizationId, storageVariants, type Storage } from '@patent-bridge/db';
import { runImport, uploadSource, NOT_YOUR_PATENT } from '../../src/index.ts';

const catalogue = defaultChainCatalogue();
const today = new Date('2026-11-21T00:00:00Z');
const utf8 = (text: string) => new TextEncoder().encode(text);
const number = (body: string) => `${body}.${applicationCheckDigit(body)}`;

const HEADER = '申请号,名称,摘要,申请人,专利权人,申请日,法律状态\n';
const OURS = '泉城理工大学';
const THEIRS = '历下农业大学';
const row = (body: string, title: string, owner: string, abstract = '') => `${number(body)},${title},${abstract},${owner},${owner},${body.slice(0, 4)}-03-01,授权`;

for (const variant of await storageVariants()) {
  describe(`a university's upload writes only its own patents, on ${variant.name}`, () => {
    let storage: Storage;
    beforeAll(async () => {
      storage = await variant.open();
    });
    afterAll(async () => storage?.close());

    async function importAs(actingOrganizationId: string | undefined, csv: string, filename: string) {
      const taskId = await createTask(storage.db, 'import', { filename });
      await runImport(storage.db, taskId, uploadSource(utf8(csv), filename), { catalogue, today, ...(actingOrganizationId ? { actingOrganizationId } : {}) });
      return (await getTask(storage.db, taskId))!;
    }

    it('rejects per record, with not_your_patent, every patent the university does not own, and never touches one owned by others', async () => {
      const theirs = await importAs(undefined, HEADER + [row('201810001111', '一种茶叶杀青机', THEIRS, '原始摘要。')].join('\n') + '\n', 'admin.csv');
      expect(theirs.counts.imported).toBe(1);
      const before = (await findPatent(storage.db, number('201810001111')))!;
      expect(before.ownerOrganizationIds).toEqual([organizationId(THEIRS)]);

      const upload = [
        row('201910002222', '一种储能电池均衡电路', OURS),
        row('201910003333', '一种果蔬保鲜膜', THEIRS),
        row('201810001111', '一种茶叶杀青机', OURS, '改写的摘要。'),
        row('201810001111', '一种茶叶杀青机', THEIRS, '改写的摘要。').replace(number('201810001111'), `ZL${number('201810001111')}`),
        row('201910004444', '一种无主专利', ''),
      ];
      const task = await importAs(organizationId(OURS), HEADER + upload.join('\n') + '\n', 'uni.csv');
      expect(task.status).toBe('succeeded');
      const c = task.counts;
      expect(c).toMatchObject({ received: 5, imported: 1, updated: 0, unchanged: 0, rejected: 3, merged: 1 });
      expect(c.imported + c.updated + c.unchanged + c.merged + c.rejected).toBe(c.received);

      const errors = await listTaskErrors(storage.db, task.id);
      expect(errors.map((e) => [e.line, e.field])).toEqual([
        [3, 'owners'],
        [4, 'owners'],
        [6, 'owners'],
      ]);
      for (const e of errors) expect(e.message.startsWith(`${NOT_YOUR_PATENT}: `)).toBe(true);
      expect(errors[1]!.message).toContain(THEIRS);

      expect((await findPatent(storage.db, number('201910002222')))?.ownerOrganizationIds).toEqual([organizationId(OURS)]);
      expect(await findPatent(storage.db, number('201910003333'))).toBeUndefined();
      expect(await findPatent(storage.db, number('201910004444'))).toBeUndefined();
      const after = (await findPatent(storage.db, number('201810001111')))!;
      expect(after).toMatchObject({ abstract: '原始摘要。', owners: [THEIRS], updatedAt: before.updatedAt });
      const changes = await storage.db.selectFrom('patent_changes').select('task_id').where('patent_id', '=', before.id).execute();
      expect(changes.map((ch) => ch.task_id)).toEqual([theirs.id]);
      const numbers = await storage.db.selectFrom('patent_numbers').select('number').where('number', 'in', [`CN${number('201910002222')}`, `CN${number('201910003333')}`]).execute();
      expect(numbers.map((n) => n.number)).toEqual([`CN${number('201910002222')}`]);
    });

    it('updates the university’s own patents, and an admin import (no acting organisation) may write any', async () => {
      const first = await importAs(organizationId(OURS), HEADER + row('202010005555', '一种光伏清扫机器人', OURS, '第一版。') + '\n', 'v1.csv');
      expect(first.counts).toMatchObject({ imported: 1, rejected: 0 });
      const second = await importAs(organizationId(OURS), HEADER + row('202010005555', '一种光伏清扫机器人', OURS, '第二版。') + '\n', 'v2.csv');
      expect(second.counts).toMatchObject({ updated: 1, rejected: 0 });
      expect((await findPatent(storage.db, number('202010005555')))?.abstract).toBe('第二版。');

      const transfer = await importAs(organizationId(OURS), HEADER + row('202010005555', '一种光伏清扫机器人', THEIRS, '第二版。') + '\n', 'transfer.csv');
      expect(transfer.counts).toMatchObject({ updated: 0, rejected: 1 });
      expect((await findPatent(storage.db, number('202010005555')))?.owners).toEqual([OURS]);

      const byAdmin = await importAs(undefined, HEADER + row('202010005555', '一种光伏清扫机器人', THEIRS, '第二版。') + '\n', 'admin-transfer.csv');
      expect(byAdmin.counts).toMatchObject({ updated: 1, rejected: 0 });
      expect((await findPatent(storage.db, number('202010005555')))?.owners).toEqual([THEIRS]);
    });
  });
}
