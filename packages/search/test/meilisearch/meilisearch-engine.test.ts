/**
 * The engine's write path, task polling and error surfacing, against a fake server on
 * 127.0.0.1 that answers the few endpoints involved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchQuery } from '../../src/documents.ts';
import { hexKey } from '../../src/meilisearch/document-mapping.ts';
import { IndexTaskTimeoutError } from '../../src/meilisearch/index-tasks.ts';
import { MeilisearchEngine } from '../../src/meilisearch/meilisearch-engine.ts';
import { FakeMeilisearch, enqueued, task } from './fake-meilisearch.ts';

const INDEX = '/indexes/idx';

function doc(id: string, revision: number): SearchDocument {
  return {
    id, kind: 'patent', title: `title ${id}`, body: '', ipc: ['A23F 3/06'], chains: [], ownerIds: ['org_a'], ownerKinds: [],
    openLicence: false, regions: [], visibility: 'public', revision,
  };
}

describe('MeilisearchEngine against a fake server', () => {
  let server: FakeMeilisearch;
  let engine: MeilisearchEngine;

  beforeEach(async () => {
    server = new FakeMeilisearch();
    await server.start();
    engine = new MeilisearchEngine({ url: server.url, apiKey: 'secret', indexUid: 'idx', maxPollIntervalMs: 5 });
    server
      .on('POST', `${INDEX}/documents/fetch`, { results: [], offset: 0, limit: 20, total: 0 })
      .on('POST', `${INDEX}/search`, { hits: [], estimatedTotalHits: 0, facetDistribution: {}, processingTimeMs: 0, query: '' });
  });
  afterEach(async () => {
    await server.stop();
  });

  it('polls a task until it fails and surfaces Meilisearch’s error code and message', async () => {
    const statuses = ['enqueued', 'processing', 'processing', 'failed'];
    server.on('POST', `${INDEX}/documents/delete-batch`, () => enqueued(7, 'documentDeletion'));
    server.on('GET', '/tasks/7', () => {
      const status = statuses.shift() ?? 'failed';
      return task(7, status, status === 'failed' ? { code: 'index_not_found', message: 'Index `idx` not found.' } : null);
    });
    const sent = await engine.delete(['pt_1', 'pt_1', 'dm:2']);
    expect(sent).toEqual({ id: '7', status: 'enqueued' });
    expect(server.calls('POST', `${INDEX}/documents/delete-batch`)[0]!.body).toEqual([hexKey('pt_1'), hexKey('dm:2')]);
    expect(server.calls('POST', `${INDEX}/documents/delete-batch`)[0]!.headers.authorization).toBe('Bearer secret');

    const done = await engine.waitFor(sent);
    expect(done).toEqual({ id: '7', status: 'failed', error: { code: 'index_not_found', message: 'Index `idx` not found.' } });
    expect(server.calls('GET', '/tasks/7')).toHaveLength(4);
  });

  it('reports a canceled task as failed', async () => {
    server.on('GET', '/tasks/3', task(3, 'canceled'));
    expect(await engine.waitFor({ id: '3', status: 'enqueued' })).toMatchObject({ status: 'failed', error: { code: 'task_canceled' } });
  });

  it('throws IndexTaskTimeoutError when the task is still running at the deadline', async () => {
    server.on('GET', '/tasks/4', task(4, 'processing'));
    const waiting = engine.waitFor({ id: '4', status: 'enqueued' }, 60);
    await expect(waiting).rejects.toBeInstanceOf(IndexTaskTimeoutError);
    await expect(engine.waitFor({ id: '4', status: 'enqueued' }, 30)).rejects.toThrow(/task 4 is still processing after 30 ms/);
  });

  it('an API refusal of a write becomes a failed task carrying the error code', async () => {
    server.on('DELETE', `${INDEX}/documents`, () => ({ status: 413, body: { message: 'The provided payload reached the size limit.', code: 'payload_too_large', type: 'invalid_request', link: '' } }));
    const refused = await engine.clear();
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'payload_too_large', message: 'The provided payload reached the size limit.' } });
    expect(await engine.waitFor(refused)).toEqual(refused);
  });

  it('upsert drops documents older than the stored revision and sends the rest with their vectors', async () => {
    server.on('POST', `${INDEX}/documents/fetch`, { results: [{ id: 'a', revision: 5 }], offset: 0, limit: 2, total: 1 });
    server.on('PATCH', `${INDEX}/settings/embedders`, () => enqueued(10, 'settingsUpdate'));
    server.on('POST', `${INDEX}/documents`, () => enqueued(11));
    server.on('GET', '/tasks/11', task(11, 'succeeded'));

    const sent = await engine.upsert([doc('a', 4), doc('b', 1), doc('b', 2)], [new Float32Array([1, 0]), new Float32Array([0, 1]), new Float32Array([0.5, 0.5])], 'emb@1');
    expect(sent).toEqual({ id: '11', status: 'enqueued' });

    const fetch = server.calls('POST', `${INDEX}/documents/fetch`)[0]!;
    expect(fetch.body).toEqual({ filter: 'id IN ["a", "b"]', fields: ['id', 'revision'], limit: 2 });
    expect(server.calls('PATCH', `${INDEX}/settings/embedders`)[0]!.body).toEqual({ default: { source: 'userProvided', dimensions: 2 } });
    const written = server.calls('POST', `${INDEX}/documents`)[0]!;
    expect(written.query.get('primaryKey')).toBe('pk');
    expect(written.body).toEqual([
      expect.objectContaining({ id: 'b', revision: 2, embedderVersion: 'emb@1', _vectors: { default: { embeddings: [0.5, 0.5], regenerate: false } }, ipcPrefixes: expect.arrayContaining(['A23F 3/']) }),
    ]);

    // b rev 2 is enqueued, not yet processed: a rev-1 write must not overtake it.
    const stale = await engine.upsert([doc('b', 1)], undefined, undefined);
    expect(stale.status).toBe('succeeded');
    expect(stale.id.startsWith('local-')).toBe(true);
    expect(server.calls('POST', `${INDEX}/documents`)).toHaveLength(1);

    expect(await engine.waitFor(sent)).toEqual({ id: '11', status: 'succeeded' });
  });

  it('refuses vectors from another embedder version than the index holds, without writing', async () => {
    server.on('POST', `${INDEX}/search`, { hits: [], estimatedTotalHits: 3, facetDistribution: { embedderVersion: { 'emb@1': 3 } }, processingTimeMs: 0, query: '' });
    const refused = await engine.upsert([doc('a', 1)], [new Float32Array([1, 0])], 'emb@2');
    expect(refused).toMatchObject({ status: 'failed', error: { code: 'embedder_version_mismatch' } });
    expect(refused.error!.message).toContain('emb@1');
    expect(server.calls('POST', `${INDEX}/documents`)).toHaveLength(0);
    const search = server.calls('POST', `${INDEX}/search`)[0]!;
    expect(search.body).toMatchObject({ q: '', limit: 0, facets: ['embedderVersion'] });
  });

  it('refuses vectors that do not fit the documents', async () => {
    const cases: Array<[Float32Array[], string | undefined, string]> = [
      [[new Float32Array([1])], 'emb@1', 'invalid_vectors'],
      [[new Float32Array([1]), new Float32Array([1, 2])], 'emb@1', 'invalid_vectors'],
      [[new Float32Array([1]), new Float32Array([Number.NaN])], 'emb@1', 'invalid_vectors'],
      [[new Float32Array([1]), new Float32Array([1])], undefined, 'missing_embedder_version'],
    ];
    for (const [vectors, version, code] of cases) {
      expect(await engine.upsert([doc('a', 1), doc('b', 1)], vectors, version)).toMatchObject({ status: 'failed', error: { code } });
    }
    expect(server.requests.filter((r) => r.method !== 'POST' || !r.path.endsWith('/search'))).toEqual([]);
  });

  it('stats read the document count and the embedder version facet', async () => {
    server.on('GET', `${INDEX}/stats`, { numberOfDocuments: 3, isIndexing: false, fieldDistribution: {} });
    server.on('POST', `${INDEX}/search`, { hits: [], facetDistribution: { embedderVersion: { 'emb@1': 3 } }, processingTimeMs: 0, query: '' });
    expect(await engine.stats()).toEqual({ documents: 3, embedderVersion: 'emb@1' });
    server.on('POST', `${INDEX}/search`, { hits: [], facetDistribution: {}, processingTimeMs: 0, query: '' });
    expect(await engine.stats()).toEqual({ documents: 3, embedderVersion: null });
  });

  it('vectorOf fetches by quoted id with retrieveVectors', async () => {
    server.on('POST', `${INDEX}/documents/fetch`, { results: [{ id: 'a"b', _vectors: { default: { embeddings: [[0.25, 0.5]], regenerate: false } } }], offset: 0, limit: 1, total: 1 });
    expect(await engine.vectorOf('a"b')).toEqual(new Float32Array([0.25, 0.5]));
    expect(server.calls('POST', `${INDEX}/documents/fetch`)[0]!.body).toEqual({ filter: 'id = "a\\"b"', fields: ['id', '_vectors'], retrieveVectors: true, limit: 1 });
  });

  it('search sends the built request and maps the answer', async () => {
    server.on('POST', `${INDEX}/search`, {
      hits: [{ id: 'pt_1', _rankingScore: 0.9, _rankingScoreDetails: { words: { order: 0, matchingWords: 1, maxMatchingWords: 1, score: 1 } }, _formatted: { title: '\uE000电池\uE001' } }],
      estimatedTotalHits: 1, facetDistribution: { chains: { 'new-energy': 1 } }, processingTimeMs: 0, query: '电池',
    });
    const result = await engine.search({ q: '電池', mode: 'keyword', semanticRatio: 0.5, filters: { kind: 'patent' }, facets: ['chain'], sort: [], limit: 10, offset: 0 });
    expect(result).toMatchObject({ hits: [{ id: 'pt_1', score: 0.9, keywordScore: 0.9, matchedTerms: ['电池'] }], total: 1, facets: { chain: { 'new-energy': 1 } }, queryTerms: ['电池'] });
    expect(server.calls('POST', `${INDEX}/search`)[0]!.body).toMatchObject({ q: '电池', filter: 'kind = "patent" AND visibility = "public"', limit: 10 });
  });

  it('a vector search on an index without embedder degrades: hybrid to keyword, semantic to nothing', async () => {
    const missing = { status: 400, body: { message: 'Cannot find embedder with name `default`.', code: 'invalid_search_embedder', type: 'invalid_request', link: '' } };
    server.on('POST', `${INDEX}/search`, (request) => ((request.body as { hybrid?: unknown }).hybrid ? missing : { body: { hits: [{ id: 'pt_1', _rankingScore: 0.5, _rankingScoreDetails: { words: {} } }], estimatedTotalHits: 1, processingTimeMs: 0, query: '' } }));
    const base: SearchQuery = { q: '电池', mode: 'keyword', semanticRatio: 0.5, vector: new Float32Array([1, 0]), filters: {}, facets: [], sort: [], limit: 10, offset: 0 };
    const hybrid = await engine.search({ ...base, mode: 'hybrid' });
    expect(hybrid.hits.map((h) => h.id)).toEqual(['pt_1']);
    expect(hybrid.semanticHits).toBe(0);
    const semantic = await engine.search({ ...base, mode: 'semantic' });
    expect(semantic).toMatchObject({ hits: [], total: 0 });
    server.on('POST', `${INDEX}/search`, () => ({ status: 400, body: { message: 'Invalid vector dimensions', code: 'invalid_vector_dimensions', type: 'invalid_request', link: '' } }));
    await expect(engine.search({ ...base, mode: 'hybrid' })).rejects.toThrow(/Invalid vector dimensions/);
  });

  it('prepare creates the index with the pk primary key and applies the settings, tolerating an existing index', async () => {
    server.on('POST', '/indexes', () => enqueued(1, 'indexCreation'));
    server.on('GET', '/tasks/1', task(1, 'failed', { code: 'index_already_exists', message: 'Index `idx` already exists.' }));
    server.on('PATCH', `${INDEX}/settings`, () => enqueued(2, 'settingsUpdate'));
    server.on('GET', '/tasks/2', task(2, 'succeeded'));
    server.on('GET', `${INDEX}/settings/embedders`, { default: { source: 'userProvided', dimensions: 8 } });
    await engine.prepare();
    expect(server.calls('POST', '/indexes')[0]!.body).toEqual({ uid: 'idx', primaryKey: 'pk' });
    expect(server.calls('PATCH', `${INDEX}/settings`)[0]!.body).toMatchObject({ searchableAttributes: ['title', 'extra', 'body', 'ipc'] });

    // The embedder already has 8 dimensions: an 8-dimensional upsert does not touch it.
    server.on('POST', `${INDEX}/documents`, () => enqueued(3));
    await engine.upsert([doc('a', 1)], [new Float32Array(8).fill(0.1)], 'emb@1');
    expect(server.calls('PATCH', `${INDEX}/settings/embedders`)).toHaveLength(0);
  });

  it('prepare throws with the task error when settings are refused', async () => {
    server.on('POST', '/indexes', () => enqueued(1, 'indexCreation'));
    server.on('GET', '/tasks/1', task(1, 'succeeded'));
    server.on('PATCH', `${INDEX}/settings`, () => enqueued(2, 'settingsUpdate'));
    server.on('GET', '/tasks/2', task(2, 'failed', { code: 'invalid_settings_typo_tolerance', message: 'Unknown field `disableOnNumbers`' }));
    await expect(engine.prepare()).rejects.toThrow(/invalid_settings_typo_tolerance: Unknown field `disableOnNumbers`/);
  });
});
