/**
 * Which tokens to index and which to query with: precise words only (`tokenize`) or
 * words plus their dictionary sub-words (`tokenizeForIndex`).
 *
 * Known-item test on the records that have an abstract (cn-a01-abstracts,
 * bdci2021-patents): the abstracts are indexed with BM25, each record's title is a query,
 * and the record's own abstract is the one right answer. A title says the same thing as
 * its abstract in fewer words, much like a demand names a technology, so the test shows
 * how often a formulation is found when the words differ in granularity (锂电池 in one,
 * 锂离子电池 in the other).
 *
 *   npx tsx packages/text/scripts/measure-search-modes.ts
 */
import { normalizeForSearch, tokenize, tokenizeForIndex } from '../src/index.ts';
import { loadPatentRecords } from './corpus.ts';

type Tokenizer = (text: string) => string[];

const K1 = 1.2;
const B = 0.75;

class Bm25Index {
  readonly #postings = new Map<string, Map<number, number>>();
  readonly #lengths: number[] = [];
  #totalLength = 0;

  add(tokens: readonly string[]): void {
    const doc = this.#lengths.length;
    this.#lengths.push(tokens.length);
    this.#totalLength += tokens.length;
    for (const token of tokens) {
      let posting = this.#postings.get(token);
      if (!posting) {
        posting = new Map();
        this.#postings.set(token, posting);
      }
      posting.set(doc, (posting.get(doc) ?? 0) + 1);
    }
  }

  /** Rank (1-based) of `target` for the query, or Infinity when it scores nothing. */
  rankOf(query: readonly string[], target: number): number {
    const n = this.#lengths.length;
    const average = this.#totalLength / n;
    const scores = new Map<number, number>();
    for (const token of new Set(query)) {
      const posting = this.#postings.get(token);
      if (!posting) continue;
      const idf = Math.log(1 + (n - posting.size + 0.5) / (posting.size + 0.5));
      for (const [doc, tf] of posting) {
        const length = this.#lengths[doc] ?? 0;
        const score = (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * length) / average));
        scores.set(doc, (scores.get(doc) ?? 0) + score);
      }
    }
    const own = scores.get(target);
    if (own === undefined) return Number.POSITIVE_INFINITY;
    let rank = 1;
    for (const [doc, score] of scores) if (score > own || (score === own && doc < target)) rank++;
    return rank;
  }
}

/**
 * The abstract without its title: abstracts usually restate the title word for word
 * ("本发明公开了一种<title>"), which makes the known-item test too easy to tell modes
 * apart. Without it the record must be found through the abstract's own wording.
 */
function withoutTitle(abstract: string, title: string): string {
  const core = normalizeForSearch(title).replace(/^一种/, '');
  return core.length < 2 ? abstract : normalizeForSearch(abstract).split(core).join('。');
}

function evaluate(label: string, records: ReadonlyArray<{ title: string; body: string }>): void {
  const modes: Record<string, Tokenizer> = { words: tokenize, 'words+parts': tokenizeForIndex };
  const indexes = new Map<string, Bm25Index>();
  for (const [name, tokenizer] of Object.entries(modes)) {
    const index = new Bm25Index();
    for (const r of records) index.add(tokenizer(r.body));
    indexes.set(name, index);
  }
  console.log(`\n${label}: ${records.length} abstracts indexed; each title queries for its own abstract`);
  console.log('index        query        found  recall@1  recall@10  MRR');
  for (const [indexName, index] of indexes) {
    for (const [queryName, tokenizer] of Object.entries(modes)) {
      let found = 0;
      let at1 = 0;
      let at10 = 0;
      let reciprocal = 0;
      records.forEach((r, doc) => {
        const rank = index.rankOf(tokenizer(r.title), doc);
        if (rank === Number.POSITIVE_INFINITY) return;
        found++;
        if (rank <= 1) at1++;
        if (rank <= 10) at10++;
        reciprocal += 1 / rank;
      });
      const pct = (x: number): string => `${((100 * x) / records.length).toFixed(1)}%`.padStart(6);
      console.log(
        `${indexName.padEnd(12)} ${queryName.padEnd(12)} ${pct(found)}  ${pct(at1)}    ${pct(at10)}     ${(reciprocal / records.length).toFixed(3)}`,
      );
    }
  }
}

function main(): void {
  const records = loadPatentRecords().filter((r) => r.abstract.trim() !== '' && r.title.trim() !== '');
  evaluate('A. full abstracts', records.map((r) => ({ title: r.title, body: r.abstract })));
  evaluate(
    'B. abstracts with the title phrase removed',
    records.map((r) => ({ title: r.title, body: withoutTitle(r.abstract, r.title) })),
  );
}

main();
