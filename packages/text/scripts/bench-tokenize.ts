/**
 * Tokenisation speed over every Chinese patent record of the shared datasets (~31k
 * titles with abstracts where the dataset has them).
 *
 *   npx tsx packages/text/scripts/bench-tokenize.ts
 *
 * "first call" includes loading the OpenCC tables, the jieba dictionaries and the word
 * lists; the other figures are warm.
 */
import { normalizeForSearch, normalizeText, tokenize, tokenizeForIndex } from '../src/index.ts';
import { loadPatentRecords } from './corpus.ts';

function time<T>(fn: () => T): [T, number] {
  const started = performance.now();
  const result = fn();
  return [result, performance.now() - started];
}

const records = loadPatentRecords();
const texts = records.map((r) => (r.abstract ? `${r.title}\n${r.abstract}` : r.title));
const characters = texts.reduce((sum, t) => sum + t.length, 0);
console.log(`${texts.length} records, ${(characters / 1e6).toFixed(2)} M characters`);

const [, first] = time(() => tokenize(texts[0] ?? ''));
console.log(`first call (loads dictionaries)      ${first.toFixed(0)} ms`);

const runs: Array<[string, (t: string) => unknown]> = [
  ['normalizeText', normalizeText],
  ['normalizeForSearch', normalizeForSearch],
  ['tokenize', tokenize],
  ['tokenizeForIndex', tokenizeForIndex],
];
for (const [name, fn] of runs) {
  const [tokens, ms] = time(() => {
    let n = 0;
    for (const t of texts) {
      const out = fn(t);
      n += Array.isArray(out) ? out.length : 1;
    }
    return n;
  });
  const rate = (texts.length / ms) * 1000;
  console.log(
    `${name.padEnd(20)} ${(ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toString().padStart(7)} records/s` +
      (name.startsWith('tokenize') ? `  ${tokens} tokens` : ''),
  );
}
