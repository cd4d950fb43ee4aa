import { describe, expect, it } from 'vitest';
import { positivePmi } from '../src/offline/association-weights.ts';
import { labelColumns } from '../src/offline/ipc-labels.ts';
import { termContextCounts, termLabelCounts, termPostings } from '../src/offline/term-statistics.ts';
import { buildVocabulary, encodeDocument } from '../src/offline/vocabulary.ts';

describe('labelColumns', () => {
  it('reads IPC codes at subclass and class level and keeps other labels whole', () => {
    expect(labelColumns(['A01B 1/00', 'a01c', 'H04L', 'A01B'])).toEqual([
      { key: 'A01B', level: 'subclass' },
      { key: 'A01C', level: 'subclass' },
      { key: 'H04L', level: 'subclass' },
      { key: 'A01', level: 'class' },
      { key: 'H04', level: 'class' },
    ]);
    expect(labelColumns(['bdci:12', ' '])).toEqual([{ key: 'bdci:12', level: 'other' }]);
  });
});

describe('vocabulary and counts', () => {
  const documents = [
    ['滚筒', '杀青机', '滚筒'],
    ['茶叶', '杀青机'],
    ['电池', '正极'],
    ['电池', '负极', '茶叶'],
  ];

  it('orders terms by document frequency, independent of document order', () => {
    const vocabulary = buildVocabulary(documents, { minDocumentFrequency: 1 });
    expect(vocabulary.terms.slice(0, 3)).toEqual(['杀青机', '电池', '茶叶']);
    expect(buildVocabulary([...documents].reverse(), { minDocumentFrequency: 1 }).terms).toEqual(vocabulary.terms);
    expect(buildVocabulary(documents).terms).toEqual(['杀青机', '电池', '茶叶']);
    expect(encodeDocument(vocabulary, ['滚筒', '滚筒', '未知'])).toEqual({ terms: Uint32Array.of(vocabulary.index.get('滚筒')!), counts: Uint32Array.of(2) });
  });

  it('counts labels per term with split weights, and context co-occurrence', () => {
    const vocabulary = buildVocabulary(documents, { minDocumentFrequency: 1 });
    const encoded = documents.map((tokens) => encodeDocument(vocabulary, tokens));
    const postings = termPostings(encoded, vocabulary.terms.length);
    const labels = [['A23F'], ['A23F', 'A23N'], ['H01M'], []].map(labelColumns);
    const { counts, columns } = termLabelCounts(postings, labels, { classWeight: 0 });
    expect(columns.map((c) => c.key)).toEqual(['A23F', 'A23N', 'H01M']);
    const row = (term: string) => {
      const t = vocabulary.index.get(term)!;
      const out: Record<string, number> = {};
      for (let p = counts.rowStart[t]!; p < counts.rowStart[t + 1]!; p++) out[columns[counts.columnIndex[p]!]!.key] = counts.values[p]!;
      return out;
    };
    expect(row('杀青机')).toEqual({ A23F: 1.5, A23N: 0.5 });
    expect(row('电池')).toEqual({ H01M: 1 });
    const contexts = termContextCounts(postings, encoded, { contexts: 2 }); // 杀青机, 电池
    const t = vocabulary.index.get('茶叶')!;
    expect(Array.from(contexts.columnIndex.subarray(contexts.rowStart[t]!, contexts.rowStart[t + 1]!))).toEqual([0, 1]);
    const ppmi = positivePmi(counts);
    for (const value of ppmi.values) expect(value).toBeGreaterThanOrEqual(0);
  });
});
