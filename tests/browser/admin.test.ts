import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openConsole, recordPage, signIn } from './support/console.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');

describe.skipIf(inject('browserMissing') !== '')('admin journey: onboard an organisation with its own API key', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('registers an enterprise, issues it a key shown once, and the key signs in as that enterprise', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, adminKey);
    await page.getByRole('link', { name: '机构与密钥' }).click();
    await page.getByRole('heading', { name: '机构与 API 密钥' }).waitFor();

    await page.getByLabel('机构名称').fill('历城云栖茶业有限公司（测试）');
    await page.getByLabel('机构类型').selectOption('enterprise');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    // The new organisation is picked for the key at once.
    await expect.poll(() => page.getByLabel('机构', { exact: true }).locator('option:checked').textContent()).toContain('历城云栖茶业有限公司（测试）');
    await page.getByLabel('角色').selectOption('enterprise');
    await page.getByLabel('用途说明').fill('需求对接');
    await page.getByRole('button', { name: '签发', exact: true }).click();
    const secret = await page.getByTestId('new-secret').inputValue();
    expect(secret).toMatch(/^pb_live_/);
    await page.getByTestId('key-list').getByText('需求对接').waitFor();
    await recordPage(page, 'keys');

    // A key the server refuses is explained, not swallowed.
    await page.getByRole('button', { name: '退出' }).click();
    await page.getByLabel('API 密钥').fill('pb_live_not-a-real-key');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toMatch(/401/);
    await recordPage(page, 'login-refused');

    await signIn(page, secret);
    await expect.poll(() => page.getByTestId('who').textContent()).toContain('历城云栖茶业有限公司（测试）');
    expect(await page.getByRole('link', { name: '企业需求' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: '机构与密钥' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
