import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTransformersEmbedder, type TransformersEmbedder } from '../src/transformers/transformers-embedder.ts';
import { writeTinyModel, type TinyModel } from './fixtures/tiny-model.ts';
import { cosine, norm } from './helpers.ts';

describe('createTransformersEmbedder (tiny generated BERT-shaped ONNX model)', () => {
  let model: TinyModel;
  let embedder: TransformersEmbedder;

  beforeAll(async () => {
    model = await writeTinyModel({ hidden: 24 });
    embedder = await createTransformersEmbedder({ model: model.directory, batchSize: 3 });
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it('loads the local folder offline and reads the dimensions from config.json', () => {
    expect(embedder.id).toBe(`transformers:${model.directory}`);
    expect(embedder.dimensions).toBe(24);
    expect(embedder.version).toMatch(/^tf1-[0-9a-f]{16}$/);
  });

  it('gives unit vectors, and the zero vector for blank text', async () => {
    const vectors = await embedder.embed(['茶叶杀青机', 'lithium battery', '', '石墨烯复合材料']);
    expect(vectors).toHaveLength(4);
    for (const [i, vector] of vectors.entries()) {
      expect(vector).toHaveLength(24);
      expect(norm(vector)).toBeCloseTo(i === 2 ? 0 : 1, 5);
    }
  });

  it('gives identical vectors for identical texts', async () => {
    const [a, b] = await embedder.embed(['锂离子电池正极材料', '锂离子电池正极材料']);
    expect(a).toEqual(b);
  });

  it('puts texts sharing tokens closer than unrelated texts', async () => {
    const [tea, teaMachine, battery] = await embedder.embed(['茶叶杀青', '茶叶杀青机', '锂离子电池正极材料']);
    expect(cosine(tea!, teaMachine!)).toBeGreaterThan(cosine(tea!, battery!) + 0.2);
  });

  it('gives the same vectors in batches (with padding) as one by one', async () => {
    const texts = ['茶', '锂离子电池正极材料的制备方法', 'graphene composites', '水稻种植', 'the tea machine', '一种滚筒杀青机'];
    const batched = await embedder.embed(texts);
    for (const [i, text] of texts.entries()) {
      const [single] = await embedder.embed([text]);
      for (let j = 0; j < single!.length; j++) expect(batched[i]![j]).toBeCloseTo(single![j]!, 5);
    }
  });

  it('keeps the version when the folder is copied and changes it with the weights', async () => {
    const copy = join(await mkdtemp(join(tmpdir(), 'pb-copy-')), 'copied-model');
    await cp(model.directory, copy, { recursive: true });
    const copied = await createTransformersEmbedder({ model: copy });
    expect(copied.version).toBe(embedder.version);
    await copied.dispose();
    const other = await writeTinyModel({ hidden: 24, seed: 99 });
    const reseeded = await createTransformersEmbedder({ model: other.directory });
    expect(reseeded.version).not.toBe(embedder.version);
    await reseeded.dispose();
  });

  it('finds a hub-style id under localModelPath without going online', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pb-models-'));
    await writeTinyModel({ hidden: 24, directory: join(root, 'acme', 'tiny-bert') });
    const byId = await createTransformersEmbedder({ model: 'acme/tiny-bert', localModelPath: root });
    expect(byId.id).toBe('transformers:acme/tiny-bert');
    expect(byId.dimensions).toBe(24);
    expect(norm((await byId.embed(['茶叶']))[0]!)).toBeCloseTo(1, 5);
    await byId.dispose();
  });

  it('refuses a hub id that is not on disk unless remote models are allowed', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pb-models-'));
    await expect(createTransformersEmbedder({ model: 'acme/missing-model', localModelPath: root })).rejects.toThrow(/neither a folder nor under/);
  });
});
