import { defineConfig } from 'vite';

// A static single-page app served by the API at `/` (services/api/src/console.ts); everything is
// bundled (no CDN), so it works offline. Hash routing: no server-side route table to keep in step.
export default defineConfig({
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1200,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080', '/ready': 'http://127.0.0.1:8080' } },
});
