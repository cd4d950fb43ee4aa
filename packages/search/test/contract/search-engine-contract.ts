/**
 * The `SearchEngine` contract: what every engine (embedded, Meilisearch) must do, on the fixed
 * corpus of `fixtures.ts`. Register it from a test file:
 *
 * ```ts
 * describeSearchEngineContract('embedded', async () => createEmbeddedEngine());
 * ```
 *
 * Where an engine genuinely cannot report something, the suite accepts the weaker answer and
 * says so next to the assertion:
 * - hybrid hits carry `keywordScore` and/or `semanticScore` (Meilisearch keeps only the side
 *   that placed the document; the embedded engine can report both);
 * - `matchedTerms` may be empty for hits found by the vector side alone (Meilisearch runs a
 *   pure vector search at `semanticRatio: 1` and highlights nothing);
 * - `total` in semantic and hybrid modes is only checked to be ≥ the hits (Meilisearch counts
 *   every filtered document as a vector candidate);
 * - a refused write may reject or resolve to a failed task (the interface allows both).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FACETS, type SearchDocument, type SearchQuery, type SearchResult } from '../../src/documents.ts';
import type { IndexTask, SearchEngine } from '../../src/search-engine.ts';
import {
  ALL_IDS, BATTERY_QUERY, DIMENSIONS, EMBEDDER_VERSION, OTHER_EMBEDDER_VERSION, PATENT_IDS, PRIVATE_IDS, PUBLIC_IDS,
  cosine, documents, expectedFacets, fixture, semanticOrder, vectors,
} from './fixtures.ts';

const TASK_STATUSES = ['enqueued', 'processing', 'succeeded', 'failed'];
const BROKER = { ownerIds: [], all: true };

/** A query with neutral defaults: keyword, no filters, 50 hits. */
export function query(overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { q: '', mode: 'keyword', semanticRatio: 0.5, filters: {}, facets: [], sort: [], limit: 50, offset: 0, ...overrides };
}

export function idsOf(result: SearchResult): string[] {
  return result.hits.map((h) => h.id);
}

const sorted = (ids: readonly string[]) => [...ids].sort();

async function settled(engine: SearchEngine, task: Promise<IndexTask>): Promise<IndexTask> {
  return engine.waitFor(await task);
}

async function seed(engine: SearchEngine, ids: readonly string[] = ALL_IDS): Promise<void> {
  const done = await settled(engine, engine.upsert(documents(ids), vectors(ids), EMBEDDER_VERSION));
  expect(done.status, JSON.stringify(done.error)).toBe('succeeded');
}

/** True when the write was refused: the call rejected, or its task ended failed with an error. */
async function refused(engine: SearchEngine, write: () => Promise<IndexTask>): Promise<boolean> {
  let task: IndexTask;
  try {
    task = await write();
  } catch {
    return true;
  }
  let done: IndexTask;
  try {
    done = await engine.waitFor(task);
  } catch {
    return true;
  }
  if (done.status !== 'failed') return false;
  expect(typeof done.error?.code).toBe('string');
  expect(typeof done.error?.message).toBe('string');
  return true;
}

function expectWellFormed(result: SearchResult): void {
  expect(Array.isArray(result.hits)).toBe(true);
  expect(Number.isFinite(result.total)).toBe(true);
  expect(result.total).toBeGreaterThanOrEqual(result.hits.length);
  expect(result.semanticHits).toBeGreaterThanOrEqual(0);
  expect(result.semanticHits).toBeLessThanOrEqual(result.hits.length);
  expect(Array.isArray(result.queryTerms)).toBe(true);
  expect(Number.isFinite(result.tookMs)).toBe(true);
  expect(new Set(idsOf(result)).size).toBe(result.hits.length);
  for (const hit of result.hits) {
    expect(typeof hit.id).toBe('string');
    expect(hit.score).toBeGreaterThanOrEqual(0);
    expect(hit.score).toBeLessThanOrEqual(1);
    if (hit.keywordScore !== undefined) {
      expect(hit.keywordScore).toBeGreaterThanOrEqual(0);
      expect(hit.keywordScore).toBeLessThanOrEqual(1);
    }
    if (hit.semanticScore !== undefined) {
      expect(hit.semanticScore).toBeGreaterThanOrEqual(-1 - 1e-6);
      expect(hit.semanticScore).toBeLessThanOrEqual(1 + 1e-6);
    }
    expect(Array.isArray(hit.matchedTerms)).toBe(true);
    for (const term of hit.matchedTerms) expect(term.length).toBeGreaterThan(0);
  }
}

