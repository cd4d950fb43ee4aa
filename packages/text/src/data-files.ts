/**
 * Access to the versioned word lists in `packages/text/dict/`. They are plain text so
 * that a reviewer can read a diff of them; lines starting with `#` are comments.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DICT_DIR = new URL('../dict/', import.meta.url);

/** Absolute path of a file in `packages/text/dict/`. */
export function dataFilePath(name: string): string {
  return fileURLToPath(new URL(name, DICT_DIR));
}

/** The meaningful lines of a word list: trimmed, without blanks and `#` comments. */
export function readDataLines(name: string): string[] {
  return readFileSync(dataFilePath(name), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}
