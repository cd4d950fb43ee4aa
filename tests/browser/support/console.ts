import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Download, type Locator, type Page } from 'playwright-core';
import { expect, onTestFailed } from 'vitest';
import { ARTIFACTS } from './server.ts';
import { CHROMIUM } from './global-setup.ts';

// The few browser globals that the page functions below use, declared for this module only: the
// test packages compile without the DOM library (adding it would retype fetch for every test).
interface PageText {
  data: string;
}
interface PageElement {
  style: { color: string; opacity: string };
}
interface PageImage {
  width: number;
  height: number;
  data: Uint8ClampedArray;
}
declare const document: { createTreeWalker(root: unknown, show: number): { nextNode(): unknown } };
declare const NodeFilter: { SHOW_TEXT: number };
declare function createImageBitmap(blob: Blob): Promise<{ width: number; height: number }>;
declare class OffscreenCanvas {
  constructor(width: number, height: number);
  getContext(kind: '2d'): { drawImage(image: unknown, x: number, y: number): void; getImageData(x: number, y: number, width: number, height: number): PageImage } | null;
}

/** Chromium flags for a machine without a display, GPU or outside network. */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Launches Debian's Chromium headless (`env`: extra environment, e.g. another fontconfig file).
 *
 * @example
 * const browser = await launchBrowser();
 */
export function launchBrowser(options: { env?: Record<string, string> } = {}): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, ...(options.env ? { env: { ...process.env, ...options.env } as Record<string, string> } : {}) });
}

let tabsOpened = 0;

/** A console tab, with every script error and Content-Security-Policy violation it reported. */
export interface ConsoleTab {
  page: Page;
  /** Uncaught errors and CSP violations; a journey ends by asserting it is empty. */
  errors: string[];
}

/**
 * Opens a fresh browser context (own storage, downloads accepted, Chinese locale) on the console.
 * Call it inside a test: when the test fails, a screenshot of the tab is saved (console-failed-*.png).
 *
 * @example
 * const { page, errors } = await openConsole(browser, baseUrl);
 */
export async function openConsole(browser: Browser, baseUrl: string): Promise<ConsoleTab> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', acceptDownloads: true, baseURL: baseUrl });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(text)) errors.push(`csp: ${text}`);
  });
  // A failing journey leaves a picture of where it stopped.
  const tab = ++tabsOpened;
  onTestFailed(async ({ task }) => {
    await screenshot(page, `failed-${task.name.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 60)}-tab${tab}`).catch(() => undefined);
  });
  await page.goto('/');
  return { page, errors };
}

/**
 * Signs in with an API key on the console's login page and waits for the navigation.
 *
 * @example
 * await signIn(page, universityKey);
 */
export async function signIn(page: Page, key: string): Promise<void> {
  await page.getByLabel('API 密钥').fill(key);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '主导航' }).waitFor();
}

/**
 * Saves a full-page screenshot to tests/artifacts/console-<name>.png.
 *
 * @example
 * await screenshot(page, 'dashboard');
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `console-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Asserts that every visible form control of the page has an accessible name (a `<label>`,
 * `aria-label` or `aria-labelledby`), then saves the page's screenshot (see {@link screenshot}).
 *
 * @example
 * await recordPage(page, 'import-preview');
 */
