import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultChainCatalogue } from '@patent-bridge/domain';
import { createTask, createTestPostgres, openStorage, postgresAvailable, type StorageConfig } from '@patent-bridge/db';
import { runImport, upsertDrafts, validateRecord, type PatentDraft } from '@patent-bridge/inventory';
import { datasetSource, loadDataset } from '@patent-bridge/datasets';
import { timed } from './machine.ts';

const today = new Date('2026-11-21T00:00:00Z');
const catalogue = defaultChainCatalogue();

async function importAll(config: StorageConfig): Promise<{ seconds: number; imported: number; received: number }> {
  const storage = await openStorage(config);
  try {
    const taskId = await createTask(storage.db, 'import', { kind: 'dataset', dataset: 'all' });
    const { ms, value } = await timed(() => runImport(storage.db, taskId, datasetSource('all'), { catalogue, today }));
    return { seconds: ms / 1000, imported: value.imported, received: value.received };
  } finally {
    await storage.close();
  }
}

/**
 * Inventory import: every shared record end to end (read, validate, upsert, tag, screen) on
 * embedded PGlite on disk and on PostgreSQL; then batched upsert against a row-at-a-time baseline.
 */
export async function benchImport(print: (line: string) => void): Promise<void> {
  const { ms: loadMs, value: load } = await timed(() => loadDataset('all'));
  print(`read all shared datasets: ${load.read} records in ${(loadMs / 1000).toFixed(2)} s (${Math.round(load.read / (loadMs / 1000))} records/s)`);
  const { ms: validateMs, value: drafts } = await timed(async () => {
    const out: PatentDraft[] = [];
    for (const record of load.records) {
      const r = validateRecord(record, { today, source: 'bench' });
      if (r.ok) out.push(r.draft);
    }
    return out;
  });
  print(`validate + normalise (incl. Traditional → Simplified): ${(validateMs / 1000).toFixed(2)} s (${Math.round(load.records.length / (validateMs / 1000))} records/s)`);

  const dir = mkdtempSync(join(tmpdir(), 'pb-bench-'));
  try {
    const pglite = await importAll({ kind: 'pglite', dataDir: join(dir, 'pglite') });
    print(`import --dataset all on PGlite (disk): ${pglite.imported}/${pglite.received} in ${pglite.seconds.toFixed(1)} s = ${Math.round(pglite.received / pglite.seconds)} records/s; target 60 s → ${(60 / pglite.seconds).toFixed(1)}× under`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await postgresAvailable()) {
    const { config, drop } = await createTestPostgres();
    try {
      const pg = await importAll(config);
      print(`import --dataset all on PostgreSQL 127.0.0.1: ${pg.imported}/${pg.received} in ${pg.seconds.toFixed(1)} s = ${Math.round(pg.received / pg.seconds)} records/s`);
    } finally {
      await drop();
    }
  }

  const sample = drafts.slice(0, 2000);
  const perBatch = async (batchSize: number) => {
    const storage = await openStorage({ kind: 'pglite', dataDir: 'memory' });
    try {
      return (await timed(() => upsertDrafts(storage.db, sample, { today, catalogue, batchSize }))).ms;
    } finally {
      await storage.close();
    }
  };
  const baseline = await perBatch(1);
  const batched = await perBatch(500);
  print(`upsert 2,000 records, PGlite memory: row at a time (baseline) ${(baseline / 1000).toFixed(2)} s vs batches of 500 ${(batched / 1000).toFixed(2)} s → ${(baseline / batched).toFixed(1)}× faster`);
}
