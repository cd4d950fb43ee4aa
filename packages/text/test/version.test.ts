import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TEXT_PIPELINE_VERSION, isStopWord, toSimplified } from '../src/index.ts';
import { dataFilePath, readDataLines } from '../src/data-files.ts';

/**
 * Fingerprint of the word lists that decide the tokens. When one of them changes this
 * test fails: bump TEXT_PIPELINE_VERSION (src/version.ts) so that indexes rebuild, then
 * record the new fingerprint here.
 */
const RECORDED = { version: 1, fingerprint: '6cd60831e3a07c5b' };

const FILES = ['patent-terms.txt', 'stopwords-zh.txt', 'stopwords-en.txt', 'taiwan-terms.txt'];

function fingerprint(): string {
  const hash = createHash('sha256');
  for (const file of FILES) hash.update(file).update('\0').update(readFileSync(dataFilePath(file)));
  return hash.digest('hex').slice(0, 16);
}

describe('TEXT_PIPELINE_VERSION', () => {
  it('is a positive integer', () => {
    expect(Number.isInteger(TEXT_PIPELINE_VERSION)).toBe(true);
    expect(TEXT_PIPELINE_VERSION).toBeGreaterThan(0);
  });

  it('was bumped when the word lists changed', () => {
    expect({ version: TEXT_PIPELINE_VERSION, fingerprint: fingerprint() }).toEqual(RECORDED);
  });
});

describe('word lists', () => {
  it.each(['stopwords-zh.txt', 'stopwords-en.txt'])('%s has no duplicates and is in search form', (file) => {
    const words = readDataLines(file);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) {
      expect(word).toBe(word.toLowerCase());
      expect(toSimplified(word)).toBe(word);
      expect(word).not.toMatch(/\s/);
    }
  });

  it('taiwan-terms.txt has two fields per line and maps to Simplified', () => {
    for (const line of readDataLines('taiwan-terms.txt')) {
      const fields = line.split(/\s+/);
      expect(fields).toHaveLength(2);
      expect(toSimplified(fields[1] ?? '')).toBe(fields[1]);
    }
  });

  it('stop words include the patent boilerplate of the issue', () => {
    for (const word of ['本发明', '本实用新型', '一种', '所述', '其特征在于', '包括', '涉及', '用于', '及其', '以及', '其中', '该', '等']) {
      expect(isStopWord(word)).toBe(true);
    }
  });
});
