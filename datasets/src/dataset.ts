/**
 * What every dataset loader returns, and the few helpers they share.
 *
 * A loader reads one folder of the shared datasets into `RawRecord`s: raw strings, one record
 * per patent, each with the file (`source`) and 1-based line (`line`) it starts on. It never
 * judges values; the inventory validator does that for every source alike. The counts always
 * reconcile: `read === records.length + errors.length`.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InputField, RawRecord, ReadError } from '@patent-bridge/inventory';

export type { InputField, RawRecord, ReadError };

/** A read problem, with the file it happened in (`'<folder>/<file>'`, relative to the datasets root). */
export interface DatasetReadError extends ReadError {
  source: string;
}

/**
 * The result of loading one dataset.
 *
 * @example
 * const { records, errors, read } = await loadDataset('bit-university-patents');
 * // read === records.length + errors.length
 */
export interface DatasetLoad {
  dataset: string;
  /** One per patent, in file order; `source` + `line` point back to the upstream row. */
  records: RawRecord[];
  /** One per record that was found in the files but could not be read (so it is not in `records`). */
  errors: DatasetReadError[];
  /** Problems that did not stop a record, e.g. a relationship row for an unknown patent. */
  warnings: DatasetReadError[];
  /** Records found in the files: `records.length + errors.length`. */
  read: number;
}

/** The dataset files are not where they should be, or no longer have the expected shape. */
export class DatasetError extends Error {
  override readonly name = 'DatasetError';
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads one dataset file as UTF-8 text, without its byte order mark.
 *
 * @example
 * const text = await readDatasetText(root, 'cn-recent-titles-ipc/patents.csv');
 */
export async function readDatasetText(root: string, relativePath: string): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(join(root, relativePath));
  } catch (cause) {
    throw new DatasetError(`dataset file ${relativePath} not found under ${root}`, { cause });
  }
  try {
    return utf8.decode(bytes); // the decoder drops a leading BOM
  } catch (cause) {
    throw new DatasetError(`dataset file ${relativePath} is not valid UTF-8`, { cause });
  }
}

/**
 * Joins the values of a multi-valued field with ';' (the separator `RawRecord` uses), trimming
 * each and dropping empty values and exact repeats. Returns '' when nothing is left.
 *
 * @example
 * joinValues(['北京理工大学', ' 燕山大学', '', '燕山大学']) // '北京理工大学;燕山大学'
 */
export function joinValues(values: Iterable<string>): string {
  const kept = new Set<string>();
  for (const value of values) {
    const trimmed = value.trim();
    if (trimmed !== '') kept.add(trimmed);
  }
  return [...kept].join(';');
}

/**
 * Sets a field to the trimmed value, unless that is empty: an empty cell is a missing value, and
 * the validator should see it as missing, not as ''. (Uploads are read the same way.)
 */
export function setField(fields: RawRecord['fields'], field: InputField, value: string | undefined): void {
  const trimmed = value?.trim();
  if (trimmed !== undefined && trimmed !== '') fields[field] = trimmed;
}

/** Builds a `DatasetLoad`, computing `read` so that it always reconciles. */
export function datasetLoad(
  dataset: string,
  records: RawRecord[],
  errors: DatasetReadError[],
  warnings: DatasetReadError[] = [],
): DatasetLoad {
  return { dataset, records, errors, warnings, read: records.length + errors.length };
}
