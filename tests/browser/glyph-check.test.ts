import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectChineseGlyphs, launchBrowser, openConsole } from './support/console.ts';

const baseUrl = inject('baseUrl');

/**
 * A folder of links to every installed font that has no Chinese (fontconfig's own `:lang=zh` test):
 * what a machine without fonts-wqy-zenhei offers Chromium.
 */
function latinOnlyFonts(into: string): void {
  const list = (pattern: string) =>
    execFileSync('fc-list', [pattern, 'file'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.replace(/:\s*$/, '').trim())
      .filter(Boolean);
  const chinese = new Set(list(':lang=zh'));
  mkdirSync(into, { recursive: true });
  for (const [i, file] of list(':').filter((f) => !chinese.has(f)).entries()) symlinkSync(file, path.join(into, `${i}-${path.basename(file)}`));
}

describe.skipIf(inject('browserMissing') !== '')('the Chinese glyph check', () => {
  let withoutCjk: Browser;
  let withCjk: Browser;
  const configFolder = mkdtempSync(path.join(tmpdir(), 'pb-fontconfig-'));

  beforeAll(async () => {
    const config = path.join(configFolder, 'fonts.conf');
    latinOnlyFonts(path.join(configFolder, 'fonts'));
    writeFileSync(config, `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><dir>${configFolder}/fonts</dir><cachedir>${configFolder}/cache</cachedir></fontconfig>`);
    withoutCjk = await launchBrowser({ env: { FONTCONFIG_FILE: config } });
    withCjk = await launchBrowser();
  });
  afterAll(async () => {
    await withoutCjk?.close();
    await withCjk?.close();
    rmSync(configFolder, { recursive: true, force: true });
  });

  it('passes on the login page with the installed Chinese font, and fails when Chromium has none (boxes)', async () => {
    const good = await openConsole(withCjk, baseUrl);
    await expectChineseGlyphs(good.page, good.page.getByRole('heading', { name: '登录控制台' }));

    const bad = await openConsole(withoutCjk, baseUrl);
    const heading = bad.page.getByRole('heading', { name: '登录控制台' });
    await heading.waitFor();
    await expect(expectChineseGlyphs(bad.page, heading)).rejects.toThrow(/look different|draws something/);
  });
});