/** Relevance order: scores never increase down the list. */
function expectRankedByScore(result: SearchResult): void {
  for (let i = 1; i < result.hits.length; i++) expect(result.hits[i]!.score).toBeLessThanOrEqual(result.hits[i - 1]!.score + 1e-9);
}

function expectNoPrivate(result: SearchResult, except: readonly string[] = []): void {
  const leaked = idsOf(result).filter((id) => PRIVATE_IDS.includes(id) && !except.includes(id));
  expect(leaked, `private documents leaked: ${leaked.join(', ')}`).toEqual([]);
}

export function describeSearchEngineContract(name: string, makeEngine: () => Promise<SearchEngine>): void {
  describe(`SearchEngine contract: ${name}`, () => {
    describe('queries over the fixture corpus', () => {
      let engine: SearchEngine;
      const search = (overrides: Partial<SearchQuery>) => engine.search(query(overrides));

      beforeAll(async () => {
        engine = await makeEngine();
        await seed(engine);
      });
      afterAll(async () => {
        await engine?.close();
      });

      describe('keyword', () => {
        it('finds a Chinese word inside a title, ranking the title match above a body-only match', async () => {
          const result = await search({ q: '石墨烯' });
          expectWellFormed(result);
          expect(idsOf(result)[0]).toBe('pt_graphene');
          expect(idsOf(result)).toContain('pt_battery');
          expectNoPrivate(result);
          expectRankedByScore(result);
          const top = result.hits[0]!;
          expect(top.matchedTerms).toContain('石墨烯');
          expect(top.keywordScore).toBeGreaterThan(0);
          expect(top.semanticScore).toBeUndefined();
          expect(result.semanticHits).toBe(0);
        });

        it('finds a word in the middle of a Chinese title', async () => {
          const result = await search({ q: '导热' });
          expect(idsOf(result)).toEqual(['pt_graphene']);
        });

        it('finds English words, in English and in mixed Chinese/English documents', async () => {
          expect(idsOf(await search({ q: 'membrane' }))).toEqual(['pt_membrane']);
          expect(sorted(idsOf(await search({ q: 'learning' })))).toEqual(['dm_ai', 'pt_imaging']);
          expect(sorted(idsOf(await search({ q: '茶叶' })))).toEqual(['dm_tea', 'pt_tea']);
        });

        it('reports the query terms after normalisation and segmentation', async () => {
          const result = await search({ q: '石墨烯 Membrane' });
          expect(result.queryTerms).toContain('石墨烯');
          expect(result.queryTerms.some((t) => t.startsWith('membran'))).toBe(true);
        });

        it('every keyword hit carries a keyword score; matched terms are query terms found in it', async () => {
          const result = await search({ q: 'deep learning 医学影像' });
          expect(result.hits.length).toBeGreaterThan(0);
          for (const hit of result.hits) {
            expect(hit.keywordScore).toBeGreaterThan(0);
            expect(hit.matchedTerms.length).toBeGreaterThan(0);
          }
          expect(result.hits[0]!.matchedTerms).toEqual(expect.arrayContaining(['医学影像']));
        });

        it('finds nothing for words no document holds', async () => {
          const result = await search({ q: 'zzyzx 量子计算' });
          expect(result.hits).toEqual([]);
          expect(result.total).toBe(0);
        });

        it('an empty query lists every document the filters and visibility allow', async () => {
          expect(sorted(idsOf(await search({ q: '' })))).toEqual(sorted(PUBLIC_IDS));
          expect(sorted(idsOf(await search({ q: '  ', filters: { visibleTo: BROKER } })))).toEqual(sorted(ALL_IDS));
        });
      });

      describe('filters', () => {
        const filtered = async (filters: SearchQuery['filters']) => sorted(idsOf(await search({ filters })));

        it('kind', async () => {
          expect(await filtered({ kind: 'patent' })).toEqual(sorted(PATENT_IDS));
          expect(await filtered({ kind: 'demand', visibleTo: BROKER })).toEqual(['dm_ai', 'dm_battery', 'dm_tea', 'dm_water']);
        });

        it('ipcPrefix at section, class, subclass and main-group level; several prefixes are OR-ed', async () => {
          expect(await filtered({ ipcPrefix: ['A'] })).toEqual(['pt_imaging', 'pt_plough', 'pt_tea']);
          expect(await filtered({ ipcPrefix: ['H01'] })).toEqual(['pt_battery', 'pt_electrolyte']);
          expect(await filtered({ ipcPrefix: ['H01M'] })).toEqual(['pt_battery', 'pt_electrolyte']);
          expect(await filtered({ ipcPrefix: ['H01M 4/'] })).toEqual(['pt_battery']);
          expect(await filtered({ ipcPrefix: ['H01M 10/'] })).toEqual(['pt_battery', 'pt_electrolyte']);
          expect(await filtered({ ipcPrefix: ['A23', 'C02F'] })).toEqual(['pt_membrane', 'pt_tea']);
          expect(await filtered({ ipcPrefix: ['A61B 6/03'] })).toEqual(['pt_imaging']);
          expect(await filtered({ ipcPrefix: ['Z99'] })).toEqual([]);
        });

        it('chain, ownerKind, legalStatus, type', async () => {
          expect(await filtered({ chain: ['new-energy'] })).toEqual(['pt_battery', 'pt_electrolyte']);
          expect(await filtered({ chain: ['new-energy'], visibleTo: BROKER })).toEqual(['dm_battery', 'pt_battery', 'pt_electrolyte']);
          expect(await filtered({ chain: ['ai', 'environment'] })).toEqual(['dm_ai', 'pt_imaging', 'pt_membrane']);
          expect(await filtered({ ownerKind: ['hospital'] })).toEqual(['pt_imaging']);
          expect(await filtered({ ownerKind: ['institute', 'enterprise'] })).toEqual(['dm_ai', 'dm_tea', 'pt_electrolyte']);
          expect(await filtered({ legalStatus: ['lapsed'] })).toEqual(['pt_plough']);
          expect(await filtered({ legalStatus: ['granted', 'pending'], kind: 'patent' })).toEqual(sorted(PATENT_IDS.filter((id) => id !== 'pt_plough')));
          expect(await filtered({ type: ['utility_model'] })).toEqual(['pt_plough', 'pt_tea']);
        });

        it('ownerId', async () => {
          expect(await filtered({ ownerId: ['org_sme_y'], visibleTo: BROKER })).toEqual(['dm_ai', 'dm_water']);
          expect(await filtered({ ownerId: ['org_sme_y'] })).toEqual(['dm_ai']);
          expect(await filtered({ ownerId: ['org_hosp_1'] })).toEqual(['pt_imaging']);
        });

        it('openLicence', async () => {
          expect(await filtered({ openLicence: true, visibleTo: BROKER })).toEqual(['dm_water', 'pt_battery', 'pt_electrolyte', 'pt_imaging', 'pt_tea']);
          expect(await filtered({ openLicence: false })).toEqual(['dm_ai', 'dm_tea', 'pt_graphene', 'pt_membrane', 'pt_plough']);
        });

        it('filingYear range (bounds included; documents without a year never match a range)', async () => {
          expect(await filtered({ filingYearFrom: 2018, filingYearTo: 2020 })).toEqual(['pt_battery', 'pt_electrolyte', 'pt_membrane']);
          expect(await filtered({ filingYearFrom: 2021 })).toEqual(['pt_imaging', 'pt_tea']);
          expect(await filtered({ filingYearTo: 2015 })).toEqual(['pt_plough']);
        });

        it('region (province or city)', async () => {
          expect(await filtered({ region: ['山东'] })).toEqual(['pt_battery', 'pt_electrolyte', 'pt_plough']);
          expect(await filtered({ region: ['青岛'], visibleTo: BROKER })).toEqual(['dm_battery', 'pt_electrolyte']);
        });

        it('filters combine with AND', async () => {
          expect(await filtered({ kind: 'patent', region: ['山东'], openLicence: true })).toEqual(['pt_battery', 'pt_electrolyte']);
          expect(await filtered({ chain: ['new-energy'], ipcPrefix: ['H01M 4/'], filingYearFrom: 2019 })).toEqual(['pt_battery']);
        });

        it('empty filter lists mean no restriction', async () => {
          expect(await filtered({ chain: [], region: [], ipcPrefix: [] })).toEqual(sorted(PUBLIC_IDS));
        });
      });

      describe('visibility', () => {
        const visible = async (visibleTo: SearchQuery['filters']['visibleTo']) => sorted(idsOf(await search({ filters: visibleTo ? { visibleTo } : {} })));

        it('without visibleTo only public documents are returned (safe default)', async () => {
          expect(await visible(undefined)).toEqual(sorted(PUBLIC_IDS));
        });

        it('an owner sees public documents and their own private ones', async () => {
          expect(await visible({ ownerIds: ['org_sme_x'] })).toEqual(sorted([...PUBLIC_IDS, 'dm_battery']));
          expect(await visible({ ownerIds: ['org_sme_x', 'org_sme_y'] })).toEqual(sorted(ALL_IDS));
          expect(await visible({ ownerIds: [] })).toEqual(sorted(PUBLIC_IDS));
        });

        it('brokers (all) see everything', async () => {
          expect(await visible(BROKER)).toEqual(sorted(ALL_IDS));
        });

        it('owner ids match exactly: no case folding, no trimming', async () => {
          expect(await visible({ ownerIds: ['ORG_SME_X'] })).toEqual(sorted(PUBLIC_IDS));
          expect(await visible({ ownerIds: [' org_sme_x '] })).toEqual(sorted(PUBLIC_IDS));
          expect(await visible({ ownerIds: ['org_sme'] })).toEqual(sorted(PUBLIC_IDS));
        });

        it('an ownerId filter does not open another owner’s private documents', async () => {
          expect(sorted(idsOf(await search({ filters: { ownerId: ['org_sme_x'], visibleTo: { ownerIds: ['org_sme_tea'] } } })))).toEqual([]);
        });

        it('a private document never leaks to another owner, in any mode, nor into facet counts', async () => {
          const viewer = { ownerIds: ['org_sme_tea'] };
          const visibleCounts = expectedFacets(PUBLIC_IDS, ['region', 'chain']);
          for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
            for (const q of ['石墨烯', 'membrane recycling', '电池回收', '']) {
              const label = `${mode} ${JSON.stringify(q)}`;
              const result = await search({ q, mode, vector: BATTERY_QUERY, filters: { visibleTo: viewer }, facets: ['region', 'chain'] });
              expectWellFormed(result);
              expectNoPrivate(result);
              // Facets never count more than the visible documents hold (a private one would add 1).
              for (const facet of ['region', 'chain'] as const) {
                for (const [value, count] of Object.entries(result.facets[facet] ?? {})) {
                  expect(count, `${label} ${facet}=${value}`).toBeLessThanOrEqual(visibleCounts[facet]?.[value] ?? 0);
                }
              }
              // In keyword mode every match is on the page (limit 50): counts are exactly the hits'.
              if (mode === 'keyword') expect(result.facets, label).toEqual(expectedFacets(idsOf(result), ['region', 'chain']));
            }
          }
        });
      });

      describe('facets, sort and pagination', () => {
        it('counts every requested facet over the whole filtered set, before pagination', async () => {
          const result = await search({ filters: { kind: 'patent' }, facets: [...FACETS], limit: 2 });
          expect(result.hits).toHaveLength(2);
          expect(result.total).toBe(PATENT_IDS.length);
          expect(result.facets).toEqual(expectedFacets(PATENT_IDS, FACETS));
        });

        it('facet counts follow the filters and the query', async () => {
          const shandong = await search({ filters: { region: ['山东'] }, facets: ['ipcSubclass', 'legalStatus', 'openLicence', 'filingYear'], limit: 1 });
          expect(shandong.facets).toEqual(expectedFacets(['pt_battery', 'pt_electrolyte', 'pt_plough'], ['ipcSubclass', 'legalStatus', 'openLicence', 'filingYear']));
          const graphene = await search({ q: '石墨烯', facets: ['chain', 'region'] });
          expect(graphene.facets).toEqual(expectedFacets(['pt_battery', 'pt_graphene'], ['chain', 'region']));
        });

        it('only requested facets are returned', async () => {
          const result = await search({ facets: ['chain'] });
          expect(Object.keys(result.facets)).toEqual(['chain']);
        });

        it('sorts by filingYear and by screeningScore, both directions', async () => {
          const byYear = [...PATENT_IDS].sort((a, b) => fixture(a).filingYear! - fixture(b).filingYear!);
          expect(idsOf(await search({ filters: { kind: 'patent' }, sort: [{ field: 'filingYear', direction: 'asc' }] }))).toEqual(byYear);
          expect(idsOf(await search({ filters: { kind: 'patent' }, sort: [{ field: 'filingYear', direction: 'desc' }] }))).toEqual([...byYear].reverse());
          const byScore = [...PATENT_IDS].sort((a, b) => fixture(b).screeningScore! - fixture(a).screeningScore!);
          expect(idsOf(await search({ filters: { kind: 'patent' }, sort: [{ field: 'screeningScore', direction: 'desc' }] }))).toEqual(byScore);
        });

        it('a sort overrides relevance for keyword results', async () => {
          const result = await search({ q: '石墨烯', sort: [{ field: 'filingYear', direction: 'desc' }] });
          expect(idsOf(result)).toEqual(['pt_battery', 'pt_graphene']);
        });

        it('limit and offset page through the sorted matches; total counts them all', async () => {
          const page = (offset: number, limit: number) =>
            search({ filters: { kind: 'patent' }, sort: [{ field: 'filingYear', direction: 'asc' }], offset, limit });
          const byYear = [...PATENT_IDS].sort((a, b) => fixture(a).filingYear! - fixture(b).filingYear!);
          const middle = await page(2, 3);
          expect(idsOf(middle)).toEqual(byYear.slice(2, 5));
          expect(middle.total).toBe(PATENT_IDS.length);
          expect(idsOf(await page(6, 3))).toEqual(byYear.slice(6));
          const past = await page(20, 3);
          expect(past.hits).toEqual([]);
          expect(past.total).toBe(PATENT_IDS.length);
          expect((await page(0, 0)).hits).toEqual([]);
        });
      });

      describe('semantic and hybrid', () => {
        it('semantic mode ranks by cosine similarity and reports it', async () => {
          const result = await search({ mode: 'semantic', vector: BATTERY_QUERY, semanticRatio: 1 });
          expectWellFormed(result);
          expectRankedByScore(result);
          expectNoPrivate(result);
          const ids = idsOf(result);
          expect(ids.slice(0, PUBLIC_IDS.length)).toEqual(semanticOrder(BATTERY_QUERY, PUBLIC_IDS));
          for (const hit of result.hits) {
            expect(hit.semanticScore, hit.id).toBeCloseTo(cosine(BATTERY_QUERY, fixture(hit.id).vector), 3);
          }
          expect(result.semanticHits).toBeGreaterThan(0);
        });

        it('semantic mode applies filters', async () => {
          const result = await search({ mode: 'semantic', vector: BATTERY_QUERY, filters: { kind: 'patent', region: ['山东'] } });
          expect(idsOf(result)).toEqual(semanticOrder(BATTERY_QUERY, ['pt_battery', 'pt_electrolyte', 'pt_plough']));
        });

        it('hybrid with semanticRatio 0 follows keyword order; with 1, semantic order', async () => {
          const keyword = idsOf(await search({ q: '石墨烯' }));
          expect(keyword).toEqual(['pt_graphene', 'pt_battery']);
          const lexical = await search({ q: '石墨烯', mode: 'hybrid', semanticRatio: 0, vector: BATTERY_QUERY });
          expectWellFormed(lexical);
          expect(idsOf(lexical).slice(0, 2)).toEqual(keyword);
          const semantic = await search({ q: '石墨烯', mode: 'hybrid', semanticRatio: 1, vector: BATTERY_QUERY });
          expectWellFormed(semantic);
          expect(idsOf(semantic).slice(0, 3)).toEqual(semanticOrder(BATTERY_QUERY, PUBLIC_IDS).slice(0, 3));
          expect(semantic.semanticHits).toBeGreaterThan(0);
          expectNoPrivate(lexical);
          expectNoPrivate(semantic);
        });

        it('hybrid at 0.5 mixes both sides and explains each hit', async () => {
          const result = await search({ q: '石墨烯', mode: 'hybrid', semanticRatio: 0.5, vector: BATTERY_QUERY, limit: 5 });
          expectWellFormed(result);
          expectRankedByScore(result);
          expectNoPrivate(result);
          expect(idsOf(result).slice(0, 3)).toEqual(expect.arrayContaining(['pt_graphene', 'pt_battery']));
          expect(result.semanticHits).toBeGreaterThan(0);
          for (const hit of result.hits) {
            // Meilisearch keeps one side per hit; the embedded engine may report both.
            expect(hit.keywordScore !== undefined || hit.semanticScore !== undefined, hit.id).toBe(true);
            if (hit.semanticScore !== undefined) expect(hit.semanticScore).toBeCloseTo(cosine(BATTERY_QUERY, fixture(hit.id).vector), 3);
          }
          const graphene = result.hits.find((h) => h.id === 'pt_graphene')!;
          if (graphene.keywordScore !== undefined) expect(graphene.matchedTerms).toContain('石墨烯');
        });
      });

      describe('hostile queries never throw', () => {
        const hostile = [
          '',
          '电池 graphene '.repeat(800), // ~10 kB
          'x'.repeat(10_240),
          '*?[](){}^$|\\"\'',
          "'; DROP TABLE patents; --",
          '"石墨烯 -膜 OR NOT',
          '\uD800 lone high, lone low \uDFFF, reversed \uDC00\uD800',
          '🔋电池🧪 👩‍🔬',
          '\u0000\u0007\u200B\uFEFF',
        ];

        it.each(hostile.map((q) => [JSON.stringify(q).slice(0, 40), q] as const))('query %s', async (_label, q) => {
          for (const mode of ['keyword', 'semantic', 'hybrid'] as const) {
            const result = await search({ q, mode, vector: BATTERY_QUERY, facets: ['chain'] });
            expectWellFormed(result);
            expectNoPrivate(result);
          }
        });

        it('hostile filter values match nothing and never open private documents', async () => {
          const values = ['" OR visibility = "private', "' OR 1=1 --", '\\', '\\"', 'NOT', ')(', '\uD800', '*', '_geoRadius(0, 0, 1)'];
          for (const value of values) {
            const result = await search({
              filters: { chain: [value], ownerId: [value], region: [value], ipcPrefix: [value], legalStatus: [value], type: [value], ownerKind: [value], visibleTo: { ownerIds: [value] } },
            });
            expect(result.hits, value).toEqual([]);
            const visibleOnly = await search({ filters: { visibleTo: { ownerIds: [value] } } });
            expect(sorted(idsOf(visibleOnly)), value).toEqual(sorted(PUBLIC_IDS));
          }
        });
      });

      describe('stored vectors', () => {
        it('vectorOf returns the stored vector, undefined for unknown ids', async () => {
          for (const id of ['pt_battery', 'dm_water']) {
            const stored = await engine.vectorOf(id);
            expect(stored).toBeInstanceOf(Float32Array);
            expect(Array.from(stored!)).toEqual(Array.from(vectors([id])[0]!));
          }
          expect(await engine.vectorOf('pt_missing')).toBeUndefined();
          expect(await engine.vectorOf('" OR 1=1')).toBeUndefined();
        });

        it('stats report the documents and the embedder version', async () => {
          expect(await engine.stats()).toEqual({ documents: ALL_IDS.length, embedderVersion: EMBEDDER_VERSION });
        });
      });
    });

    describe('writes', () => {
      let engine: SearchEngine;
      const search = (overrides: Partial<SearchQuery>) => engine.search(query(overrides));
      const edited = (id: string, changes: Partial<SearchDocument>): SearchDocument => ({ ...documents([id])[0]!, ...changes });

      beforeEach(async () => {
        engine = await makeEngine();
      });
      afterEach(async () => {
        await engine?.close();
      });

      it('an upsert is a task the caller can wait for', async () => {
        const task = await engine.upsert(documents(), vectors(), EMBEDDER_VERSION);
        expect(typeof task.id).toBe('string');
        expect(task.id.length).toBeGreaterThan(0);
        expect(TASK_STATUSES).toContain(task.status);
        const done = await engine.waitFor(task);
        expect(done).toMatchObject({ id: task.id, status: 'succeeded' });
        expect(done.error).toBeUndefined();
        expect((await engine.waitFor(done)).status).toBe('succeeded');
        expect(idsOf(await search({ q: '石墨烯' }))[0]).toBe('pt_graphene');
      });

      it('re-upserting replaces the document; a lower revision is ignored', async () => {
        await seed(engine);
        const newer = edited('pt_tea', { extra: 'patent oolong processing', revision: 2 });
        const replaced = await settled(engine, engine.upsert([newer], [new Float32Array([0, 0, 1, 0, 0, 0, 0, 0])], EMBEDDER_VERSION));
        expect(replaced.status).toBe('succeeded');
        expect(idsOf(await search({ q: 'oolong' }))).toEqual(['pt_tea']);
        expect(idsOf(await search({ q: 'tea' }))).toEqual([]);
        expect((await engine.stats()).documents).toBe(ALL_IDS.length);

        const older = edited('pt_tea', { extra: 'patent sencha', revision: 1 });
        const ignored = await settled(engine, engine.upsert([older], [new Float32Array([1, 0, 0, 0, 0, 0, 0, 0])], EMBEDDER_VERSION));
        expect(ignored.status).toBe('succeeded');
        expect(idsOf(await search({ q: 'sencha' }))).toEqual([]);
        expect(idsOf(await search({ q: 'oolong' }))).toEqual(['pt_tea']);
        expect(Array.from((await engine.vectorOf('pt_tea'))!)).toEqual([0, 0, 1, 0, 0, 0, 0, 0]);
      });

      it('within one batch the highest revision of an id wins', async () => {
        const first = edited('pt_plough', { extra: 'patent harrow', revision: 3 });
        const second = edited('pt_plough', { extra: 'patent disc', revision: 2 });
        await settled(engine, engine.upsert([first, second], undefined, undefined));
        expect(idsOf(await search({ q: 'harrow' }))).toEqual(['pt_plough']);
        expect(idsOf(await search({ q: 'disc' }))).toEqual([]);
      });

      it('documents without vectors are searchable by keyword and have no stored vector', async () => {
        const done = await settled(engine, engine.upsert(documents(['pt_tea', 'dm_tea']), undefined, undefined));
        expect(done.status).toBe('succeeded');
        expect(sorted(idsOf(await search({ q: '茶叶' })))).toEqual(['dm_tea', 'pt_tea']);
        expect(await engine.vectorOf('pt_tea')).toBeUndefined();
        expect(await engine.stats()).toEqual({ documents: 2, embedderVersion: null });
      });

      it('delete removes documents and their vectors; unknown ids are fine', async () => {
        await seed(engine);
        const done = await settled(engine, engine.delete(['pt_plough', 'pt_never_indexed']));
        expect(done.status).toBe('succeeded');
        expect(idsOf(await search({ q: 'subsoiler' }))).toEqual([]);
        expect(idsOf(await search({ filters: { kind: 'patent' } }))).not.toContain('pt_plough');
        expect(await engine.vectorOf('pt_plough')).toBeUndefined();
        expect((await engine.stats()).documents).toBe(ALL_IDS.length - 1);
      });

      it('clear removes everything, vectors and embedder version included', async () => {
        await seed(engine);
        expect(await engine.stats()).toEqual({ documents: ALL_IDS.length, embedderVersion: EMBEDDER_VERSION });
        const done = await settled(engine, engine.clear());
        expect(done.status).toBe('succeeded');
        expect(await engine.stats()).toEqual({ documents: 0, embedderVersion: null });
        const result = await search({ q: '石墨烯', filters: { visibleTo: BROKER } });
        expect(result.hits).toEqual([]);
        expect(result.total).toBe(0);
        expect(await engine.vectorOf('pt_battery')).toBeUndefined();
      });

      it('vectors of another embedder version are refused until the index is cleared', async () => {
        await seed(engine);
        const changed = edited('pt_tea', { extra: 'patent matcha', revision: 5 });
        const otherVector = new Float32Array(DIMENSIONS).fill(0.5);
        expect(await refused(engine, () => engine.upsert([changed], [otherVector], OTHER_EMBEDDER_VERSION))).toBe(true);
        expect(idsOf(await search({ q: 'matcha' }))).toEqual([]);
        expect(Array.from((await engine.vectorOf('pt_tea'))!)).toEqual(Array.from(vectors(['pt_tea'])[0]!));
        expect((await engine.stats()).embedderVersion).toBe(EMBEDDER_VERSION);

        await settled(engine, engine.clear());
        const accepted = await settled(engine, engine.upsert([changed], [otherVector], OTHER_EMBEDDER_VERSION));
        expect(accepted.status).toBe('succeeded');
        expect(await engine.stats()).toEqual({ documents: 1, embedderVersion: OTHER_EMBEDDER_VERSION });
        expect(idsOf(await search({ q: 'matcha' }))).toEqual(['pt_tea']);
      });

      it('vectors that do not match the documents are refused', async () => {
        expect(await refused(engine, () => engine.upsert(documents(['pt_tea', 'dm_tea']), vectors(['pt_tea']), EMBEDDER_VERSION))).toBe(true);
        expect((await engine.stats()).documents).toBe(0);
      });
    });
  });
}
