/**
 * Highlighting of matched terms in display text, for titles and abstracts in search results.
 *
 * Matching runs on a normalised copy of the text (full-width folded, lower case, Traditional →
 * Simplified when that keeps the length) whose offsets map back to the original, so the
 * original characters are what gets wrapped. Chinese and mixed terms (石墨烯, x射线, 5g) match as
 * substrings; English terms, which the search side stems (batteri, arrai), match whole words
 * whose stem is the term. The text is HTML-escaped; `pre`/`post` are inserted as given.
 */
import { tokenize, toSimplified } from '@patent-bridge/text';

export interface HighlightOptions {
  /** Inserted before each match (default `<em>`). */
  pre?: string;
  /** Inserted after each match (default `</em>`). */
  post?: string;
  /**
   * Longest text to return, in UTF-16 units of the original (markup and ellipses not counted):
   * a window placed around the first match (or the start), with `…` where text was cut.
   */
  maxLength?: number;
  /** Marks a cut (default `…`). */
  ellipsis?: string;
}

/** Terms whose highlighting is by word stem (English words as the search side stems them). */
const LATIN_WORD = /^[a-z]+$/;
const WORD_CHARACTER = /[a-z0-9]/;
const LATIN_RUN = /[a-z]+/g;

/** Stems of English words seen so far (words repeat across hits; bounded). */
const stems = new Map<string, string | undefined>();
const MAX_STEMS = 20_000;

function stemOf(word: string): string | undefined {
  if (stems.has(word)) return stems.get(word);
  let stem: string | undefined;
  try {
    stem = tokenize(word, { keepStopWords: true })[0];
  } catch {
    stem = undefined;
  }
  if (stems.size >= MAX_STEMS) stems.clear();
  stems.set(word, stem);
  return stem;
}

/**
 * The normalised text and, per normalised unit, the original range it came from; without
 * `start`/`end`, unit `i` came from unit `i` of the original.
 */
interface NormalisedText {
  text: string;
  start?: Int32Array;
  end?: Int32Array;
}

/**
 * What keeps `normalise` off its one-pass fast path: surrogates, İ (the only BMP character whose
 * lower case is two units long) and Σ (whose lower case depends on the next letter).
 */
const NOT_ONE_TO_ONE = /[\u0130\u03a3\ud800-\udfff]/;
const FULL_WIDTH = /[\uff01-\uff5e\u3000]/g;

function foldCharacter(ch: string): string {
  const code = ch.charCodeAt(0);
  if (ch.length === 1 && code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0).toLowerCase();
  if (code === 0x3000) return ' ';
  return ch.toLowerCase();
}

/** `foldCharacter` over the whole text when every character folds to exactly one unit. */
function foldOneToOne(text: string): string {
  return text.toLowerCase().replace(FULL_WIDTH, (ch) => (ch === '\u3000' ? ' ' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0).toLowerCase()));
}

function toSimplifiedSameLength(folded: string): string {
  if (!/[\u3400-\u9fff]/.test(folded)) return folded;
  try {
    const simplified = toSimplified(folded);
    if (simplified.length === folded.length) return simplified;
  } catch {
    // keep the folded text
  }
  return folded;
}

function normalise(text: string): NormalisedText {
  if (!NOT_ONE_TO_ONE.test(text)) return { text: toSimplifiedSameLength(foldOneToOne(text)) };
  const pieces: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = 0; i < text.length; ) {
    const point = text.codePointAt(i)!;
    const width = point > 0xffff ? 2 : 1;
    const folded = foldCharacter(text.slice(i, i + width));
    for (let k = 0; k < folded.length; k++) {
      starts.push(i);
      ends.push(i + width);
    }
    pieces.push(folded);
    i += width;
  }
  return { text: toSimplifiedSameLength(pieces.join('')), start: Int32Array.from(starts), end: Int32Array.from(ends) };
}

function normaliseTerm(term: string): string {
  let out = '';
  for (const ch of term) out += foldCharacter(ch);
  if (/[\u3400-\u9fff]/.test(out)) {
    try {
      out = toSimplified(out);
    } catch {
      // keep it
    }
  }
  return out.trim();
}

