import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, rowFromPatent, type Storage } from '@patent-bridge/db';
import type { Patent } from '@patent-bridge/domain';
import { loadSemanticModel } from '../../src/index.ts';

const titles = ['一种锂电池均衡电路', '电池热管理系统', '一种茶叶杀青机', '滚筒杀青设备', '基于深度学习的图像识别方法', '一种图像分割方法', '钠离子电池正极材料', '绿茶加工生产线'];

function patent(i: number): Omit<Patent, 'createdAt' | 'updatedAt'> {
  return { id: `pt_${i}`, publicationNumbers: [], title: titles[i % titles.length]!, abstract: `${titles[i % titles.length]}的实施例 ${i}`, script: 'simplified', ipcCodes: [i % 3 ? 'H01M 10/44' : 'A23F 3/06'], applicants: [], owners: [], inventors: [], ownerOrganizationIds: [], legalStatus: 'granted', inventoryState: 'idle', chains: [], attributes: {}, provenance: { source: 'test' } };
}

describe('the shared offline embedder', () => {
  let storage: Storage;
  beforeAll(async () => {
    storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
  });
  afterAll(async () => storage?.close());

  it('is trained once, stored in the database, reused while current, and retrained when the corpus grows', async () => {
    await storage.db.insertInto('patents').values(Array.from({ length: 40 }, (_, i) => rowFromPatent(patent(i), 'h'))).execute();
    const first = await loadSemanticModel(storage.db);
    expect(first.trained).toBe(true);
    const again = await loadSemanticModel(storage.db, { current: first.embedder });
    expect(again).toEqual({ embedder: first.embedder, trained: false });
    const fromAnotherProcess = await loadSemanticModel(storage.db);
    expect(fromAnotherProcess.trained).toBe(false);
    expect(fromAnotherProcess.embedder.version).toBe(first.embedder.version);

    await storage.db.insertInto('patents').values(Array.from({ length: 20 }, (_, i) => rowFromPatent(patent(40 + i), 'h'))).execute();
    const grown = await loadSemanticModel(storage.db, { current: first.embedder });
    expect(grown.trained).toBe(true);
    expect(grown.embedder.version).not.toBe(first.embedder.version);
    expect(await storage.db.selectFrom('embedder_models').select('version').execute()).toHaveLength(2);
  });
});
