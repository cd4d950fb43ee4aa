import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { ARTIFACTS, startServer } from './server.ts';

/** Where Debian's Chromium lives (scripts/install-browser.sh installs it). */
export const CHROMIUM = '/usr/bin/chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    adminKey: string;
    /** Why the browser suite cannot run here ('' when it can). */
    browserMissing: string;
  }
}

/**
 * Starts one server for every browser test file. Without Chromium the suite is skipped, except
 * under CI=true, where that fails the run.
 */
export default async function setup(project: TestProject) {
  const missing = existsSync(CHROMIUM) ? '' : `${CHROMIUM} not found; run: bash scripts/install-browser.sh`;
  if (missing && process.env.CI === 'true') throw new Error(`CI=true: the browser tests need Chromium: ${missing}`);
  project.provide('browserMissing', missing);
  project.provide('baseUrl', '');
  project.provide('adminKey', '');
  if (missing) {
    console.warn(`browser tests skipped: ${missing}`);
    return;
  }
  // Pictures of an earlier run's failures would mislead.
  if (existsSync(ARTIFACTS)) for (const file of readdirSync(ARTIFACTS)) if (file.startsWith('console-failed-')) rmSync(path.join(ARTIFACTS, file));
  const server = await startServer();
  project.provide('baseUrl', server.baseUrl);
  project.provide('adminKey', server.adminKey);
  return async () => {
    await server.stop();
  };
}
