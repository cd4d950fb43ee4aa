/**
 * Normalisation of patent text: `normalizeText` for display and storage (width folding,
 * removal of export junk, whitespace clean-up) and `normalizeForSearch`, which also
 * converts to Simplified and folds case.
 */
import { toSimplified } from './script.ts';

/**
 * Full-width forms that stay full-width: the Chinese sentence punctuation
 * ！（），：；？ is correct Chinese typography in titles and abstracts, so folding it
 * to ASCII would only make display worse. Search treats it as a separator either way.
 */
const KEEP_FULL_WIDTH = new Set(['！', '（', '）', '，', '：', '；', '？']);

/** U+FF01–U+FF5E: full-width ASCII variants. */
const FULL_WIDTH_ASCII = /[\uFF01-\uFF5E]/g;

/**
 * Markup found in real exports: the cn-a01 abstracts carry HTML formatting
 * (<sub>, <sup>, <b>, <i>, <maths>, <pb pnum="1" />), formula images
 * (<img file="….TIF" …/>) and numbering comments (<!--1-->); cn-recent titles carry
 * <tag01>. Only these names are stripped so that text such as "<1>" or
 * "800mg/L<Na+<1000mg/L" survives.
 */
const MARKUP_TAG =
  /<\/?(?:sub|sup|b|i|u|em|strong|span|font|p|br|maths?|pb|tag\d+)(?:\s[^<>]*)?\/?>/gi;
const IMAGE_TAG = /<img\b[^<>]*>/gi;
const HTML_COMMENT = /<!--[^]*?-->/g;

/** Stray end-of-record marker in the cn-a01 abstracts ("…下降。$＃!"). */
const RECORD_END_MARKER = /\$#!/g;

/**
 * Question marks standing for characters lost in an earlier encoding step
 * ("符合方程????????", "利用率。?"). A run of two or more is never prose; neither is one
 * right after Chinese punctuation. A single "?" between Latin letters or digits
 * ("mus?musculus", "80?40份") is left alone: it stood for a space, a hyphen or a
 * range dash and cannot be restored faithfully.
 */
const LOST_CHARACTERS = /\?{2,}|(?<=[。，；：、！？])\?+/g;

// Case-insensitive so that lower-casing a normalised text never reveals a new entity.
const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(lt|gt|amp|quot|apos|nbsp));/gi;
const NAMED_ENTITIES: Record<string, string> = {
  lt: '<',
  gt: '>',
  amp: '&',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

/** Control and invisible characters (tab, CR and LF are handled as whitespace). */
const INVISIBLE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u00AD\u200B-\u200D\u2060\uFEFF]/g;
/** Halves of surrogate pairs standing alone (broken UTF-16), never valid text. */
const LONE_SURROGATE = /\p{Cs}/gu;
/** Whitespace other than the ASCII space, including the ideographic space U+3000. */
const OTHER_SPACE = /[\t\n\r\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/g;
/** A line break between two Chinese characters is a hard wrap of the source, not a word gap. */
const WRAPPED_LINE =
  /(?<=[\p{Script=Han}\u3001-\u3003\uFF01-\uFF5E])[ \t\u3000]*[\r\n][\s\u3000]*(?=[\p{Script=Han}\u3001-\u3003\uFF01-\uFF5E])/gu;

function foldFullWidth(text: string): string {
  return text.replace(FULL_WIDTH_ASCII, (ch) =>
    KEEP_FULL_WIDTH.has(ch) ? ch : String.fromCharCode(ch.charCodeAt(0) - 0xfee0),
  );
}

function decodeEntities(text: string): string {
  return text.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name !== undefined) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return whole;
    return String.fromCodePoint(code);
  });
}

function stripJunk(text: string): string {
  return text
    .replace(HTML_COMMENT, '')
    .replace(IMAGE_TAG, '')
    .replace(MARKUP_TAG, '')
    .replace(RECORD_END_MARKER, '')
    .replace(LOST_CHARACTERS, '');
}

function collapseWhitespace(text: string): string {
  return text
    .replace(INVISIBLE, '')
    .replace(LONE_SURROGATE, '')
    .replace(WRAPPED_LINE, '')
    .replace(OTHER_SPACE, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function normalizeOnce(text: string): string {
  return collapseWhitespace(stripJunk(decodeEntities(foldFullWidth(text))));
}

/**
 * Normalises patent text for display and storage.
 *
 * ```ts
 * normalizeText('新型ＣＲＩＳＰＲ酶以及系統 '); // '新型CRISPR酶以及系統'
 * normalizeText('N<sub>2</sub>O减排方法');   // 'N2O减排方法'
 * normalizeText('…四连杆机构（３）下降。$＃!'); // '…四连杆机构（3）下降。'
 * ```
 *
 * Folds full-width letters, digits and symbols to ASCII (keeping the Chinese
 * punctuation ！（），：；？), turns the ideographic space into a space, decodes HTML
 * entities, strips export markup and junk markers, joins hard-wrapped Chinese lines and
 * collapses whitespace. It does not convert Traditional characters and does not change
 * case. Idempotent: `normalizeText(normalizeText(x)) === normalizeText(x)`.
 */
export function normalizeText(text: string): string {
  // Decoding an entity can reveal markup ("&lt;b&gt;") or another entity ("&amp;lt;"),
  // so repeat until nothing changes; every change that can recur shortens the text.
  let current = text;
  for (let round = 0; round < 16; round++) {
    const next = normalizeOnce(current);
    if (next === current) return next;
    current = next;
  }
  return current;
}

/**
 * Normalises text into the form search compares: display normalisation, then Simplified
 * characters, then lower case.
 *
 * ```ts
 * normalizeForSearch('新型ＣＲＩＳＰＲ酶以及系統'); // '新型crispr酶以及系统'
 * normalizeForSearch('5G通信 Antenna'); // '5g通信 antenna'
 * ```
 *
 * Idempotent. Tokenisation starts from this form; store `normalizeText` output for
 * display instead.
 */
export function normalizeForSearch(text: string): string {
  return toSimplified(normalizeText(text)).toLowerCase();
}
