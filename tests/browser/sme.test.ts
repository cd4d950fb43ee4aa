import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { expectChineseGlyphs, issueKey, launchBrowser, openConsole, organizationNamed, recordPage, signIn } from './support/console.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');
const ENTERPRISE = '济南南山云雾茶厂（示例）';

describe.skipIf(inject('browserMissing') !== '')('SME journey: a demand, its explained matches, and feedback that re-ranks them', () => {
  let browser: Browser;
  let enterpriseKey: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const enterprise = await organizationNamed(baseUrl, adminKey, ENTERPRISE);
    enterpriseKey = await issueKey(baseUrl, adminKey, enterprise.id, 'enterprise');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('posts a demand, reads why each patent matches, and "not relevant, too early" removes the patent from the list', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, enterpriseKey);
    await expect.poll(() => page.getByTestId('who').textContent()).toContain(ENTERPRISE);
    await page.getByRole('link', { name: '企业需求' }).click();
    await page.getByRole('heading', { name: '发布新需求' }).waitFor();

    await page.getByLabel('需求标题').fill('绿茶杀青温度总是不稳，想找自动控温的滚筒杀青设备');
    await page.getByLabel('需求描述').fill('小茶厂，春茶季人手不够，滚筒杀青机温度忽高忽低，茶叶容易焦边、红梗。希望有能自动控温、根据叶子干湿调整的杀青机或改造方案。');
    await page.getByLabel('关键词（用逗号或顿号分隔）').fill('杀青、滚筒杀青机、温度控制、绿茶加工');
    await page.getByLabel('现代农业与食品').check();
    await page.getByLabel('预算上限（元）').fill('200000');
    await recordPage(page, 'demand-form');
    await page.getByRole('button', { name: '发布并查看匹配' }).click();

    await page.getByRole('heading', { name: '推荐专利' }).waitFor();
    const list = page.getByTestId('match-list');
    const cards = list.locator('li.card');
    await cards.first().waitFor();
    expect(await cards.count()).toBeGreaterThanOrEqual(3);
    // Every match says why, in Chinese, naming what matched.
    const explanations = await list.locator('.explanation').allTextContents();
    expect(explanations.every((e) => /\p{Script=Han}/u.test(e) && e.length > 10)).toBe(true);
    expect(explanations[0]).toMatch(/匹配|关键词|产业链/);
    const before = await cards.evaluateAll((items) => items.map((li) => li.getAttribute('data-patent-id')));
    const top = before[0]!;
    await expectChineseGlyphs(page, cards.first().locator('.card-title a'));
    await recordPage(page, 'demand-matches');

    const first = cards.first();
    await first.getByRole('button', { name: '不相关' }).click();
    await first.getByLabel('不相关的原因').selectOption('too_early_stage');
    await first.getByLabel('补充说明（可选）').fill('还停留在实验室阶段');
    await first.getByRole('button', { name: '提交反馈' }).click();
    await page.getByText('已记录反馈，推荐列表已更新。').waitFor();

    const after = await cards.evaluateAll((items) => items.map((li) => li.getAttribute('data-patent-id')));
    expect(after[0]).not.toBe(top);
    expect(after).not.toContain(top);
    expect(after.length).toBeGreaterThan(0);
    await recordPage(page, 'demand-after-feedback');

    // The re-ranking holds on a fresh read too (it is stored, not a client-side filter).
    await page.reload();
    await cards.first().waitFor();
    const reread = await cards.evaluateAll((items) => items.map((li) => li.getAttribute('data-patent-id')));
    expect(reread).not.toContain(top);
    expect(errors).toEqual([]);
  });
});
