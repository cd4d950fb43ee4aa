import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call, downloadedText, expectChineseGlyphs, expectDrawn, issueKey, launchBrowser, openConsole, organizationNamed, recordPage, signIn } from './support/console.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');

/** The check digit of a 12-digit Chinese application number (GB/T 18.1). */
function checkDigit(digits: string): string {
  const weights = [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5];
  const sum = [...digits].reduce((total, d, i) => total + Number(d) * weights[i]!, 0) % 11;
  return sum === 10 ? 'X' : String(sum);
}
const applicationNumber = (digits: string) => `${digits}.${checkDigit(digits)}`;

const UNIVERSITY = '泉城理工大学（示例）';
const HEADER = '申请号,名称,摘要,主分类号,IPC分类号,申请人,专利权人,发明人,申请日,授权公告日,法律状态,专利类型';
const row = (number: string, title: string, owner: string, filingDate: string, type = '发明专利') =>
  [number, title, `${title || '无名称'}，测试记录。`, 'G06T 7/00', 'G06T 7/00', owner, owner, '张伟', filingDate, '2024-05-10', '有效', type].join(',');

/** Three good rows (lines 2, 4, 7) and four bad ones (lines 3, 5, 6, 8), each for a different reason. */
const INVENTORY = [
  HEADER,
  row(applicationNumber('202310987651'), '一种基于视觉的焊缝缺陷检测方法', UNIVERSITY, '2023-03-01'),
  row(applicationNumber('202310987652'), '', UNIVERSITY, '2023-03-02'),
  row(applicationNumber('202310987653'), '一种光伏板清洁机器人控制方法', UNIVERSITY, '2023-03-03'),
  row(applicationNumber('202310987654'), '一种钢结构防腐涂层', '济南恒立钢结构有限公司（示例）', '2023-03-04'),
  row('abc', '一种申请号无效的专利', UNIVERSITY, '2023-03-05'),
  row(applicationNumber('202310987656'), '一种茶园智能灌溉控制方法', UNIVERSITY, '2023-03-06'),
  row(applicationNumber('202310987657'), '一种隧道裂缝识别方法', UNIVERSITY, '2023-13-45'),
].join('\n');
const BAD_LINES = [3, 5, 6, 8];

