import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The documentation page: its HTML and the Content-Security-Policy that lets exactly its inline script and style run. */
export interface DocsPage {
  html: string;
  contentSecurityPolicy: string;
}

const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * The self-contained page of `GET /docs`: one HTML file with its style and script inline (nothing is
 * fetched from elsewhere, so it works offline), which loads `/v1/openapi.json` from the same server and
 * renders every operation, parameter, schema and example. The API's strict Content-Security-Policy
 * forbids inline code, so the page comes with its own policy allowing its script and style by hash.
 *
 * @example
 * const page = docsPage();
 * res.set('Content-Security-Policy', page.contentSecurityPolicy).type('html').send(page.html);
 */
export function docsPage(): DocsPage {
  const script = readFileSync(new URL('./docs-page/render.js', import.meta.url), 'utf8');
  const style = readFileSync(new URL('./docs-page/style.css', import.meta.url), 'utf8');
  if (/<\/(script|style)/i.test(script + style)) throw new Error('the docs page script or style would close its own element');
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>patent-bridge API</title>
<style>${style}</style>
</head>
<body>
<main id="api"><p class="content">Loading the API description from <a href="/v1/openapi.json">/v1/openapi.json</a>…</p></main>
<noscript><p class="content">This page needs JavaScript to render the API description; the description itself is at <a href="/v1/openapi.json">/v1/openapi.json</a>.</p></noscript>
<script>${script}</script>
</body>
</html>
`;
  const contentSecurityPolicy = [
    "default-src 'self'",
    `script-src ${cspHash(script)}`,
    `style-src ${cspHash(style)}`,
    "base-uri 'self'",
    "object-src 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
  return { html, contentSecurityPolicy };
}
