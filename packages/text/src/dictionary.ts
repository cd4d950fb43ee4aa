/**
 * The segmenter: jieba with its default dictionary plus the patent-domain user
 * dictionary `dict/patent-terms.txt` (built by scripts/build-dictionary.ts). Both load
 * once, on first use, so importing this package costs nothing until text is segmented.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Jieba } from '@node-rs/jieba';
import { dataFilePath } from './data-files.ts';

/** File name of the patent-domain user dictionary in `packages/text/dict/`. */
export const PATENT_TERMS_FILE = 'patent-terms.txt';

const require = createRequire(import.meta.url);
let segmenter: Jieba | undefined;

/**
 * The user dictionary as jieba reads it: `word freq tag` lines. The header comment is
 * removed because jieba has no comment syntax and would add "#" as a word.
 */
function patentTermsForJieba(): Buffer {
  const text = readFileSync(dataFilePath(PATENT_TERMS_FILE), 'utf8');
  const entries = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  return Buffer.from(entries.join('\n'), 'utf8');
}

/** The shared jieba instance with the patent dictionary loaded. */
export function getSegmenter(): Jieba {
  if (segmenter) return segmenter;
  // CommonJS packages loaded on demand: the default dictionary alone is 5 MB.
  const { Jieba: JiebaClass } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
  const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
  const instance = JiebaClass.withDict(dict);
  instance.loadDict(patentTermsForJieba());
  segmenter = instance;
  return segmenter;
}

/**
 * The `version` from the header of `dict/patent-terms.txt`.
 *
 * ```ts
 * patentTermsVersion(); // '1'
 * ```
 */
export function patentTermsVersion(): string {
  const header = readFileSync(dataFilePath(PATENT_TERMS_FILE), 'utf8').slice(0, 4000);
  const match = /^# version: (\S+)/m.exec(header);
  if (!match?.[1]) throw new Error(`${PATENT_TERMS_FILE}: no "# version:" header line`);
  return match[1];
}
