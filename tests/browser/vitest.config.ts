import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// The console's browser journeys: one real `pnpm start` (console built, API on a free port, temp
// DATA_DIR) for all files, driven with Debian's Chromium through playwright-core. Run from the
// repository root: `vitest run --config tests/browser/vitest.config.ts`.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/browser/**/*.test.ts'],
    exclude: ['**/node_modules/**'],
    globalSetup: ['tests/browser/support/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