/** Ranges `[start, end)` of the normalised text that match a term. */
function matchRanges(normalised: string, terms: readonly string[]): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const latin = new Set<string>();
  for (const raw of terms) {
    if (typeof raw !== 'string') continue;
    const term = normaliseTerm(raw);
    if (term === '') continue;
    if (LATIN_WORD.test(term)) {
      latin.add(term);
      continue;
    }
    const bounded = WORD_CHARACTER.test(term[0]!);
    const boundedEnd = WORD_CHARACTER.test(term[term.length - 1]!);
    for (let at = normalised.indexOf(term); at >= 0; at = normalised.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (bounded && at > 0 && WORD_CHARACTER.test(normalised[at - 1]!)) continue;
      if (boundedEnd && end < normalised.length && WORD_CHARACTER.test(normalised[end]!)) continue;
      ranges.push([at, end]);
    }
  }
  if (latin.size > 0) {
    for (const match of normalised.matchAll(LATIN_RUN)) {
      const word = match[0];
      const at = match.index;
      // Letter runs glued to digits (cas9, 5g) are not English words.
      if (at > 0 && /[0-9]/.test(normalised[at - 1]!)) continue;
      if (at + word.length < normalised.length && /[0-9]/.test(normalised[at + word.length]!)) continue;
      if (latin.has(word) || latin.has(stemOf(word) ?? '')) ranges.push([at, at + word.length]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const merged: Array<[number, number]> = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range[0] < last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** HTML-escapes text and replaces lone surrogates with U+FFFD. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, (ch) => ESCAPES[ch] ?? '\uFFFD');
}

/** Moves an offset off the low half of a surrogate pair. */
function atCharacterBoundary(text: string, at: number): number {
  if (at > 0 && at < text.length && /[\uDC00-\uDFFF]/.test(text[at]!) && /[\uD800-\uDBFF]/.test(text[at - 1]!)) return at - 1;
  return at;
}

/**
 * Wraps the occurrences of `terms` in `text` with `pre`/`post`, HTML-escaping the text.
 *
 * @example
 * highlight('一种石墨烯复合材料', ['石墨烯']);            // '一种<em>石墨烯</em>复合材料'
 * highlight('Lithium-ion Batteries', ['batteri']);      // 'Lithium-ion <em>Batteries</em>'
 * highlight('奈米碳管與石墨烯', ['纳米']);                // '<em>奈米</em>碳管與石墨烯'
 * highlight(longAbstract, ['杀青'], { maxLength: 80 }); // '…滚筒<em>杀青</em>，温度可控…'
 */
export function highlight(text: string, terms: readonly string[], options: HighlightOptions = {}): string {
  const pre = options.pre ?? '<em>';
  const post = options.post ?? '</em>';
  const ellipsis = options.ellipsis ?? '…';
  if (typeof text !== 'string' || text === '') return '';
  const normalised = normalise(text);
  const { start, end } = normalised;
  const ranges =
    Array.isArray(terms) && terms.length > 0 ? matchRanges(normalised.text, terms).map(([s, e]): [number, number] => (start && end ? [start[s]!, end[e - 1]!] : [s, e])) : [];

  let from = 0;
  let to = text.length;
  const maxLength = options.maxLength;
  if (typeof maxLength === 'number' && maxLength > 0 && text.length > maxLength) {
    const first = ranges[0]?.[0] ?? 0;
    from = Math.max(0, first - Math.floor(maxLength * 0.3));
    to = Math.min(text.length, from + Math.floor(maxLength));
    from = atCharacterBoundary(text, Math.max(0, to - Math.floor(maxLength)));
    to = atCharacterBoundary(text, to);
  }

  let out = from > 0 ? ellipsis : '';
  let at = from;
  for (const [start, end] of ranges) {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e <= s || s < at) continue;
    out += escapeHtml(text.slice(at, s)) + pre + escapeHtml(text.slice(s, e)) + post;
    at = e;
  }
  out += escapeHtml(text.slice(at, to));
  if (to < text.length) out += ellipsis;
  return out;
}
