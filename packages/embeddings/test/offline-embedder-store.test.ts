import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEXT_PIPELINE_VERSION } from '@patent-bridge/text';
import { describe, expect, it } from 'vitest';
import { OfflineEmbedder } from '../src/offline/offline-embedder.ts';
import { offlineEmbedderStaleness } from '../src/offline/offline-embedder-staleness.ts';
import { ensureOfflineEmbedder, OfflineEmbedderStore } from '../src/offline/offline-embedder-store.ts';
import { trainOfflineEmbedder, type OfflineTrainingDocument } from '../src/offline/train-offline-embedder.ts';
import { syntheticCorpus } from './fixtures/synthetic-corpus.ts';

const options = { dimensions: 16, contexts: 50 } as const;

async function* slowly(documents: readonly OfflineTrainingDocument[]): AsyncIterable<OfflineTrainingDocument> {
  for (const document of documents) yield document;
}

function neverRead(): never {
  throw new Error('the corpus should not be read');
}

describe('ensureOfflineEmbedder', () => {
  it('trains and saves when there is no model, then reuses it without reading the corpus', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-store-'));
    const corpus = syntheticCorpus(20);
    const first = await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => slowly(corpus), options });
    expect(first).toMatchObject({ status: 'missing', trained: true });
    expect(first.embedder.trainedOn).toBe(corpus.length);

    const second = await ensureOfflineEmbedder({ dataDir, count: corpus.length + 5, corpus: neverRead, options });
    expect(second).toMatchObject({ status: 'current', trained: false });
    expect(second.embedder.version).toBe(first.embedder.version);
    expect((await new OfflineEmbedderStore(dataDir).load())?.version).toBe(first.embedder.version);
  });

  it('retrains when the corpus grew past the policy, and reports the replaced version', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-store-'));
    const small = syntheticCorpus(10);
    const first = await ensureOfflineEmbedder({ dataDir, count: small.length, corpus: () => small, options });
    const large = syntheticCorpus(20);
    const second = await ensureOfflineEmbedder({ dataDir, count: large.length, corpus: () => large, options });
    expect(second).toMatchObject({ status: 'grown', trained: true, previousVersion: first.embedder.version });
    expect(second.embedder.version).not.toBe(first.embedder.version);
    const third = await ensureOfflineEmbedder({ dataDir, count: large.length, corpus: neverRead, options, policy: { growth: 0.1 } });
    expect(third.status).toBe('current');
  });

  it('retrains when the settings differ from the saved model', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-store-'));
    const corpus = syntheticCorpus(10);
    await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => corpus, options });
    const changed = await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => corpus, options: { ...options, dimensions: 8 } });
    expect(changed).toMatchObject({ status: 'settings-changed', trained: true });
    expect(changed.embedder.dimensions).toBe(8);
  });

  it('replaces an unreadable model file', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-store-'));
    const store = new OfflineEmbedderStore(dataDir);
    const corpus = syntheticCorpus(10);
    await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => corpus, options });
    await writeFile(store.path, 'garbage');
    const repaired = await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => corpus, options });
    expect(repaired).toMatchObject({ status: 'unreadable', trained: true });
    expect((await store.load())?.version).toBe(repaired.embedder.version);
  });
});

describe('offlineEmbedderStaleness', () => {
  const corpus = syntheticCorpus(10);
  const embedder = trainOfflineEmbedder(corpus, options);

  it('is current for the same settings and corpus size', () => {
    expect(offlineEmbedderStaleness(embedder, corpus.length, { options })).toBe('current');
  });

  it('asks for retraining on other settings (also a changed default) and on corpus growth', () => {
    expect(offlineEmbedderStaleness(embedder, corpus.length)).toBe('settings-changed'); // defaults: 256 dims
    expect(offlineEmbedderStaleness(embedder, corpus.length * 2, { options })).toBe('grown');
  });

  it('flags a model trained under another text pipeline version, whose version then differs', () => {
    const old = new OfflineEmbedder({ ...embedder.state, textPipelineVersion: TEXT_PIPELINE_VERSION - 1 });
    expect(old.textPipelineCurrent).toBe(false);
    expect(old.version).toMatch(new RegExp(`^oe1-[0-9a-f]{16}-t${TEXT_PIPELINE_VERSION}$`));
    expect(old.version).not.toBe(embedder.version);
    expect(offlineEmbedderStaleness(old, corpus.length, { options })).toBe('text-pipeline-changed');
  });
});
