import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOfflineEmbedder, OfflineModelFileError } from '../src/offline/model-file.ts';
import { trainOfflineEmbedder } from '../src/offline/train-offline-embedder.ts';
import { FIELDS, syntheticCorpus } from './fixtures/synthetic-corpus.ts';
import { cosine, norm } from './helpers.ts';

const SMALL = { dimensions: 16, contexts: 50 } as const;

describe('trainOfflineEmbedder', () => {
  const corpus = syntheticCorpus(30);
  const embedder = trainOfflineEmbedder(corpus, SMALL);

  it('is deterministic: same corpus and seed give the same version and vectors', async () => {
    const again = trainOfflineEmbedder(corpus, SMALL);
    expect(again.version).toBe(embedder.version);
    const texts = ['茶叶杀青滚筒', '锂离子电池正极材料'];
    expect(await again.embed(texts)).toEqual(await embedder.embed(texts));
  });

  it('does not depend on the order of the corpus', () => {
    const shuffled = [...corpus].reverse();
    expect(trainOfflineEmbedder(shuffled, SMALL).version).toBe(embedder.version);
  });

  it('changes version when the corpus, the seed or the settings change', () => {
    const grown = trainOfflineEmbedder([...corpus, { text: '一种茶叶揉捻机', labels: ['A23F'] }], SMALL);
    expect(grown.version).not.toBe(embedder.version);
    expect(trainOfflineEmbedder(corpus, { ...SMALL, seed: 2 }).version).not.toBe(embedder.version);
    expect(trainOfflineEmbedder(corpus, { ...SMALL, commonComponents: 0 }).version).not.toBe(embedder.version);
  });

  it('gives unit vectors of the configured length', async () => {
    const vectors = await embedder.embed(['一种茶叶杀青装置', '锂离子电池隔膜', '水稻插秧机']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(16);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
  });

  it('gives the zero vector for empty, stop-word-only and unknown text', async () => {
    const vectors = await embedder.embed(['', '   ', '本发明的所述', '量子纠缠通信卫星']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(16);
      expect(norm(vector)).toBe(0);
    }
  });

  it('puts texts of one field closer together than texts of different fields', async () => {
    const [tea1, tea2, battery, rice] = await embedder.embed(['茶叶杀青滚筒', '绿茶揉捻烘干', '锂离子电池正极', '水稻插秧育苗']);
    expect(cosine(tea1!, tea2!)).toBeGreaterThan(cosine(tea1!, battery!) + 0.3);
    expect(cosine(tea1!, tea2!)).toBeGreaterThan(cosine(tea1!, rice!) + 0.3);
  });

  it('learns from co-occurrence alone when the corpus has no labels', async () => {
    const unlabelled = trainOfflineEmbedder(syntheticCorpus(30, { labels: false }), SMALL);
    const [tea1, tea2, battery] = await unlabelled.embed(['茶叶杀青滚筒', '绿茶揉捻烘干', '锂离子电池正极']);
    expect(norm(tea1!)).toBeCloseTo(1, 5);
    expect(cosine(tea1!, tea2!)).toBeGreaterThan(cosine(tea1!, battery!));
  });

  it('pads with zeros when the corpus supports fewer dimensions than asked', async () => {
    const wide = trainOfflineEmbedder(corpus, { dimensions: 300, contexts: 10 });
    expect(wide.dimensions).toBe(300);
    const [vector] = await wide.embed(['茶叶杀青']);
    expect(vector).toHaveLength(300);
    expect(norm(vector!)).toBeCloseTo(1, 5);
  });

  it('embeds an empty corpus to zero vectors', async () => {
    const empty = trainOfflineEmbedder([], SMALL);
    const [vector] = await empty.embed(['茶叶杀青']);
    expect(norm(vector!)).toBe(0);
    expect(empty.trainedOn).toBe(0);
  });

  it('exposes term vectors for known terms only', () => {
    expect(embedder.termVector(FIELDS.tea.words[0])).toHaveLength(16);
    expect(embedder.termVector('不存在的词')).toBeUndefined();
  });
});

describe('save / loadOfflineEmbedder', () => {
  const embedder = trainOfflineEmbedder(syntheticCorpus(20), SMALL);

  it('round-trips: same version, same vectors, same training count', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'pb-offline-')), 'nested', 'model.bin');
    await embedder.save(path);
    const loaded = await loadOfflineEmbedder(path);
    expect(loaded.version).toBe(embedder.version);
    expect(loaded.dimensions).toBe(embedder.dimensions);
    expect(loaded.trainedOn).toBe(embedder.trainedOn);
    expect(loaded.settings).toEqual(embedder.settings);
    const texts = ['茶叶杀青滚筒', '锂离子电池', '水稻'];
    expect(await loaded.embed(texts)).toEqual(await embedder.embed(texts));
  });

  it('refuses damaged and foreign files', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pb-offline-'));
    const path = join(dir, 'model.bin');
    await embedder.save(path);
    const bytes = await readFile(path);
    bytes[bytes.length - 3]! ^= 0xff; // flip bits in the last float
    await writeFile(path, bytes);
    await expect(loadOfflineEmbedder(path)).rejects.toBeInstanceOf(OfflineModelFileError);
    await writeFile(path, bytes.subarray(0, bytes.length - 8));
    await expect(loadOfflineEmbedder(path)).rejects.toBeInstanceOf(OfflineModelFileError);
    await writeFile(path, 'not a model at all');
    await expect(loadOfflineEmbedder(path)).rejects.toBeInstanceOf(OfflineModelFileError);
  });
});

describe('sub-word fallback', () => {
  it('embeds a text made of one unknown compound word through its known parts', async () => {
    // Words separated by spaces: the corpus knows 锂离子 and 电池 but never the word 锂离子电池.
    const corpus = [
      ...['隔膜', '电极', '正极', '负极', '电解液', '容量'].map((word) => ({ text: `锂离子 电池 ${word}`, labels: ['H01M'] })),
      ...['滚筒', '揉捻', '烘干', '萎凋', '加热', '翻炒'].map((word) => ({ text: `茶叶 杀青 ${word}`, labels: ['A23F'] })),
    ];
    const embedder = trainOfflineEmbedder(corpus, { dimensions: 8, minDocumentFrequency: 1 });
    expect(embedder.termVector('锂离子电池')).toBeUndefined();
    const [compound, parts, tea] = await embedder.embed(['锂离子电池', '锂离子 电池', '茶叶 杀青']);
    expect(norm(compound!)).toBeCloseTo(1, 5);
    expect(cosine(compound!, parts!)).toBeGreaterThan(cosine(compound!, tea!));
    expect(norm((await embedder.embed(['量子纠缠']))[0]!)).toBe(0);
  });
});
