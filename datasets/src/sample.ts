/**
 * The project's own sample (`datasets/sample/`): fictitious patents and SME demands written by
 * the patent-bridge project. Unlike the public datasets it lives in this repository.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseCsv, tableToRecords } from '@patent-bridge/inventory';
import { DatasetError, datasetLoad, type DatasetLoad, type DatasetReadError } from './dataset.ts';
import { PACKAGE_ROOT } from './location.ts';

export const NAME = 'project-sample';
export const SAMPLE_DIR = join(PACKAGE_ROOT, 'sample');
const PATENTS_SOURCE = `${NAME}/patents.csv`;
const DEMANDS_SOURCE = `${NAME}/demands.jsonl`;

/** The label every sample record carries: who wrote it. */
export const WRITTEN_BY = 'patent-bridge project';

/**
 * Reads `sample/patents.csv` exactly as an uploaded CNIPA-style CSV is read (same parser, same
 * header aliases), so the sample also checks that path.
 *
 * @example
 * const { records } = await loadSamplePatents();
 * // records[0].fields.title === '一种黄芩苷纳米脂质体及其制备方法'
 * // records[0].extra?.备注 === '示例数据：patent-bridge 项目编写的虚构记录，非真实专利'
 */
export async function loadSamplePatents(): Promise<DatasetLoad> {
  const text = await readSampleFile('patents.csv');
  const parsed = parseCsv(text, { delimiter: ',' });
  const result = tableToRecords(parsed.rows, { encoding: 'utf-8', source: PATENTS_SOURCE, errors: parsed.errors });
  const errors: DatasetReadError[] = result.errors.map((error) => ({ ...error, source: PATENTS_SOURCE }));
  return datasetLoad(NAME, result.records, errors);
}

export type SampleLicenceMode = 'assignment' | 'exclusive' | 'sole' | 'non_exclusive' | 'open_licence';

/** One demand of `sample/demands.jsonl`; fields follow the domain's `DemandInput` where they overlap. */
export interface SampleDemand {
  writtenBy: typeof WRITTEN_BY;
  /** Says the demand and its enterprise are fictitious. */
  note: string;
  id: string;
  enterpriseName: string;
  title: string;
  description: string;
  keywords: string[];
  /** GB/T 4754 three-digit code. */
  industryCode: string;
  chains: string[];
  region: { province: string; city: string; district: string; code: string };
  budgetCny: { min: number; max: number };
  licenceModes: SampleLicenceMode[];
  maturity: 'concept' | 'lab' | 'prototype' | 'pilot' | 'production';
  /** 1-based line in demands.jsonl. */
  line: number;
  source: string;
}

/**
 * Reads `sample/demands.jsonl`. The file is the project's own, so a line that is not a labelled
 * demand object is a `DatasetError`, not a record to skip.
 *
 * @example
 * const demands = await loadSampleDemands();
 * demands[0].writtenBy // 'patent-bridge project'
 */
export async function loadSampleDemands(): Promise<SampleDemand[]> {
  const text = await readSampleFile('demands.jsonl');
  const demands: SampleDemand[] = [];
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new DatasetError(`${DEMANDS_SOURCE} line ${line} is not valid JSON`, { cause });
    }
    const demand = value as Partial<SampleDemand> | null;
    if (demand === null || typeof demand !== 'object' || demand.writtenBy !== WRITTEN_BY || typeof demand.title !== 'string') {
      throw new DatasetError(`${DEMANDS_SOURCE} line ${line} is not a demand labelled writtenBy "${WRITTEN_BY}"`);
    }
    demands.push({ ...(demand as Omit<SampleDemand, 'line' | 'source'>), line, source: DEMANDS_SOURCE });
  });
  return demands;
}

async function readSampleFile(name: string): Promise<string> {
  try {
    return await readFile(join(SAMPLE_DIR, name), 'utf8');
  } catch (cause) {
    throw new DatasetError(`project sample file ${join(SAMPLE_DIR, name)} is missing`, { cause });
  }
}
