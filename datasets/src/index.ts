/**
 * The public patent datasets the project tests, benchmarks and evaluates on, and the project's
 * own sample. Public records are read in place from the shared datasets folder (see
 * `sharedDatasetsRoot`); `manifest.json` names every origin.
 *
 * @example
 * import { loadDataset, datasetNames } from '@patent-bridge/datasets';
 * const { records, errors, read } = await loadDataset('tw-university-patents');
 * const everything = await loadDataset('all'); // the five public patent sets, ~31k records
 */
import manifestFile from '../manifest.json' with { type: 'json' };
import * as bdci2021Patents from './bdci2021-patents.ts';
import * as bitUniversityPatents from './bit-university-patents.ts';
import * as cnA01Abstracts from './cn-a01-abstracts.ts';
import * as cnRecentTitlesIpc from './cn-recent-titles-ipc.ts';
import { DatasetError, type DatasetLoad, type DatasetReadError } from './dataset.ts';
import { sharedDatasetsRoot } from './location.ts';
import * as projectSample from './sample.ts';
import * as twUniversityPatents from './tw-university-patents.ts';

export * from './dataset.ts';
export { sharedDatasetsRoot, SHARED_DATASETS_ENV, REPO_ROOT, PACKAGE_ROOT } from './location.ts';
export { loadBdciLabelTaxonomy, bdciLabelForIpc, type BdciLabelTaxonomy } from './bdci2021-patents.ts';
export {
  loadIpcTitlesZh,
  loadIndustryCodes,
  loadCpcTitlesEn,
  type IpcTitle,
  type IndustryCode,
  type CpcTitle,
  type ClassificationLevel,
} from './reference.ts';
export { loadPhrasePairs, type PhrasePair } from './uspppm-phrase-similarity.ts';
export { loadSamplePatents, loadSampleDemands, SAMPLE_DIR, WRITTEN_BY, type SampleDemand, type SampleLicenceMode } from './sample.ts';
export { loadSmeEvalDemands, SME_EVAL_FILE, SME_EVAL_LANGUAGES, SME_EVAL_WRITTEN_BY, type SmeEvalDemand, type SmeEvalLanguage } from './sme-eval.ts';
export { bdci2021Patents, bitUniversityPatents, cnA01Abstracts, cnRecentTitlesIpc, twUniversityPatents };

/** The public patent datasets, in the order `loadDataset('all')` reads them. */
export const PATENT_DATASET_NAMES = [
  cnRecentTitlesIpc.NAME,
  cnA01Abstracts.NAME,
  bdci2021Patents.NAME,
  twUniversityPatents.NAME,
  bitUniversityPatents.NAME,
] as const;

export type PatentDatasetName = (typeof PATENT_DATASET_NAMES)[number];
export type DatasetName = PatentDatasetName | typeof projectSample.NAME;

export interface DatasetOrigin {
  repo: string;
  commit?: string;
  path: string;
  url?: string;
}

/** One loadable dataset: what the manifest says about it, and its loader. */
export interface DatasetInfo {
  name: DatasetName;
  kind: 'patents' | 'project-sample';
  description: string;
  origin: DatasetOrigin;
  /** Records the loader yields from the current files (checked by the tests). */
  records: number;
  /** Input fields the loader fills. */
  fields: readonly string[];
  licence: string;
  notes: readonly string[];
  /** Set on data the project wrote itself. */
  writtenBy?: string;
  /** Reads the records; `root` is the shared datasets folder (the project sample ignores it). */
  load(root: string): Promise<DatasetLoad>;
}

/** A manifest entry, as in `datasets/manifest.json`. */
export interface ManifestEntry {
  name: string;
  kind: string;
  description: string;
  files: string[];
  origin: DatasetOrigin;
  records: number;
  fields?: string[];
  extra?: string[];
  licence: string;
  notes?: string[];
  writtenBy?: string;
  demands?: number;
}

export interface DatasetManifest {
  about: string;
  sharedRoot: string;
  sharedRootEnv: string;
  licenceNote: string;
  notAvailable: string;
  datasets: ManifestEntry[];
}

/** `datasets/manifest.json`: every origin, including the reference files and the project's sample. */
export const DATASET_MANIFEST: DatasetManifest = manifestFile as DatasetManifest;