export async function recordPage(page: Page, name: string): Promise<string> {
  const unlabelled = await page.locator('input:not([type=hidden]), select, textarea').evaluateAll((controls) =>
    controls
      .filter((c) => {
        const control = c as unknown as { labels: { length: number } | null; getAttribute(name: string): string | null; id: string; outerHTML: string };
        return !(control.labels?.length || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby'));
      })
      .map((c) => (c as unknown as { outerHTML: string }).outerHTML.slice(0, 120)),
  );
  expect(unlabelled, `form controls without a label on ${name}`).toEqual([]);
  return screenshot(page, name);
}

/**
 * The text of a download, saved under tests/artifacts as well.
 *
 * @example
 * const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
 * const text = await downloadedText(download);
 */
export async function downloadedText(download: Download): Promise<{ name: string; text: string }> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `download-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return { name: download.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

/** Ideographs to write over a string so that every character changes. */
const OTHER_HAN = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥春夏秋冬';

/** How many pixels of two PNGs differ clearly (over the overlap; the rest counts as different). */
async function comparePngs(scratch: Page, pngs: { a: Buffer; b: Buffer; blank: Buffer }) {
  return scratch.evaluate(
    async ({ a, b, blank }) => {
      const load = async (base64: string) => {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
        const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
        const context = canvas.getContext('2d')!;
        context.drawImage(bitmap, 0, 0);
        return context.getImageData(0, 0, bitmap.width, bitmap.height);
      };
      const differing = (x: PageImage, y: PageImage) => {
        const width = Math.min(x.width, y.width);
        const height = Math.min(x.height, y.height);
        let count = x.width * x.height + y.width * y.height - 2 * width * height;
        for (let row = 0; row < height; row++) {
          for (let col = 0; col < width; col++) {
            const i = (row * x.width + col) * 4;
            const j = (row * y.width + col) * 4;
            const delta = Math.abs(x.data[i]! - y.data[j]!) + Math.abs(x.data[i + 1]! - y.data[j + 1]!) + Math.abs(x.data[i + 2]! - y.data[j + 2]!);
            if (delta > 96) count++;
          }
        }
        return count;
      };
      const [imageA, imageB, imageBlank] = await Promise.all([load(a), load(b), load(blank)]);
      return { ink: differing(imageA, imageBlank), distinct: differing(imageA, imageB), width: imageA.width, height: imageA.height };
    },
    { a: pngs.a.toString('base64'), b: pngs.b.toString('base64'), blank: pngs.blank.toString('base64') },
  );
}

/**
 * Asserts that an element's Chinese text is drawn with real glyphs: its screenshot differs from the
 * same box with the text made transparent (something is drawn) AND from the same box showing other
 * Chinese characters (the glyphs are distinct; without a CJK font both show identical empty boxes).
 * The element's text and colour are restored afterwards (text nodes are edited in place).
 *
 * @example
 * await expectChineseGlyphs(page, page.getByRole('heading', { name: '专利存量概览' }));
 */
export async function expectChineseGlyphs(page: Page, element: Locator): Promise<void> {
  const text = (await element.textContent()) ?? '';
  expect(text, 'the element holds Chinese text').toMatch(/\p{Script=Han}{2,}/u);
  const pick = (i: number, c: string) => {
    const candidate = OTHER_HAN[i % OTHER_HAN.length]!;
    return candidate === c ? OTHER_HAN[(i + 1) % OTHER_HAN.length]! : candidate;
  };
  const other = [...text].map((c, i) => (/\p{Script=Han}/u.test(c) ? pick(i, c) : c)).join('');
  // A handle, not the locator: a locator found by its text would lose the element once the text changes.
  const handle = await element.elementHandle();
  if (!handle) throw new Error('the element is gone');
  await handle.scrollIntoViewIfNeeded();
  const a = await handle.screenshot();
  // Text nodes are edited in place (not replaced), so the page's own rendering keeps working afterwards.
  const texts = await handle.evaluate((el, replacement) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    const nodes: PageText[] = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) nodes.push(node as PageText);
    const originals = nodes.map((n) => n.data);
    nodes.forEach((n, i) => (n.data = i === 0 ? replacement : ''));
    return originals;
  }, other);
  const b = await handle.screenshot();
  await handle.evaluate((el, originals) => {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(), i = 0; node; node = walker.nextNode(), i++) (node as PageText).data = originals[i] ?? '';
    (el as unknown as PageElement).style.color = 'transparent';
  }, texts);
  const blank = await handle.screenshot();
  await handle.evaluate((el) => {
    (el as unknown as PageElement).style.color = '';
  });
  await handle.dispose();
  const scratch = await page.context().browser()!.newPage();
  try {
    const { ink, distinct, width, height } = await comparePngs(scratch, { a, b, blank });
    const area = width * height;
    expect(ink, `"${text}" draws something (${ink} of ${area} pixels differ from the blank box)`).toBeGreaterThan(40);
    expect(distinct, `"${text}" and "${other}" look different (${distinct} pixels differ); identical boxes mean no Chinese font`).toBeGreaterThan(Math.max(40, ink * 0.25));
  } finally {
    await scratch.close();
  }
}

/**
 * Asserts that an element (a chart's canvas box) has something drawn in it: its screenshot differs
 * from the same box made transparent in at least `minimum` pixels.
 *
 * @example
 * await expectDrawn(page, page.getByTestId('score-panel').locator('.chart'));
 */
export async function expectDrawn(page: Page, element: Locator, minimum = 400): Promise<void> {
  const handle = await element.elementHandle();
  if (!handle) throw new Error('the element is gone');
  await handle.scrollIntoViewIfNeeded();
  const drawn = await handle.screenshot();
  await handle.evaluate((el) => {
    (el as unknown as PageElement).style.opacity = '0';
  });
  const blank = await handle.screenshot();
  await handle.evaluate((el) => {
    (el as unknown as PageElement).style.opacity = '';
  });
  await handle.dispose();
  const scratch = await page.context().browser()!.newPage();
  try {
    const { ink, width, height } = await comparePngs(scratch, { a: drawn, b: blank, blank });
    expect(ink, `the chart draws something (${ink} of ${width * height} pixels differ from the empty box)`).toBeGreaterThan(minimum);
  } finally {
    await scratch.close();
  }
}

/**
 * Calls the API directly (setting up what a journey needs but does not show, such as API keys).
 *
 * @example
 * const key = await call<{ secret: string }>(baseUrl, adminKey, 'POST', '/v1/keys', { organizationId, role: 'university', label: '技术转移中心' });
 */
export async function call<T>(baseUrl: string, key: string, method: string, route: string, body?: unknown): Promise<T> {
  const answer = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await answer.text();
  if (!answer.ok) throw new Error(`${method} ${route} → ${answer.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * Finds an organisation of the sample by (part of) its name.
 *
 * @example
 * const tea = await organizationNamed(baseUrl, adminKey, '南山云雾茶厂');
 */
export async function organizationNamed(baseUrl: string, adminKey: string, name: string): Promise<{ id: string; name: string; kind: string }> {
  const { organizations } = await call<{ organizations: { id: string; name: string; kind: string }[] }>(baseUrl, adminKey, 'GET', `/v1/organizations?q=${encodeURIComponent(name)}`);
  const found = organizations[0];
  if (!found) throw new Error(`no organisation named like ${name}`);
  return found;
}

/**
 * Issues an API key to an organisation (admin only) and returns its secret.
 *
 * @example
 * const key = await issueKey(baseUrl, adminKey, organization.id, 'enterprise');
 */
export async function issueKey(baseUrl: string, adminKey: string, organizationId: string, role: 'university' | 'enterprise' | 'broker' | 'partner'): Promise<string> {
  const { secret } = await call<{ secret: string }>(baseUrl, adminKey, 'POST', '/v1/keys', { organizationId, role, label: `console test ${role}` });
  return secret;
}
