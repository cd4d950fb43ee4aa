/**
 * @patent-bridge/text: Chinese/English text handling for patent-bridge.
 *
 * Import uses `normalizeText` (display/storage) and `toSimplified` / `detectScript`
 * (Taiwan records); search uses `tokenize` / `tokenizeForIndex`, which apply
 * `normalizeForSearch` first. Indexes record `TEXT_PIPELINE_VERSION`.
 */
export { normalizeText, normalizeForSearch } from './normalize.ts';
export { detectScript, toSimplified } from './script.ts';
export type { ChineseScript } from './script.ts';
export { segment } from './segment.ts';
export { isStopWord } from './stopwords.ts';
export { tokenize, tokenizeForIndex } from './tokenize.ts';
export type { TokenizeOptions } from './tokenize.ts';
export { patentTermsVersion } from './dictionary.ts';
export { TEXT_PIPELINE_VERSION } from './version.ts';
export { translateEnglish, isMostlyLatin, type EnglishTranslation } from './translate.ts';
export { displayWidth, padToWidth } from './display-width.ts';
