/**
 * Builds dict/patent-terms.txt, the patent-domain user dictionary for jieba, from the
 * shared datasets:
 *
 *  1. patent boilerplate phrases, so that they segment as one stop word;
 *  2. lower-case forms of jieba's own mixed Latin–Chinese words (X射线 → x射线), because
 *     search text is lower-cased before segmentation;
 *  3. terms from the IPC section A scheme and the GB/T 4754 industry descriptions: list
 *     items and short noun phrases that jieba splits (人力犁, 早籼稻, 光端机);
 *  4. terms mined from the ~31k patent titles and abstracts: runs of 2–4 jieba tokens that
 *     occur often, stick together (pointwise mutual information) and appear in varied
 *     contexts (boundary entropy), i.e. words jieba splits wrongly (石墨|烯, 杀青|机,
 *     物|联网) and cohesive compound terms (铁皮石斛, 愈伤组织).
 *
 * Each term gets the smallest frequency that makes jieba keep it whole, checked by
 * segmenting it with the finished dictionary. Output is deterministic; the header version
 * goes up by one whenever the entries change.
 *
 *   npx tsx packages/text/scripts/build-dictionary.ts [--dry-run] [--dump=entries.txt]
 */
import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Jieba as JiebaInstance } from '@node-rs/jieba';
import { normalizeForSearch } from '../src/normalize.ts';
import { isStopWord } from '../src/stopwords.ts';
import { dataFilePath } from '../src/data-files.ts';
import { PATENT_TERMS_FILE } from '../src/dictionary.ts';
import { loadIndustryDescriptions, loadIpcSectionA, loadPatentRecords } from './corpus.ts';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
const { dict: defaultDict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');

/** A term must come out whole at least this often where it occurs in the patent texts. */
const MIN_WHOLE_RATE = 0.5;

/** Terms longer than this make poor search tokens (a query for a part would miss them). */
const MAX_TERM_LENGTH = 6;

/** Corpus mining thresholds, chosen by reading the candidate lists they produce. */
const MINING = {
  minCount: 3,
  minRecords: 2,
  /** For runs with a single-character token (a fragment jieba could not attach). */
  fragmentMinPmi: 3.5,
  fragmentMinEntropy: 1.0,
  /** Left neighbours of a run that starts with a loose character (物|联网, not 西洋|参|培育). */
  leadingFragmentMinEntropy: 2.5,
  /** …and at most this share of them may form a word with that character (箱+体). */
  leadingFragmentMaxAttached: 0.2,
  /** For two whole nouns, which must be a real compound term to be joined. */
  compoundMinPmi: 6.5,
  compoundMinEntropy: 1.5,
  compoundMinRecords: 5,
};

/** Boilerplate that jieba splits into pieces, some of them content words (特征). */
const BOILERPLATE = ['其特征在于', '其特征是', '特征在于', '特征是', '本外观设计', '本申请'];

type Source = 'boilerplate' | 'mixed-case' | 'ipc' | 'industry' | 'corpus';

interface Term {
  word: string;
  source: Source;
  tag: string;
}

// --- jieba's default dictionary -----------------------------------------------------

const baseFrequency = new Map<string, number>();
let baseTotal = 0;
for (const line of Buffer.from(defaultDict).toString('utf8').split('\n')) {
  const [word, freq] = line.split(' ');
  if (!word || !freq) continue;
  const n = Number(freq);
  baseFrequency.set(word, n);
  baseTotal += n;
}
const base = Jieba.withDict(defaultDict);

const HAN_ONLY = /^\p{Script=Han}+$/u;

const posCache = new Map<string, string>();
/** Part of speech of one token as jieba tags it on its own ('x' when unknown). */
function pos(token: string): string {
  let tag = posCache.get(token);
  if (tag === undefined) {
    const tagged = base.tag(token, true);
    tag = tagged.length === 1 ? (tagged[0]?.tag ?? 'x') : 'x';
    posCache.set(token, tag);
  }
  return tag;
}

/**
 * One-character heads that turn what precedes them into the name of a machine, part,
 * agent, material or container (杀青机, 开沟器, 保鲜剂, 石墨烯, 储水箱).
 */
const NAME_HEADS = new Set([
  ...'机器仪具剂素酶菌苗肥料液粉膜层烯醇酯酸盐胶霉泵阀罐箱池槽炉塔釜锅盘板刀铲杆轴轮架管筒网袋盒柜桶室棚仓车船床台座柱梁辊链带针头笼灯',
]);

/** Grammar words: prepositions, conjunctions, particles, pronouns, adverbs, numerals, locatives, time. */
const FUNCTION_POS = /^(p|c|u.*|r.*|d|m|f|t|y|e|o|w)$/;
/** What a term may end with: nouns, noun-like verbs, bound morphemes, measure-word nouns (箱, 筒). */
const HEAD_POS = /^(n.*|vn|an|x|zg|ng|g|q|j|l)$/;

/**
 * Whether a run of tokens reads as a term. It must end in a noun-like head and contain no
 * grammar word or stop word. A verb in front of a multi-character noun makes a verb
 * phrase (处理草地), while a two-character verb in front of a one-character head makes a
 * device or agent name (播种机, 杀青机).
 */
function looksLikeTerm(tokens: readonly string[], mined = false): boolean {
  if (tokens.length < 2) return false;
  const word = tokens.join('');
  if (!HAN_ONLY.test(word) || word.length < 2 || word.length > MAX_TERM_LENGTH) return false;
  // Two loose characters in a longer run are more often a broken phrase (金矿|料|产|银粉)
  // than a term; short runs of single characters are unknown words (渔|线|轮).
  if (word.length > 3 && tokens.filter((t) => t.length === 1).length > 1) return false;
  // An unknown word found in the corpus may contain a measure word or prefix that is a
  // stop word on its own (排|种, 组|培|苗, 割|台): its statistics decide.
  const minedUnknownWord = mined && word.length <= 3 && tokens.every((t) => t.length === 1);
  const exempt = (token: string): boolean => minedUnknownWord && CONTENT_MORPHEMES.has(token);
  for (const token of tokens) {
    if (exempt(token)) continue;
    if (FUNCTION_POS.test(pos(token)) || isStopWord(token)) return false;
  }
  if (readsAroundStopWord(word) || DEMONSTRATIVES.has(word[0] ?? '')) return false;
  const head = tokens[tokens.length - 1] ?? '';
  // Statistics also vouch for the head of a mined unknown word (投|喂, 组|培).
  if (!HEAD_POS.test(pos(head)) && !minedUnknownWord) return false;
  const first = tokens[0] ?? '';
  // A loose character in front is usually the tail of the previous word (西洋|参|培育,
  // 齿轮|箱|底板), unless the run is an unknown word made of loose characters only; the
  // corpus miner allows it when the run's left neighbours vary (物|联网).
  if (!mined && hasLeadingFragment(tokens)) return false;
  // A suffix (型, 性, 式) belongs to whatever precedes the run.
  if (pos(first) === 'k') return false;
  // Verb + object is a phrase (保存|蛋, 处理|草地); verb + instrument suffix is a name (播种|机).
  if (
    !minedUnknownWord &&
    pos(first) === 'v' &&
    (tokens.length > 2 || first.length < 2 || !NAME_HEADS.has(head))
  ) {
    return false;
  }
  return true;
}

function hasLeadingFragment(tokens: readonly string[]): boolean {
  return (tokens[0]?.length ?? 0) === 1 && tokens.join('').length > 2 && tokens.some((t) => t.length > 1);
}

/** A run with a one-character token: jieba could not attach that character to a word. */
function hasFragment(tokens: readonly string[]): boolean {
  return tokens.some((t) => t.length === 1);
}

/**
 * Stop words as tokens that are content morphemes inside unknown words: measure words,
 * prefixes and suffixes (排种, 组培, 割台, 分禾器, 单粒), unlike prepositions and
 * locatives (凹孔|内, 化蛹|时).
 */
const CONTENT_MORPHEMES = new Set([...'种组台分主副单双原总类式型性状套件条份批项号半全']);

/** Pronouns that begin a noun phrase, never a term (该|线轮, 各|支架). */
const DEMONSTRATIVES = new Set([...'该此其本各每所之这那']);

/** Nouns proper: what both halves of a compound term must be (铁皮|石斛, 风电|机组). */
const NOUN_POS = /^(n|nz|nr|ns|nt|ng)$/;

/**
 * Whether the word can also be read as a stop word next to a longer word: 有机架 is
 * 有+机架 in "设有机架", 高等特点 is 高+等+特点. Adding such a string would steal characters from
 * its neighbours wherever the other reading is the right one.
 */
function readsAroundStopWord(word: string): boolean {
  const isWordOrEmpty = (s: string): boolean => s === '' || baseFrequency.has(s);
  for (let i = 0; i < word.length; i++) {
    for (let j = i + 1; j <= word.length; j++) {
      if (j - i === word.length) continue;
      const left = word.slice(0, i);
      const right = word.slice(j);
      if (
        isStopWord(word.slice(i, j)) &&
        isWordOrEmpty(left) &&
        isWordOrEmpty(right) &&
        Math.max(left.length, right.length) >= 2
      ) {
        return true;
      }
    }
  }
  return false;
}

/**
 * Whether jieba (default dictionary) already segments the word as one token: with the
 * HMM for reference terms, without it for mined terms, so that unknown words the HMM
 * happens to join when they stand alone (排种, 组培) still get an entry and stay whole in
 * any context.
 */
function alreadyWhole(word: string, hmm = true): boolean {
  const cut = base.cut(word, hmm);
  return cut.length === 1 && cut[0] === word;
}

// --- sources --------------------------------------------------------------------------

function mixedCaseTerms(): Term[] {
  const terms: Term[] = [];
  for (const word of baseFrequency.keys()) {
    if (!/\p{Script=Han}/u.test(word) || !/[A-Z]/.test(word)) continue;
    const lower = word.toLowerCase();
    if (!baseFrequency.has(lower) && /^[a-z0-9\p{Script=Han}]+$/u.test(lower)) {
      terms.push({ word: lower, source: 'mixed-case', tag: 'n' });
    }
  }
  return terms;
}

/**
 * Splits reference text into short phrases and keeps those that read as terms and that
 * jieba would split into a fragment. Phrases are cut at punctuation, codes and stop
 * words; what is left between them is a list item (早籼稻) or a short noun phrase
 * (畜力牵引犁). Runs of whole words (踏板摩托车) are not added: segmenting them into
 * their words costs search nothing. A term must name a thing by its head (…机, …剂, …膜)
 * or occur at least twice in the patent records; list syntax otherwise leaves debris.
 */
function referenceTerms(lines: Iterable<string>, source: Source, corpus: CorpusIndex): Term[] {
  const found = new Set<string>();
  for (const line of lines) {
    const text = normalizeForSearch(
      line
        .replace(/[A-H]\d{2}[A-Z]?\s*\d+\/\d+/g, ' ') // IPC group codes: A01B 3/02
        .replace(/[A-H]\d{2}[A-Z]?/g, ' ') // class and subclass codes
        .replace(/〔\d+〕/g, ' '), // IPC edition marks
    );
    for (const chunk of text.split(/[^\p{Script=Han}]+/u)) {
      if (chunk.length < 2) continue;
      let run: string[] = [];
      const flush = (): void => {
        // Only a run that is a term as a whole: "其他早籼稻" was already cut at 其他.
        if (run.length >= 2 && hasFragment(run) && looksLikeTerm(run)) found.add(run.join(''));
        run = [];
      };
      for (const token of base.cut(chunk, false)) {
        if (isStopWord(token) || FUNCTION_POS.test(pos(token))) flush();
        else run.push(token);
      }
      flush();
    }
  }
  return [...found]
    .filter((w) => !alreadyWhole(w))
    .filter((w) => NAME_HEADS.has(w.slice(-1)) || corpus.occurrences(w) >= 2)
    .map((word) => ({ word, source, tag: 'n' }));
}

/** Substring counts over the patent texts, computed on demand. */
class CorpusIndex {
  readonly #joined: string;
  constructor(texts: readonly string[]) {
    this.#joined = texts.join('\n');
  }
  occurrences(word: string, limit = 2): number {
    let n = 0;
    for (let i = this.#joined.indexOf(word); i !== -1 && n < limit; i = this.#joined.indexOf(word, i + word.length)) n++;
    return n;
  }
}

/**
 * Whether a run's leading loose character stands on its own rather than ending the
 * previous word: its left neighbours vary, and rarely form a word with it (物|联网 has
 * 基于, 农业, 的 before it; 体|内壁 mostly follows 箱, 筒, 壳, which make 箱体, 筒体, 壳体).
 */
function freeLeadingCharacter(ch: string, left: Map<string, number>): boolean {
  if (entropy(left) < MINING.leadingFragmentMinEntropy) return false;
  let total = 0;
  let attached = 0;
  for (const [neighbour, count] of left) {
    total += count;
    if (baseFrequency.has(neighbour + ch) || baseFrequency.has(neighbour.slice(-1) + ch)) attached += count;
  }
  return attached / total < MINING.leadingFragmentMaxAttached;
}

interface RunStats {
  count: number;
  records: number;
  lastRecord: number;
  left: Map<string, number>;
  right: Map<string, number>;
}

function entropy(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c;
  let h = 0;
  for (const c of counts.values()) h -= (c / n) * Math.log(c / n);
  return h;
}

/**
 * Mines terms from the patent records. Text is segmented with the dictionary only (no
 * HMM), so unknown words show up as runs of single characters instead of the HMM's
 * guesses; a "phrase" is a maximal run of Chinese tokens, and runs of 2–4 tokens inside
 * phrases are counted with their neighbouring tokens. Phrase boundaries count as
 * distinct neighbours, so a term at the end of titles is not penalised.
 */
function corpusTerms(texts: readonly string[]): Term[] {
  const unigrams = new Map<string, number>();
  const runs = new Map<string, RunStats>();
  let totalTokens = 0;
  let boundaryId = 0;

  texts.forEach((text, recordIndex) => {
    let phrase: string[] = [];
    const flush = (): void => {
      for (let i = 0; i < phrase.length; i++) {
        const token = phrase[i] ?? '';
        unigrams.set(token, (unigrams.get(token) ?? 0) + 1);
        totalTokens++;
        for (let n = 2; n <= 4 && i + n <= phrase.length; n++) {
          const parts = phrase.slice(i, i + n);
          if (parts.join('').length > MAX_TERM_LENGTH) break;
          const key = parts.join('|');
          let stats = runs.get(key);
          if (!stats) {
            stats = { count: 0, records: 0, lastRecord: -1, left: new Map(), right: new Map() };
            runs.set(key, stats);
          }
          stats.count++;
          if (stats.lastRecord !== recordIndex) {
            stats.records++;
            stats.lastRecord = recordIndex;
          }
          const left = i > 0 ? (phrase[i - 1] ?? '') : `^${boundaryId++}`;
          const right = i + n < phrase.length ? (phrase[i + n] ?? '') : `$${boundaryId++}`;
          stats.left.set(left, (stats.left.get(left) ?? 0) + 1);
          stats.right.set(right, (stats.right.get(right) ?? 0) + 1);
        }
      }
      phrase = [];
    };
    for (const token of base.cut(text, false)) {
      if (HAN_ONLY.test(token)) phrase.push(token);
      else flush();
    }
    flush();
  });

  const countOf = (parts: readonly string[]): number =>
    parts.length === 1 ? (unigrams.get(parts[0] ?? '') ?? 0) : (runs.get(parts.join('|'))?.count ?? 0);

  const terms: Term[] = [];
  for (const [key, stats] of runs) {
    if (stats.count < MINING.minCount || stats.records < MINING.minRecords) continue;
    const parts = key.split('|');
    if (!looksLikeTerm(parts, true)) continue;
    let pmi = Infinity;
    for (let k = 1; k < parts.length; k++) {
      const a = countOf(parts.slice(0, k));
      const b = countOf(parts.slice(k));
      pmi = Math.min(pmi, Math.log((stats.count * totalTokens) / (a * b)));
    }
    const boundary = Math.min(entropy(stats.left), entropy(stats.right));
    if (hasLeadingFragment(parts) && !freeLeadingCharacter(parts[0] ?? '', stats.left)) continue;
    const fragment = hasFragment(parts);
    const keep = fragment
      ? pmi >= MINING.fragmentMinPmi && boundary >= MINING.fragmentMinEntropy
      : parts.length === 2 &&
        parts.every((p) => NOUN_POS.test(pos(p))) &&
        pmi >= MINING.compoundMinPmi &&
        boundary >= MINING.compoundMinEntropy &&
        stats.records >= MINING.compoundMinRecords;
    if (keep) terms.push({ word: parts.join(''), source: 'corpus', tag: 'n' });
  }
  return terms;
}

// --- frequencies -----------------------------------------------------------------------

/**
 * The frequency at which jieba prefers the whole word to its current pieces: the word's
 * probability must exceed the product of the pieces' probabilities (jieba's
 * suggest_freq rule).
 */
function suggestedFrequency(word: string): number {
  let probability = 1;
  for (const piece of base.cut(word, false)) {
    probability *= (baseFrequency.get(piece) ?? 1) / baseTotal;
  }
  return Math.max(Math.floor(probability * baseTotal) + 1, 3);
}

function dictionaryText(entries: ReadonlyArray<Term & { freq: number }>): string {
  return entries.map((e) => `${e.word} ${e.freq} ${e.tag}`).join('\n');
}

function loadWith(entries: ReadonlyArray<Term & { freq: number }>): JiebaInstance {
  const jieba = Jieba.withDict(defaultDict);
  jieba.loadDict(Buffer.from(dictionaryText(entries), 'utf8'));
  return jieba;
}

/** Raises frequencies until every term segments whole; drops the few that never do. */
function assignFrequencies(terms: readonly Term[]): Array<Term & { freq: number }> {
  let entries = terms.map((t) => ({ ...t, freq: suggestedFrequency(t.word) }));
  for (let round = 0; round < 6; round++) {
    const jieba = loadWith(entries);
    let failing = 0;
    entries = entries.map((e) => {
      const cut = jieba.cut(e.word, true);
      if (cut.length === 1) return e;
      failing++;
      return { ...e, freq: e.freq * 4 };
    });
    if (failing === 0) return entries;
  }
  const jieba = loadWith(entries);
  return entries.filter((e) => jieba.cut(e.word, true).length === 1);
}

/**
 * Drops terms made of another term and a word (单层+石墨烯, 工业+物联网, 石墨烯+薄膜): once
 * the shorter term is in the dictionary jieba segments them correctly, and the shorter
 * tokens match more queries.
 */
function dropComposites(terms: readonly Term[]): Term[] {
  const accepted = new Set(terms.filter((t) => t.source !== 'boilerplate').map((t) => t.word));
  const isUnit = (s: string): boolean => s.length >= 2 && (accepted.has(s) || baseFrequency.has(s));
  return terms.filter((t) => {
    if (t.source === 'boilerplate' || t.source === 'mixed-case') return true;
    for (let i = 2; i <= t.word.length - 2; i++) {
      const left = t.word.slice(0, i);
      const right = t.word.slice(i);
      if ((accepted.has(left) && isUnit(right)) || (accepted.has(right) && isUnit(left))) return false;
    }
    return true;
  });
}

/**
 * Drops terms that the finished dictionary rarely produces where they occur in the
 * patent texts: another reading keeps winning there, so the entry only adds risk.
 * Terms that do not occur in the texts (from the reference sources) are kept.
 */
function keepEffective(
  entries: ReadonlyArray<Term & { freq: number }>,
  texts: readonly string[],
  corpus: CorpusIndex,
): Array<Term & { freq: number }> {
  const jieba = loadWith(entries);
  const tokenCounts = new Map<string, number>();
  for (const text of texts) {
    for (const token of jieba.cut(text, true)) tokenCounts.set(token, (tokenCounts.get(token) ?? 0) + 1);
  }
  // Occurrences inside a longer token are not lost (排种 inside 排种器).
  const terms = new Set(entries.map((e) => e.word));
  const inside = new Map<string, number>();
  for (const [token, count] of tokenCounts) {
    const seen = new Set<string>();
    for (let i = 0; i < token.length; i++) {
      for (let j = i + 2; j <= token.length; j++) {
        const part = token.slice(i, j);
        if (part.length < token.length && terms.has(part) && !seen.has(part)) {
          seen.add(part);
          inside.set(part, (inside.get(part) ?? 0) + count);
        }
      }
    }
  }
  return entries.filter((e) => {
    if (e.source === 'boilerplate' || e.source === 'mixed-case') return true;
    const elsewhere = corpus.occurrences(e.word, Number.POSITIVE_INFINITY) - (inside.get(e.word) ?? 0);
    return elsewhere <= 0 || (tokenCounts.get(e.word) ?? 0) / elsewhere >= MIN_WHOLE_RATE;
  });
}

// --- main ------------------------------------------------------------------------------

const SOURCE_ORDER: readonly Source[] = ['boilerplate', 'mixed-case', 'ipc', 'industry', 'corpus'];
const SOURCE_TITLES: Record<Source, string> = {
  boilerplate: 'patent boilerplate, segmented whole so that it is dropped as one stop word',
  'mixed-case': "lower-case forms of jieba's mixed Latin-Chinese words (search text is lower-cased)",
  ipc: 'IPC section A scheme (reference/ipc-section-A-zh.csv)',
  industry: 'GB/T 4754 industry descriptions (reference/gb-t-4754-industry-3digit-zh.csv)',
  corpus: 'mined from the patent titles and abstracts (PMI and boundary entropy)',
};

function main(): void {
  const dryRun = process.argv.includes('--dry-run');
  const started = performance.now();

  const records = loadPatentRecords();
  const texts = records.map((r) => normalizeForSearch(`${r.title}\n${r.abstract}`));
  const corpus = new CorpusIndex(texts);

  const bySource: Record<Source, Term[]> = {
    boilerplate: BOILERPLATE.map((word) => ({ word, source: 'boilerplate', tag: 'x' })),
    'mixed-case': mixedCaseTerms(),
    ipc: referenceTerms(loadIpcSectionA(), 'ipc', corpus),
    industry: referenceTerms(loadIndustryDescriptions(), 'industry', corpus),
    corpus: corpusTerms(texts).filter((t) => !alreadyWhole(t.word, false)),
  };

  // A word listed by several sources is kept once, under the first source.
  const seen = new Set<string>();
  const terms: Term[] = [];
  for (const source of SOURCE_ORDER) {
    for (const term of [...bySource[source]].sort((a, b) => (a.word < b.word ? -1 : a.word > b.word ? 1 : 0))) {
      if (seen.has(term.word)) continue;
      seen.add(term.word);
      terms.push(term);
    }
  }
  const entries = keepEffective(assignFrequencies(dropComposites(terms)), texts, corpus);

  const path = dataFilePath(PATENT_TERMS_FILE);
  const body = SOURCE_ORDER.map((source) => {
    const part = entries.filter((e) => e.source === source);
    return `# --- ${SOURCE_TITLES[source]}: ${part.length} terms\n${dictionaryText(part)}`;
  }).join('\n');
  const previous = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const previousVersion = Number(/^# version: (\d+)/m.exec(previous)?.[1] ?? '0');
  const previousBody = previous.slice(previous.indexOf('\n# --- ') + 1);
  const version = previousBody === `${body}\n` ? previousVersion : previousVersion + 1;

  const header = [
    '# patent-bridge: patent-domain user dictionary for jieba (`word freq tag`)',
    `# version: ${version}`,
    '# Generated by packages/text/scripts/build-dictionary.ts from the shared datasets; do not edit',
    '# by hand, change the builder and run it again. Frequencies are the smallest that make jieba',
    '# keep the word whole. Lines starting with # are removed before jieba reads the file.',
    `# terms: ${entries.length}`,
  ].join('\n');

  for (const source of SOURCE_ORDER) {
    const part = entries.filter((e) => e.source === source);
    const sample = part.filter((_, i) => i % Math.max(1, Math.floor(part.length / 12)) === 0).slice(0, 12);
    console.log(`${source.padEnd(12)} ${String(part.length).padStart(6)}  e.g. ${sample.map((e) => e.word).join(' ')}`);
  }
  console.log(`total ${entries.length} terms, version ${version}, ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const dump = process.argv.find((a) => a.startsWith('--dump='));
  if (dump) writeFileSync(dump.slice('--dump='.length), dictionaryText(entries));
  if (!dryRun) {
    writeFileSync(path, `${header}\n${body}\n`);
    console.log(`wrote ${path}`);
  }
}

main();
