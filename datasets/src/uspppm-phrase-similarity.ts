/**
 * `uspppm-phrase-similarity/train.csv`: 36,473 pairs of English patent phrases with a human
 * similarity rating, in the context of a CPC class. For checking an embedder or a synonym layer.
 */
import { columnIndexes, readCsvFile } from './csv-file.ts';
import { DatasetError } from './dataset.ts';
import { failOnErrors } from './reference.ts';

export const NAME = 'uspppm-phrase-similarity';
const SOURCE = `${NAME}/train.csv`;

export interface PhrasePair {
  /** The upstream row id. */
  id: string;
  anchor: string;
  target: string;
  /** CPC class the pair was rated in, e.g. `A47`. */
  context: string;
  /** 0, 0.25, 0.5, 0.75 or 1 (1 = same meaning). */
  score: number;
}

/**
 * @example
 * const pairs = await loadPhrasePairs(sharedDatasetsRoot());
 * // pairs[0]: { id: '37d61fd2272659b1', anchor: 'abatement', target: 'abatement of pollution', context: 'A47', score: 0.5 }
 */
export async function loadPhrasePairs(root: string): Promise<PhrasePair[]> {
  const file = await readCsvFile(root, SOURCE);
  failOnErrors(SOURCE, file.errors);
  const at = columnIndexes(file.header, ['id', 'anchor', 'target', 'context', 'score'], SOURCE);
  return file.rows.map((row) => {
    const scoreText = (row.cells[at.score] ?? '').trim();
    const score = Number(scoreText);
    if (scoreText === '' || !Number.isFinite(score)) throw new DatasetError(`${SOURCE} line ${row.line}: score "${scoreText}" is not a number`);
    return {
      id: (row.cells[at.id] ?? '').trim(),
      anchor: (row.cells[at.anchor] ?? '').trim(),
      target: (row.cells[at.target] ?? '').trim(),
      context: (row.cells[at.context] ?? '').trim(),
      score,
    };
  });
}
