/**
 * The two kinds of evidence the bridge is derived from, each a score per IPC subclass for one
 * industry query: the subclasses of the patents the query finds (`corpus`), and the IPC scheme
 * titles the query matches (`ipc-title`).
 */
import { tokenizeForIndex } from '@patent-bridge/text';
import { buildBm25Index, topBm25, type Bm25Index } from './bm25.ts';

/** A patent as evidence: its text and its IPC subclasses (`A23F`). */
export interface EvidencePatent {
  text: string;
  subclasses: readonly string[];
}

/** An IPC scheme entry as evidence (`code` is `A23F` or `A23F 3/06`). */
export interface EvidenceIpcTitle {
  code: string;
  title: string;
}

export interface PatentCorpus {
  readonly index: Bm25Index;
  readonly subclasses: ReadonlyArray<readonly string[]>;
  /** Share of the corpus' subclass assignments per subclass (each patent counts 1, split over its subclasses). */
  readonly background: ReadonlyMap<string, number>;
}

export interface CorpusEvidenceOptions {
  /** Patents taken from the top of the ranking. */
  topPatents: number;
  /** A hit's contribution is (score / best score) ^ this: 0 counts every hit alike. */
  scoreExponent: number;
  /** Divide a subclass' total by (its background share) ^ this, against the corpus' own mix (0: off). */
  liftExponent: number;
  /** The background share used for the lift is at least this many patents' worth, so that a subclass with a handful of patents is not lifted without bound. */
  liftFloor: number;
}

/**
 * Indexes the patents' text (with `tokenizeForIndex`) for `corpusEvidence`.
 *
 * @example
 * const corpus = indexPatentCorpus([{ text: '一种滚筒杀青机', subclasses: ['A23F'] }]);
 * corpus.background.get('A23F') // 1
 */
export function indexPatentCorpus(patents: readonly EvidencePatent[]): PatentCorpus {
  const index = buildBm25Index(patents.map((patent) => tokenizeForIndex(patent.text)));
  const background = new Map<string, number>();
  let total = 0;
  for (const patent of patents) {
    for (const subclass of patent.subclasses) background.set(subclass, (background.get(subclass) ?? 0) + 1 / patent.subclasses.length);
    if (patent.subclasses.length > 0) total++;
  }
  for (const [subclass, count] of background) background.set(subclass, count / total);
  return { index, subclasses: patents.map((patent) => patent.subclasses), background };
}

/** The subclasses of the patents one query found. */
export interface CorpusEvidence {
  /** Score per subclass: the hits' contributions, lifted. */
  scores: Map<string, number>;
  /** Per subclass, how many of the hits carry it. */
  support: Map<string, number>;
  /** Per subclass, the hits' BM25 scores (each split over the hit's subclasses), neither normalised nor lifted. */
  mass: Map<string, number>;
  /** How many patents were taken. */
  hits: number;
}

/**
 * Subclass scores from the patents a weighted query finds: each of the best `topPatents` hits
 * spreads (score / best) ^ `scoreExponent` evenly over its subclasses; totals are divided by
 * (the subclass' share of the corpus) ^ `liftExponent`, so that a subclass the corpus is full of
 * (A01K in the A01 abstracts) does not win every query.
 *
 * @example
 * corpusEvidence(corpus, new Map([['茶', 2.1], ['杀青', 3.0]]), { topPatents: 100, scoreExponent: 1, liftExponent: 0.5, liftFloor: 5 }).scores
 * // Map { 'A23F' => 190.2, 'A23N' => 20.4, … }
 */
export function corpusEvidence(corpus: PatentCorpus, query: ReadonlyMap<string, number>, options: CorpusEvidenceOptions): CorpusEvidence {
  const hits = topBm25(corpus.index, query, options.topPatents);
  const scores = new Map<string, number>();
  const support = new Map<string, number>();
  const mass = new Map<string, number>();
  const best = hits[0]?.score ?? 0;
  for (const hit of hits) {
    const subclasses = corpus.subclasses[hit.document]!;
    const contribution = (hit.score / best) ** options.scoreExponent / subclasses.length;
    for (const subclass of subclasses) {
      scores.set(subclass, (scores.get(subclass) ?? 0) + contribution);
      support.set(subclass, (support.get(subclass) ?? 0) + 1);
      mass.set(subclass, (mass.get(subclass) ?? 0) + hit.score / subclasses.length);
    }
  }
  if (options.liftExponent > 0) {
    const floor = options.liftFloor / Math.max(1, corpus.index.documents);
    for (const [subclass, score] of scores) scores.set(subclass, score / Math.max(floor, corpus.background.get(subclass) ?? 1) ** options.liftExponent);
  }
  return { scores, support, mass, hits: hits.length };
}

export interface IpcTitleIndex {
  readonly index: Bm25Index;
  readonly subclasses: readonly string[];
}

/**
 * One document per subclass: its title and the titles of all its groups, without the
 * parenthesised references to other places of the scheme.
 *
 * @example
 * const titles = indexIpcTitles([{ code: 'A23F', title: '咖啡；茶；其代用品；它们的制造、配制或泡制' }]);
 * titles.subclasses // ['A23F']
 */
export function indexIpcTitles(titles: readonly EvidenceIpcTitle[]): IpcTitleIndex {
  const text = new Map<string, string[]>();
  for (const { code, title } of titles) {
    if (code.length < 4) continue;
    const subclass = code.slice(0, 4);
    let parts = text.get(subclass);
    if (parts === undefined) text.set(subclass, (parts = []));
    parts.push(withoutReferences(title));
  }
  const subclasses = [...text.keys()].sort();
  return { index: buildBm25Index(subclasses.map((subclass) => tokenizeForIndex(text.get(subclass)!.join('；')))), subclasses };
}

function withoutReferences(title: string): string {
  let previous: string;
  let current = title;
  do {
    previous = current;
    current = current.replace(/（[^（）]*）|\([^()]*\)/g, '');
  } while (current !== previous);
  return current;
}

/**
 * Subclass scores from the IPC titles a weighted query matches (BM25 scores of the subclass documents).
 *
 * @example
 * ipcTitleEvidence(titles, new Map([['茶', 2.1]]), 5) // Map { 'A23F' => 7.2, … }
 */
export function ipcTitleEvidence(titles: IpcTitleIndex, query: ReadonlyMap<string, number>, limit: number): Map<string, number> {
  return new Map(topBm25(titles.index, query, limit).map((hit) => [titles.subclasses[hit.document]!, hit.score]));
}
