import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call, expectChineseGlyphs, issueKey, launchBrowser, openConsole, organizationNamed, recordPage, signIn } from './support/console.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');
const ENTERPRISE = '济南南山云雾茶厂（示例）';

interface Demand {
  id: string;
  title: string;
  description: string;
  status: string;
  region?: Record<string, string>;
  licenceModes?: string[];
  budgetCny?: { min?: number; max?: number };
}
interface SearchAnswer {
  hits: { item: { id: string; title: string } }[];
  total: number;
  facets: Record<string, Record<string, number> | undefined>;
}

describe.skipIf(inject('browserMissing') !== '')('SME journey: a demand, its explained matches, and feedback that re-ranks them', () => {
  let browser: Browser;
  let enterpriseKey: string;
  let enterpriseId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const enterprise = await organizationNamed(baseUrl, adminKey, ENTERPRISE);
    enterpriseId = enterprise.id;
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
  it('searches as the user types, drops a slower stale answer, narrows by facets and notes the Chinese terms of an English query', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, enterpriseKey);
    await page.getByRole('link', { name: '专利库' }).click();
    const list = page.getByTestId('patent-list');
    const total = page.getByTestId('patent-total');
    const firstTitle = list.locator('li.card .card-title').first();
    await list.locator('li.card').first().waitFor();

    // The answer to an older query ("热泵") is held back until after the newer one ("杀青机") has shown.
    let releaseStale: () => void = () => undefined;
    const staleHeld = new Promise<void>((resolve) => (releaseStale = resolve));
    const sentQueries: string[] = [];
    await page.route('**/v1/search', async (route) => {
      const { q } = route.request().postDataJSON() as { q: string };
      sentQueries.push(q);
      if (q === '热泵') await staleHeld;
      await route.continue();
    });
    const query = page.getByLabel('检索词');
    await query.pressSequentially('热泵', { delay: 40 });
    await expect.poll(() => sentQueries).toContain('热泵');
    await query.fill('杀青机');
    // No Enter, no button: typing alone brings the results (highlighted, as search answers are).
    const expected = await search({ q: '杀青机', mode: 'hybrid' });
    await expect.poll(() => firstTitle.locator('mark').count()).toBeGreaterThan(0);
    await expect.poll(() => list.locator('li.card').first().getAttribute('data-patent-id')).toBe(expected.hits[0]!.item.id);
    expect(await firstTitle.textContent()).toContain('杀青');
    expect(await total.getAttribute('data-total')).toBe(String(expected.total));
    // Now the stale answer arrives: it must not replace the list.
    const staleAnswer = page.waitForResponse((r) => r.url().endsWith('/v1/search') && (r.request().postDataJSON() as { q: string }).q === '热泵');
    releaseStale();
    await staleAnswer;
    await page.waitForTimeout(300);
    expect(await firstTitle.textContent()).toContain('杀青');
    expect(await list.locator('li.card').first().getAttribute('data-patent-id')).toBe(expected.hits[0]!.item.id);
    expect(await firstTitle.locator('mark').first().textContent()).toMatch(/杀青/);
    expect(sentQueries.filter((q) => q === '热泵')).toHaveLength(1);
    await recordPage(page, 'patents-instant');

    // Pressing a chain's count filters by that chain: the list shrinks to exactly that count.
    const chain = 'modern-agriculture-food';
    const chainCount = expected.facets.chain?.[chain];
    expect(chainCount).toBeGreaterThan(0);
    expect(chainCount).toBeLessThan(expected.total);
    const chainFacet = page.getByTestId('facet-chain').locator(`button[data-value="${chain}"]`);
    expect(await chainFacet.locator('.facet-count').textContent()).toBe(String(chainCount));
    expect(await chainFacet.textContent()).toContain('现代农业与食品');
    await chainFacet.click();
    await expect.poll(() => total.getAttribute('data-total')).toBe(String(chainCount));
    expect(await chainFacet.getAttribute('aria-pressed')).toBe('true');
    expect(await page.locator('#patent-chain').inputValue()).toBe(chain);
    const inChain = await search({ q: '杀青机', mode: 'hybrid', filters: { chain: [chain] } });
    expect(inChain.total).toBe(chainCount);
    const shownIds = await list.locator('li.card').evaluateAll((items) => items.map((li) => li.getAttribute('data-patent-id')));
    expect(shownIds).toEqual(inChain.hits.map((h) => h.item.id));

    // The IPC class facet works from the keyboard too.
    const ipcCount = inChain.facets.ipcClass?.A23;
    expect(ipcCount).toBeGreaterThan(0);
    const ipcFacet = page.getByTestId('facet-ipcClass').locator('button[data-value="A23"]');
    await ipcFacet.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => total.getAttribute('data-total')).toBe(String(ipcCount));
    expect((await search({ q: '杀青机', mode: 'hybrid', filters: { chain: [chain], ipc: ['A23'] } })).total).toBe(ipcCount);
    await recordPage(page, 'patents-facets');

    // Switching the mode searches again at once; keyword mode finds only the literal matches.
    await page.getByLabel('检索方式').selectOption('keyword');
    const keyword = await search({ q: '杀青机', mode: 'keyword', filters: { chain: [chain], ipc: ['A23'] } });
    expect(keyword.total).toBeLessThan(ipcCount!);
    await expect.poll(() => total.getAttribute('data-total')).toBe(String(keyword.total));
    // Pressing the chosen values again clears them.
    await ipcFacet.click();
    await chainFacet.click();
    await expect.poll(() => total.getAttribute('data-total')).toBe(String((await search({ q: '杀青机', mode: 'keyword' })).total));

    // An English query is searched with the glossary's Chinese terms too, and says so.
    await page.getByLabel('检索方式').selectOption('hybrid');
    await query.fill('green tea');
    const note = page.getByTestId('translated-terms');
    await note.waitFor();
    expect(await note.textContent()).toBe('英文检索已补充中文词：绿茶');
    await expect.poll(() => firstTitle.textContent()).toContain('绿茶');
    expect(await firstTitle.locator('mark').first().textContent()).toBe('绿茶');
    await expectChineseGlyphs(page, note);
    await recordPage(page, 'patents-english');
    expect(errors).toEqual([]);
  });

  it('edits a demand: the form comes prefilled, the change is stored, the matches reload, and the demand can be closed', async () => {
    const posted = await call<Demand>(baseUrl, enterpriseKey, 'POST', '/v1/demands', {
      enterpriseId,
      title: '绿茶杀青温度不稳，想找自动控温的杀青设备',
      description: '滚筒杀青机温度忽高忽低，茶叶容易焦边。',
      keywords: ['杀青', '滚筒杀青机'],
      chains: ['modern-agriculture-food'],
      region: { province: '山东', city: '济南' },
      licenceModes: ['non_exclusive', 'open_licence'],
      budgetCny: { min: 50000, max: 200000 },
    });
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, enterpriseKey);
    await page.goto(`/#/demands/${posted.id}`);
    const cards = page.getByTestId('match-list').locator('li.card');
    await cards.first().waitFor();
    const shown = () => cards.evaluateAll((items) => items.map((li) => `${li.getAttribute('data-patent-id')} ${li.getAttribute('data-score')}`));
    const before = await shown();

    await page.getByRole('button', { name: '编辑需求' }).click();
    const form = page.getByTestId('demand-edit-form');
    await form.getByRole('heading', { name: '编辑需求' }).waitFor();
    // The opened form takes the keyboard focus.
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id)).toBe('edit-demand-title');
    expect(await form.getByLabel('需求标题').inputValue()).toBe(posted.title);
    expect(await form.getByLabel('需求描述').inputValue()).toBe(posted.description);
    expect(await form.getByLabel('关键词（用逗号或顿号分隔）').inputValue()).toBe('杀青、滚筒杀青机');
    expect(await form.getByLabel('现代农业与食品').isChecked()).toBe(true);
    expect(await form.getByLabel('预算上限（元）').inputValue()).toBe('200000');
    const description = '杀青后的揉捻也靠老师傅手感，想找能自动加压的揉捻机，和杀青机连成一条线。';
    await form.getByLabel('需求描述').fill(description);
    await recordPage(page, 'demand-edit');
    const reloaded = page.waitForResponse((r) => r.request().method() === 'GET' && r.url().includes(`/v1/demands/${posted.id}/matches`));
    await form.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('demand-saved').waitFor();
    const { matches } = (await (await reloaded).json()) as { matches: { patentId: string; score: number }[] };

    // Stored: the new text, and every field the form does not show kept as it was.
    const stored = await call<Demand>(baseUrl, enterpriseKey, 'GET', `/v1/demands/${posted.id}`);
    expect(stored.description).toBe(description);
    expect(stored.title).toBe(posted.title);
    expect(stored.region).toEqual({ province: '山东', city: '济南' });
    expect(stored.licenceModes).toEqual(['non_exclusive', 'open_licence']);
    expect(stored.budgetCny).toEqual({ min: 50000, max: 200000 });
    expect(await page.getByTestId('demand-description').textContent()).toBe(description);
    expect(await page.locator(':focus').textContent()).toBe('编辑需求');
    // The list shown is the one recomputed after the save (the scores follow the new text).
    const recomputed = matches.map((m) => `${m.patentId} ${m.score}`);
    await expect.poll(shown).toEqual(recomputed);
    expect(recomputed).not.toEqual(before);
    await recordPage(page, 'demand-edited');

    // Closing it is an edit too.
    await page.getByRole('button', { name: '编辑需求' }).click();
    await form.getByLabel('需求状态').selectOption('closed');
    await form.getByRole('button', { name: '保存修改' }).click();
    await page.getByTestId('demand-closed').waitFor();
    expect((await call<Demand>(baseUrl, enterpriseKey, 'GET', `/v1/demands/${posted.id}`)).status).toBe('closed');
    expect(errors).toEqual([]);
  });

  /** The API's own answer to a search, to compare the page with. */
  function search(request: { q: string; mode: string; filters?: Record<string, unknown> }) {
    return call<SearchAnswer>(baseUrl, enterpriseKey, 'POST', '/v1/search', { ...request, facets: ['chain', 'ipcClass', 'legalStatus', 'openLicence'], limit: 20 });
  }
});