const LOADERS: Record<DatasetName, (root: string) => Promise<DatasetLoad>> = {
  [cnRecentTitlesIpc.NAME]: cnRecentTitlesIpc.load,
  [cnA01Abstracts.NAME]: cnA01Abstracts.load,
  [bdci2021Patents.NAME]: bdci2021Patents.load,
  [twUniversityPatents.NAME]: twUniversityPatents.load,
  [bitUniversityPatents.NAME]: bitUniversityPatents.load,
  [projectSample.NAME]: () => projectSample.loadSamplePatents(),
};

/**
 * Every loadable dataset: the five public patent sets, then the project's own sample.
 *
 * @example
 * DATASETS.find((d) => d.name === 'bit-university-patents')?.origin
 * // { repo: 'murangogo/2023DBdata', commit: '321adfe', path: 'patent.csv', url: '…' }
 */
export const DATASETS: readonly DatasetInfo[] = (Object.keys(LOADERS) as DatasetName[]).map((name) => {
  const entry = DATASET_MANIFEST.datasets.find((candidate) => candidate.name === name);
  if (entry === undefined) throw new DatasetError(`datasets/manifest.json has no entry for dataset ${name}`);
  const info: DatasetInfo = {
    name,
    kind: name === projectSample.NAME ? 'project-sample' : 'patents',
    description: entry.description,
    origin: entry.origin,
    records: entry.records,
    fields: entry.fields ?? [],
    licence: entry.licence,
    notes: entry.notes ?? [],
    load: LOADERS[name],
  };
  if (entry.writtenBy !== undefined) info.writtenBy = entry.writtenBy;
  return info;
});

/**
 * The names `loadDataset` accepts (besides `'all'`).
 *
 * @example
 * datasetNames() // ['cn-recent-titles-ipc', 'cn-a01-abstracts', 'bdci2021-patents', 'tw-university-patents', 'bit-university-patents', 'project-sample']
 */
export function datasetNames(): DatasetName[] {
  return DATASETS.map((dataset) => dataset.name);
}

export interface LoadDatasetOptions {
  /** The shared datasets folder; default `$PB_SHARED_DATASETS`, else `<repo>/../shared/datasets`. */
  root?: string;
  /** With `'all'`: add the project's fictitious sample to the public sets. Default false. */
  includeSample?: boolean;
}

/** `loadDataset('all')`: the parts concatenated, and each part on its own. */
export interface AllDatasetsLoad extends DatasetLoad {
  dataset: 'all';
  parts: DatasetLoad[];
}

/**
 * Loads one dataset, or `'all'` public patent datasets (the project's fictitious sample only
 * with `includeSample`, so it never mixes into an evaluation by accident).
 *
 * @example
 * const bit = await loadDataset('bit-university-patents');
 * // bit.read === bit.records.length + bit.errors.length; each record has source and line
 * const all = await loadDataset('all', { root: '/data/shared/datasets' });
 * // all.parts.map((p) => p.dataset)
 *
 * Throws a `DatasetError` for an unknown name (listing the valid ones) and when the shared
 * datasets folder is missing.
 */
export async function loadDataset(name: 'all', options?: LoadDatasetOptions): Promise<AllDatasetsLoad>;
export async function loadDataset(name: DatasetName, options?: LoadDatasetOptions): Promise<DatasetLoad>;
export async function loadDataset(name: DatasetName | 'all', options?: LoadDatasetOptions): Promise<DatasetLoad | AllDatasetsLoad>;
export async function loadDataset(name: DatasetName | 'all', options: LoadDatasetOptions = {}): Promise<DatasetLoad | AllDatasetsLoad> {
  if (name === 'all') {
    const names: DatasetName[] = [...PATENT_DATASET_NAMES];
    if (options.includeSample === true) names.push(projectSample.NAME);
    const root = sharedDatasetsRoot(options.root);
    const parts = await Promise.all(names.map((part) => LOADERS[part](root)));
    return combine(parts);
  }
  const load = Object.hasOwn(LOADERS, name) ? LOADERS[name] : undefined;
  if (load === undefined) {
    throw new DatasetError(`unknown dataset "${String(name)}"; valid names: ${[...datasetNames(), 'all'].join(', ')}`);
  }
  // The project's sample lives in this repository and needs no shared folder.
  return load(name === projectSample.NAME ? '' : sharedDatasetsRoot(options.root));
}

function combine(parts: DatasetLoad[]): AllDatasetsLoad {
  const records = parts.flatMap((part) => part.records);
  const errors: DatasetReadError[] = parts.flatMap((part) => part.errors);
  const warnings: DatasetReadError[] = parts.flatMap((part) => part.warnings);
  return { dataset: 'all', records, errors, warnings, read: records.length + errors.length, parts };
}
export { datasetSource } from './source.ts';
