/**
 * Independent views of the shared files for the tests: counts and lines computed straight from
 * the text, without the loaders or the CSV parser.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedDatasetsRoot } from '../src/location.ts';

export const ROOT = sharedDatasetsRoot();

export function fileText(relativePath: string): string {
  return readFileSync(join(ROOT, relativePath), 'utf8').replace(/^\uFEFF/, '');
}

/** The file's physical lines (1-based: `lines[n - 1]` is line n), line ends removed. */
export function physicalLines(relativePath: string): string[] {
  const lines = fileText(relativePath).split('\n').map((line) => line.replace(/\r$/, ''));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

/** CNIPA application number check digit, written out here again so the tests do not trust the code under test. */
export function checkDigit(body: string): string {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * weights[i]!;
  return sum % 11 === 10 ? 'X' : String(sum % 11);
}
