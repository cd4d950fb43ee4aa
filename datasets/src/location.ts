/**
 * Where the shared public datasets live. They are read in place at run time and never copied
 * into this repository.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from './dataset.ts';

/** Environment variable that overrides the default location. */
export const SHARED_DATASETS_ENV = 'PB_SHARED_DATASETS';

/** The repository root: this file is `<repo>/datasets/src/location.ts`. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** This package's folder, holding `manifest.json` and the project's own `sample/`. */
export const PACKAGE_ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/**
 * Resolves the shared datasets folder: `root` when given, else `$PB_SHARED_DATASETS`, else
 * `<repo>/../shared/datasets`. Throws a `DatasetError` naming the path when it is not a folder.
 *
 * @example
 * sharedDatasetsRoot()              // '/work/shared/datasets' for a repo at /work/main
 * sharedDatasetsRoot('/data/pb')    // '/data/pb', if it exists
 */
export function sharedDatasetsRoot(root?: string): string {
  const fromEnv = process.env[SHARED_DATASETS_ENV];
  const path = resolve(root ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : resolve(REPO_ROOT, '..', 'shared', 'datasets')));
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder) throw new DatasetError(`shared datasets not found at ${path}; set ${SHARED_DATASETS_ENV}`);
  return path;
}
