import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DATASET_MANIFEST, DATASETS, DatasetError, datasetNames, loadDataset, sharedDatasetsRoot } from '../src/index.ts';
import { ROOT } from './helpers.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('sharedDatasetsRoot', () => {
  it('defaults to ../shared/datasets next to the repository', () => {
    vi.stubEnv('PB_SHARED_DATASETS', '');
    expect(sharedDatasetsRoot()).toBe(join(import.meta.dirname, '..', '..', '..', 'shared', 'datasets'));
  });

  it('takes PB_SHARED_DATASETS when set', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pb-datasets-'));
    try {
      vi.stubEnv('PB_SHARED_DATASETS', folder);
      expect(sharedDatasetsRoot()).toBe(folder);
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('says where it looked and what to set when the folder is missing', async () => {
    vi.stubEnv('PB_SHARED_DATASETS', '/nowhere/shared/datasets');
    expect(() => sharedDatasetsRoot()).toThrow(new DatasetError('shared datasets not found at /nowhere/shared/datasets; set PB_SHARED_DATASETS'));
    await expect(loadDataset('bit-university-patents')).rejects.toThrow('shared datasets not found at /nowhere/shared/datasets; set PB_SHARED_DATASETS');
    await expect(loadDataset('all', { root: '/also/missing' })).rejects.toThrow('shared datasets not found at /also/missing; set PB_SHARED_DATASETS');
  });

  it('reports a dataset file missing from an existing folder', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'pb-datasets-'));
    try {
      await expect(loadDataset('bit-university-patents', { root: folder })).rejects.toThrow(
        `dataset file bit-university-patents/patents.csv not found under ${folder}`,
      );
    } finally {
      rmSync(folder, { recursive: true });
    }
  });

  it('loads the project sample without any shared folder', async () => {
    vi.stubEnv('PB_SHARED_DATASETS', '/nowhere/shared/datasets');
    expect((await loadDataset('project-sample')).records.length).toBe(61);
  });
});

describe('registry', () => {
  it('lists every dataset with a loader, from the manifest', () => {
    expect(datasetNames()).toEqual([
      'cn-recent-titles-ipc',
      'cn-a01-abstracts',
      'bdci2021-patents',
      'tw-university-patents',
      'bit-university-patents',
      'project-sample',
    ]);
    for (const dataset of DATASETS) {
      expect(dataset.description).not.toBe('');
      expect(dataset.licence).not.toBe('');
      expect(dataset.fields.length).toBeGreaterThan(0);
      expect(dataset.origin.repo).not.toBe('');
    }
  });

  it('rejects an unknown name, listing the valid ones', async () => {
    await expect(loadDataset('cnipa-full' as never)).rejects.toThrow(
      'unknown dataset "cnipa-full"; valid names: cn-recent-titles-ipc, cn-a01-abstracts, bdci2021-patents, tw-university-patents, bit-university-patents, project-sample, all',
    );
    await expect(loadDataset('toString' as never)).rejects.toThrow(DatasetError);
  });

  it("loads 'all' public patent sets (31,023 records) quickly, the fictitious sample only on request", async () => {
    const started = performance.now();
    const all = await loadDataset('all', { root: ROOT });
    const elapsed = performance.now() - started;
    expect(all.parts.map((p) => p.dataset)).toEqual(datasetNames().filter((n) => n !== 'project-sample'));
    expect(all.records).toHaveLength(31023);
    expect(all.read).toBe(all.parts.reduce((sum, part) => sum + part.read, 0));
    expect(all.read).toBe(all.records.length + all.errors.length);
    expect(all.records.some((r) => r.source?.startsWith('project-sample/'))).toBe(false);
    expect(elapsed).toBeLessThan(4000); // ~0.6 s on a 2-core machine; loose for busy CI runners

    const withSample = await loadDataset('all', { includeSample: true });
    expect(withSample.records).toHaveLength(31023 + 61);
  });
});

describe('manifest.json', () => {
  it('names an origin and a licence note for every upstream file, and labels the project sample', () => {
    for (const entry of DATASET_MANIFEST.datasets) {
      expect(entry.licence, entry.name).not.toBe('');
      expect(entry.files.length, entry.name).toBeGreaterThan(0);
      if (entry.writtenBy === 'patent-bridge project') continue; // the project's own files: sample and evaluation demands
      expect(entry.origin.commit, entry.name).toMatch(/^[0-9a-f]{7,40}$/);
      expect(entry.origin.path, entry.name).not.toBe('');
      expect(entry.licence, entry.name).toMatch(/^no licence stated upstream/);
      for (const file of entry.files) expect(existsSync(join(ROOT, file)), file).toBe(true);
    }
    const sample = DATASET_MANIFEST.datasets.find((entry) => entry.kind === 'project-sample');
    expect(sample?.writtenBy).toBe('patent-bridge project');
    expect(sample?.licence).toContain('fictitious records, not real patents');
    const folders = new Set(DATASET_MANIFEST.datasets.flatMap((entry) => entry.files.map((file) => file.split('/')[0])));
    expect(folders).toEqual(new Set(['cn-recent-titles-ipc', 'cn-a01-abstracts', 'bdci2021-patents', 'tw-university-patents', 'bit-university-patents', 'uspppm-phrase-similarity', 'reference', 'sample', 'eval']));
  });
});
