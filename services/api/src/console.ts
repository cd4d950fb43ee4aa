import { existsSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import express, { Router } from 'express';

/** Where `pnpm --filter @patent-bridge/console build` writes the console (services/console/dist). */
export const CONSOLE_DIST = fileURLToPath(new URL('../../console/dist/', import.meta.url));

/** The paths that answer the console's page (its routes are in the URL's hash). */
const PAGE_PATHS = new Set(['/', '/index.html', '/console', '/console/']);

/** Hashed assets never change under their name: a year, immutable. */
const ASSET_MAX_AGE_S = 365 * 24 * 3600;

const MISSING_BUILD = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>patent-bridge console not built</title></head>
<body>
<h1>控制台尚未构建 · The console is not built</h1>
<p>运行 <code>pnpm start</code>（会自动构建），或 <code>pnpm --filter @patent-bridge/console build</code>。</p>
<p>Run <code>pnpm start</code> (it builds the console when needed) or <code>pnpm --filter @patent-bridge/console build</code>.
The API itself works: see <a href="/docs">/docs</a>.</p>
</body></html>
`;

/**
 * Serves the web console, a static single-page app with hash routing, at `/`: `index.html` for `/`
 * (and `/console`, `/index.html`), hashed files under `/assets/` cached for a year, `/favicon.svg`. Only GET and HEAD
 * of those paths are answered; everything else (`/v1/*`, `/health`, `/ready`, `/docs`, unknown
 * paths) passes on. When the build is missing, `/` answers 503 with how to build it.
 *
 * @example
 * app.use(consoleRoutes());
 * app.use(consoleRoutes({ dist: '/srv/console' }));
 */
export function consoleRoutes(options: { dist?: string } = {}): Router {
  const dist = options.dist ?? CONSOLE_DIST;
  const router = Router();
  const indexFile = path.join(dist, 'index.html');
  // Read per request only while the file changes (a rebuild); otherwise from memory.
  let cached: { mtimeMs: number; html: string } | undefined;
  const index = (): string | undefined => {
    if (!existsSync(indexFile)) return undefined;
    const { mtimeMs } = statSync(indexFile);
    if (!cached || cached.mtimeMs !== mtimeMs) cached = { mtimeMs, html: readFileSync(indexFile, 'utf8') };
    return cached.html;
  };

  // Plain middleware rather than routes: these are static pages, not API operations (the OpenAPI
  // document lists every route the app mounts, and only those).
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    if (PAGE_PATHS.has(req.path)) {
      const html = index();
      if (!html) return void res.status(503).set('Cache-Control', 'no-store').type('html').send(MISSING_BUILD);
      return void res.set('Cache-Control', 'no-cache').type('html').send(html);
    }
    if (req.path === '/favicon.svg') {
      const icon = path.join(dist, 'favicon.svg');
      if (!existsSync(icon)) return next();
      return void res.set('Cache-Control', 'public, max-age=86400').sendFile(icon);
    }
    next();
  });
  router.use(
    '/assets',
    express.static(path.join(dist, 'assets'), {
      index: false,
      fallthrough: true,
      immutable: true,
      maxAge: ASSET_MAX_AGE_S * 1000,
      etag: true,
      lastModified: true,
    }),
  );
  return router;
}
