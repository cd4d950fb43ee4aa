import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createEmbedder, usesOfflineEmbedder } from '../src/factory.ts';
import { OfflineEmbedder } from '../src/offline/offline-embedder.ts';
import { ensureOfflineEmbedder } from '../src/offline/offline-embedder-store.ts';
import { TransformersEmbedder } from '../src/transformers/transformers-embedder.ts';
import { syntheticCorpus } from './fixtures/synthetic-corpus.ts';
import { writeTinyModel } from './fixtures/tiny-model.ts';

describe('createEmbedder', () => {
  it('selects the transformers.js embedder when a model is configured', async () => {
    const { directory } = await writeTinyModel();
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-factory-'));
    const embedder = await createEmbedder({ model: directory, dataDir });
    expect(embedder).toBeInstanceOf(TransformersEmbedder);
    expect(embedder?.id).toBe(`transformers:${directory}`);
    await (embedder as TransformersEmbedder).dispose();
    expect(usesOfflineEmbedder({ model: directory })).toBe(false);
  });

  it('selects the offline embedder otherwise: undefined until trained, then the saved one', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'pb-factory-'));
    expect(await createEmbedder({ dataDir })).toBeUndefined();
    expect(await createEmbedder({ model: '  ', dataDir })).toBeUndefined();
    expect(usesOfflineEmbedder({ model: '' })).toBe(true);
    const corpus = syntheticCorpus(10);
    const { embedder: trained } = await ensureOfflineEmbedder({ dataDir, count: corpus.length, corpus: () => corpus, options: { dimensions: 16 } });
    const loaded = await createEmbedder({ model: undefined, dataDir });
    expect(loaded).toBeInstanceOf(OfflineEmbedder);
    expect(loaded?.version).toBe(trained.version);
    expect(loaded?.id).toBe('offline-cooccurrence-svd');
  });
});
