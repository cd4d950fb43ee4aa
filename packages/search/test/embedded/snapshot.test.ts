/**
 * Snapshots: an engine loaded from `snapshot()` answers every query exactly as the original,
 * keeps accepting writes, and refuses files that are not its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FACETS, type SearchQuery } from '../../src/documents.ts';
import { EmbeddedIndexError, EmbeddedSearchEngine } from '../../src/embedded/index.ts';
import { documents, vectors, EMBEDDER_VERSION, ALL_IDS } from '../contract/fixtures.ts';
import { wordAnalyzer } from './reference-search.ts';

const dir = mkdtempSync(join(tmpdir(), 'pb-snapshot-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const query = (overrides: Partial<SearchQuery>): SearchQuery => ({ q: '', mode: 'keyword', semanticRatio: 0.5, filters: { visibleTo: { ownerIds: [], all: true } }, facets: [...FACETS], sort: [], limit: 50, offset: 0, ...overrides });
const strip = <T extends { tookMs: number }>(r: T) => ({ ...r, tookMs: 0 });

describe('snapshot and load', () => {
  it('round-trips documents, postings, attributes, vectors and codes', async () => {
    // exactLimit 20 makes the fixture corpus ×4 use one-bit codes, so they are snapshotted too.
    const options = { vectorSearch: { exactLimit: 20 } };
    const engine = new EmbeddedSearchEngine(options);
    for (let r = 0; r < 4; r++) await engine.upsert(documents().map((d) => ({ ...d, id: `${d.id}_${r}` })), vectors(), EMBEDDER_VERSION);
    await engine.delete(['pt_tea_1', 'dm_water_2']);
    await engine.upsert([{ ...documents(['pt_plough'])[0]!, id: 'pt_plough_3', title: '一种新型深松犁', revision: 2 }], undefined, undefined);
    const path = join(dir, 'index.pbse');
    const written = await engine.snapshot(path);
    expect(written.documents).toBe(ALL_IDS.length * 4 - 2);
    expect(readFileSync(path).byteLength).toBe(written.bytes);

    const loaded = await EmbeddedSearchEngine.load(path, options);
    expect(await loaded.stats()).toEqual(await engine.stats());
    expect(loaded.ids().sort()).toEqual(engine.ids().sort());
    const queries: Array<Partial<SearchQuery>> = [
      { q: '石墨烯 电池' },
      { q: '深松犁', sort: [{ field: 'filingYear', direction: 'desc' }] },
      { q: '', filters: { ipcPrefix: ['H01M'], visibleTo: { ownerIds: ['org_sme_x'] } } },
      { q: 'membrane water', mode: 'hybrid', vector: Float32Array.of(0, 0.1, 0, 0, 0, 0, 1, 0) },
      { mode: 'semantic', vector: Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0), limit: 7, offset: 3 },
    ];
    for (const q of queries) expect(strip(await loaded.search(query(q))), JSON.stringify(q)).toEqual(strip(await engine.search(query(q))));
    expect(await loaded.vectorOf('pt_battery_2')).toEqual(await engine.vectorOf('pt_battery_2'));

    // The loaded engine keeps working: writes, deletes, merges.
    await loaded.upsert([{ ...documents(['pt_tea'])[0]!, id: 'pt_new', title: '一种红茶发酵机' }], [Float32Array.of(0, 0, 1, 0, 0, 0, 0, 0)], EMBEDDER_VERSION);
    await loaded.delete(['pt_battery_0']);
    loaded.compact();
    expect((await loaded.search(query({ q: '发酵' }))).hits.map((h) => h.id)).toEqual(['pt_new']);
    expect((await loaded.upsert([documents(['pt_tea'])[0]!], [Float32Array.of(1, 0, 0, 0, 0, 0, 0, 0)], 'other@9')).error?.code).toBe('embedder_version_mismatch');
  });

  it('an empty index round-trips', async () => {
    const path = join(dir, 'empty.pbse');
    await new EmbeddedSearchEngine().snapshot(path);
    const loaded = await EmbeddedSearchEngine.load(path);
    expect(await loaded.stats()).toEqual({ documents: 0, embedderVersion: null });
    expect((await loaded.search(query({ q: '石墨烯' }))).total).toBe(0);
  });

  it('refuses other files, truncated snapshots and snapshots of another text pipeline', async () => {
    const path = join(dir, 'index.pbse');
    const engine = new EmbeddedSearchEngine();
    await engine.upsert(documents(), vectors(), EMBEDDER_VERSION);
    await engine.snapshot(path);
    const bytes = readFileSync(path);
    const broken = join(dir, 'broken.pbse');
    writeFileSync(broken, bytes.subarray(0, bytes.byteLength - 100));
    await expect(EmbeddedSearchEngine.load(broken)).rejects.toBeInstanceOf(EmbeddedIndexError);
    writeFileSync(broken, 'not a snapshot at all, just text');
    await expect(EmbeddedSearchEngine.load(broken)).rejects.toThrow(/not a search index snapshot/);
    await expect(EmbeddedSearchEngine.load(path, { analyzer: wordAnalyzer })).rejects.toThrow(/text pipeline/);
  });
});
