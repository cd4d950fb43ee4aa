import { ImportError, type RecordSource } from '@patent-bridge/inventory';
import { datasetNames, loadDataset, type DatasetName } from './index.ts';

/**
 * A dataset (or `all` public datasets) as an import source: records keep their file and line, so
 * every imported patent and every rejected record points back to the upstream row.
 *
 * @example
 * await runImport(db, taskId, datasetSource('all'), { catalogue });
 */
export function datasetSource(name: string): RecordSource {
  return {
    name: `dataset:${name}`,
    async read() {
      if (name !== 'all' && !(datasetNames() as string[]).includes(name)) {
        throw new ImportError('unknown_dataset', `unknown dataset "${name}"; one of: all, ${datasetNames().join(', ')}`);
      }
      const load = await loadDataset(name as DatasetName | 'all');
      return {
        records: load.records.map((r) => ({ ...r, source: `dataset:${r.source ?? name}` })),
        errors: load.errors.map((e) => ({ ...e, source: `dataset:${e.source}` })),
        details: { read: load.read, ...(load.warnings.length ? { warnings: load.warnings.length, warningExamples: load.warnings.slice(0, 20) } : {}) },
      };
    },
  };
}