describe.skipIf(inject('browserMissing') !== '')('university journey: inventory upload with a per-row error report', () => {
  let browser: Browser;
  let universityKey: string;
  let universityId: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const university = await organizationNamed(baseUrl, adminKey, UNIVERSITY);
    universityId = university.id;
    universityKey = await issueKey(baseUrl, adminKey, university.id, 'university');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('shows its own dashboard in Chinese, with real glyphs', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await recordPage(page, 'login');
    await signIn(page, universityKey);
    await expect.poll(() => page.getByTestId('who').textContent()).toContain(UNIVERSITY);
    const heading = page.getByRole('heading', { name: '专利存量概览' });
    await heading.waitFor();
    await page.getByTestId('figures').waitFor();
    await page.locator('canvas').first().waitFor();
    await recordPage(page, 'dashboard');
    await expectChineseGlyphs(page, heading);
    await expectChineseGlyphs(page, page.getByRole('heading', { name: '按产业链' }));
    // The IPC-class, screening-score and expiry charts, each drawn, titled in Chinese and backed by its data table.
    const stats = await call<{
      overall: { total: number };
      by: { ipcClass: { key: string; label: string; total: number }[] };
      screeningScores: { bins: { from: number; to: number; count: number }[]; byGrade: Record<'A' | 'B' | 'C' | 'D', number>; unscored: number };
      expiring: { total: number; byMonth: { month: string; count: number }[] };
    }>(baseUrl, universityKey, 'GET', '/v1/stats/inventory?top=20');
    const ipc = page.getByTestId('ipc-panel');
    await expectChineseGlyphs(page, ipc.getByRole('heading', { name: /按 IPC 分类/ }));
    await expectDrawn(page, ipc.locator('.chart'));
    await ipc.getByText('数据表: IPC 大类').click();
    const firstIpc = stats.by.ipcClass[0]!;
    expect(await ipc.locator('tbody tr').first().locator('th').textContent()).toBe(firstIpc.label);
    expect(await ipc.locator('tbody tr').first().locator('td').first().textContent()).toBe(String(firstIpc.total));
    const scores = page.getByTestId('score-panel');
    await expectChineseGlyphs(page, scores.getByRole('heading', { name: '筛选分分布' }));
    await expectDrawn(page, scores.locator('.chart'));
    await scores.getByText('数据表: 筛选分分布').click();
    const binCounts = await scores.locator('tbody tr').evaluateAll((rows) => rows.slice(0, 10).map((r) => [r.querySelector('th')?.textContent, Number(r.querySelector('td')?.textContent)]));
    expect(binCounts).toEqual(stats.screeningScores.bins.map((b) => [`${b.from}–${b.to}`, b.count]));
    expect(stats.screeningScores.bins.reduce((sum, b) => sum + b.count, 0) + stats.screeningScores.unscored).toBe(stats.overall.total);
    expect(await page.getByTestId('grades').textContent()).toContain(`A ${stats.screeningScores.byGrade.A}`);
    const expiring = page.getByTestId('expiring-panel');
    await expectChineseGlyphs(page, expiring.getByRole('heading', { name: '12 个月内到期（按月）' }));
    await expectDrawn(page, expiring.locator('.chart'));
    expect(await expiring.locator('tbody tr').count()).toBe(stats.expiring.byMonth.length);
    await recordPage(page, 'dashboard-charts');
    // English toggle, and back.
    await page.getByRole('button', { name: '切换到英文界面' }).click();
    await page.getByRole('heading', { name: 'Inventory overview' }).waitFor();
    await recordPage(page, 'dashboard-en');
    await page.getByRole('button', { name: 'Switch to Chinese' }).click();
    await heading.waitFor();
    // Keyboard only: the first Tab reaches the skip link, then the navigation; Enter follows a link.
    await page.reload();
    await heading.waitFor();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('跳到主要内容');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('概览');
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').textContent()).toBe('专利库');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: '专利库' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('uploads an inventory with bad rows, shows live progress, then the per-row error report, downloadable', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, universityKey);
    await page.getByRole('link', { name: '专利盘点导入' }).click();
    await page.getByRole('heading', { name: '专利盘点导入' }).waitFor();

    await page.getByLabel('盘点文件').setInputFiles({ name: '泉城理工盘点.csv', mimeType: 'text/csv', buffer: Buffer.from(INVENTORY, 'utf8') });
    const preview = page.getByTestId('import-preview');
    await preview.waitFor();
    // The detected mapping is shown per column, as a labelled select.
    await expect.poll(() => page.getByLabel('名称', { exact: true }).inputValue()).toBe('title');
    await recordPage(page, 'import-preview');

    await page.getByRole('button', { name: '开始导入' }).click();
    await page.getByTestId('import-progress').waitFor();
    await expect.poll(() => page.getByTestId('task-status').textContent(), { timeout: 60_000 }).toBe('已完成');
    expect(await page.locator('[data-count="imported"]').textContent()).toBe('3');
    expect(await page.locator('[data-count="rejected"]').textContent()).toBe('4');

    const report = page.getByTestId('error-report');
    await report.waitFor();
    const lines = await report.locator('tbody tr td:first-child').allTextContents();
    expect([...new Set(lines.map(Number))].sort((x, y) => x - y)).toEqual(BAD_LINES);
    const reportText = await report.textContent();
    expect(reportText).toContain('title');
    expect(reportText).toContain('not_your_patent');
    expect(reportText).toContain('2023-13-45');
    await recordPage(page, 'import-errors');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: '逐行错误报告' }).getByRole('button', { name: '下载错误报告（CSV）' }).click()]);
    const { name, text } = await downloadedText(download);
    expect(name).toMatch(/^task-\d+-errors\.csv$/);
    // The import is listed among the key's earlier imports, with its report a click away.
    const taskId = /^task-(\d+)-errors/.exec(name)![1]!;
    await page.getByTestId('import-history').getByRole('button', { name: `下载任务 ${taskId} 的错误报告` }).waitFor();
    const csvLines = text.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(csvLines[0]).toBe('source,line,field,message');
    const csvBadLines = new Set(csvLines.slice(1).map((l) => Number(l.split(',')[1])));
    expect([...csvBadLines].sort((x, y) => x - y)).toEqual(BAD_LINES);
    expect(errors).toEqual([]);
  });

  it('finds one of its patents by search and declares an open licence on it', async () => {
    const { patents } = await call<{ patents: { id: string; title: string; openLicence: { declared: boolean } }[] }>(baseUrl, universityKey, 'GET', `/v1/patents?owner=${universityId}&openLicence=false&limit=1`);
    const patent = patents[0]!;
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, universityKey);
    await page.getByRole('link', { name: '专利库' }).click();
    await page.getByTestId('patent-list').waitFor();
    await page.getByLabel('检索词').fill(patent.title);
    await page.getByLabel('检索方式').selectOption('keyword');
    await page.getByRole('button', { name: '检索', exact: true }).click();
    const hit = page.getByTestId('patent-list').getByRole('link', { name: patent.title }).first();
    await hit.waitFor();
    // The search answer replaces the first page (which may list the same title): wait for its highlights.
    await expect.poll(() => page.getByTestId('patent-list').locator('mark').count()).toBeGreaterThan(0);
    await recordPage(page, 'patents-search');

    await hit.click();
    await page.getByRole('heading', { name: patent.title }).waitFor();
    await page.getByLabel('声明开放许可').check();
    await page.getByLabel('许可费（元）').fill('30000');
    await page.getByLabel('付费方式').selectOption('annual');
    await page.getByLabel('许可期限（年）').fill('3');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByText('已保存').waitFor();
    await recordPage(page, 'patent-offer');
    const stored = await call<{ openLicence: { declared: boolean; feeCny?: number; paymentMode?: string; termYears?: number } }>(baseUrl, universityKey, 'GET', `/v1/patents/${encodeURIComponent(patent.id)}`);
    expect(stored.openLicence).toMatchObject({ declared: true, feeCny: 30000, paymentMode: 'annual', termYears: 3 });
    expect(errors).toEqual([]);
  });
});
