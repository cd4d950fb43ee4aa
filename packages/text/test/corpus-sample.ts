/**
 * A deterministic sample of real records from the shared datasets for the tests, or an
 * empty list where the datasets are not available (tests that need it are skipped).
 */
import { datasetsDir, loadPatentRecords, type CorpusRecord } from '../scripts/corpus.ts';

const dir = datasetsDir();
if (!dir && process.env.CI === 'true') throw new Error('CI=true: the shared datasets are required (set PB_SHARED_DATASETS or put shared/ beside the repository)');

/** All records, loaded once per test file (about 0.2 s). */
export const corpusRecords: CorpusRecord[] = dir ? loadPatentRecords(dir) : [];

/** Every 20th record as "title\nabstract". */
export const corpusSample: string[] = corpusRecords
  .filter((_, i) => i % 20 === 0)
  .map((r) => (r.abstract ? `${r.title}\n${r.abstract}` : r.title));
