import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { call, downloadedText, expectChineseGlyphs, issueKey, launchBrowser, openConsole, recordPage, signIn } from './support/console.ts';

const baseUrl = inject('baseUrl');
const adminKey = inject('adminKey');
const YEAR = 2031;

interface Roadshow {
  id: string;
  invitations: { enterpriseId: string; enterpriseName: string }[];
  owners: { id: string; name: string }[];
}
interface Grid {
  meetings: { id: string; enterpriseId: string; enterpriseName: string; ownerOrganizationId: string; ownerName: string; slot: number; table: number; status: string; intent: string | null; note: string | null }[];
  conflicts: { kind: string; meetingIds: string[] }[];
}

describe.skipIf(inject('browserMissing') !== '')('broker journey: plan a year, build and publish an event, schedule meetings, move them, export, record outcomes and a contract', () => {
  let browser: Browser;
  let brokerKey: string;

  beforeAll(async () => {
    browser = await launchBrowser();
    const broker = await call<{ id: string }>(baseUrl, adminKey, 'POST', '/v1/organizations', { name: '泉城技术经纪事务所（测试）', kind: 'broker' });
    brokerKey = await issueKey(baseUrl, adminKey, broker.id, 'broker');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('plans, builds, publishes, schedules a conflict-free grid, exports it, drags and re-solves, withdraws an SME, records outcomes and a contract', async () => {
    const { page, errors } = await openConsole(browser, baseUrl);
    await signIn(page, brokerKey);
    await page.getByRole('link', { name: '一月一链路演' }).click();
    await page.getByRole('heading', { name: '一月一链路演' }).waitFor();

    await page.getByLabel('年份').fill(String(YEAR));
    await page.getByLabel('每场最少专利数').fill('1');
    await page.getByLabel('每场最少需求数').fill('1');
    await page.getByLabel(/休会月份/).fill(`${YEAR}-02 春节`);
    await page.getByRole('button', { name: '生成年度计划' }).click();
    const plan = page.getByTestId('year-plan');
    await plan.waitFor();
    expect(await plan.locator('tbody tr').count()).toBe(12);
    // The 12-month calendar: the blackout month has no event, planned months name their chain.
    const calendar = page.getByTestId('plan-calendar');
    expect(await calendar.locator('li').count()).toBe(12);
    expect(await calendar.locator('li').nth(1).textContent()).toContain('本月不安排');
    expect(await calendar.locator('li.event').count()).toBeGreaterThan(0);
    expect(await plan.locator('tbody tr').nth(1).textContent()).toContain('春节');
    const eventLinks = plan.locator('tbody tr.event a');
    await eventLinks.first().waitFor();
    expect(await eventLinks.count()).toBeGreaterThan(0);
    await recordPage(page, 'roadshow-plan');

    // Open the first planned event (a draft) and build it.
    await eventLinks.first().click();
    await page.getByRole('heading', { name: '编排路演' }).waitFor();
    expect(await page.getByTestId('roadshow-state').textContent()).toBe('草稿');
    await page.getByLabel('洽谈时段数').fill('6');
    await page.getByLabel('洽谈桌数').fill('4');
    await page.getByLabel('地点').fill('济南高新区会展中心');
    await page.getByRole('button', { name: '编排', exact: true }).click();
    await page.getByTestId('line-up').waitFor();
    await page.getByTestId('agenda').waitFor();
    expect(await page.getByTestId('line-up').locator('tr').count()).toBeGreaterThan(0);
    await recordPage(page, 'roadshow-built');

    await page.getByRole('button', { name: '发布' }).click();
    await expect.poll(() => page.getByTestId('roadshow-state').textContent()).toBe('已发布');
    const id = decodeURIComponent(new URL(page.url()).hash.split('/').pop()!);

    const roadshow = await call<Roadshow>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}`);
    expect(roadshow.invitations.length).toBeGreaterThan(0);
    expect(roadshow.owners.length).toBeGreaterThan(0);

    // The first invited enterprise asks for a meeting in its own console…
    const invited = roadshow.invitations[0]!;
    const enterpriseKey = await issueKey(baseUrl, adminKey, invited.enterpriseId, 'enterprise');
    const enterprise = await openConsole(browser, baseUrl);
    await signIn(enterprise.page, enterpriseKey);
    await enterprise.page.getByRole('link', { name: '一月一链路演' }).click();
    // No year typed: the list opens on the year that has roadshows.
    await expect.poll(() => enterprise.page.getByLabel('年份').inputValue()).toBe(String(YEAR));
    await enterprise.page.getByTestId('roadshow-list').getByRole('link').first().click();
    await enterprise.page.getByRole('heading', { name: '我的洽谈意向' }).waitFor();
    const wanted = roadshow.owners[0]!;
    await enterprise.page.getByLabel(wanted.name).selectOption('must_meet');
    await enterprise.page.getByRole('button', { name: '保存意向' }).click();
    await enterprise.page.getByTestId('meeting-requests').getByText('必须见').waitFor();
    await recordPage(enterprise.page, 'roadshow-enterprise-requests');
    expect(enterprise.errors).toEqual([]);
    await enterprise.page.context().close();

    // …and the next ones through the API, as their own portals would.
    for (const [i, invitation] of roadshow.invitations.slice(1, 4).entries()) {
      const owner = roadshow.owners[i % roadshow.owners.length]!;
      const other = roadshow.owners[(i + 1) % roadshow.owners.length]!;
      const requests = [{ ownerOrganizationId: owner.id, preference: 'must_meet' }, ...(other.id !== owner.id ? [{ ownerOrganizationId: other.id, preference: 'meet' }] : [])];
      await call(baseUrl, brokerKey, 'PUT', `/v1/roadshows/${encodeURIComponent(id)}/meeting-requests`, { enterpriseId: invitation.enterpriseId, requests });
    }
    await page.reload();
    await page.getByTestId('meeting-requests').waitFor();
    const requested = await page.getByTestId('meeting-requests').locator('tbody tr').allTextContents();
    expect(requested.some((r) => r.includes(wanted.name) && r.includes('必须见'))).toBe(true);

    await page.getByRole('button', { name: '排定洽谈' }).click();
    const grid = page.getByTestId('meeting-grid');
    await grid.waitFor({ timeout: 120_000 });
    await page.getByTestId('no-conflicts').waitFor();
    await recordPage(page, 'roadshow-meeting-grid');

    // Conflict-free, as shown: nobody sits at two tables in one slot.
    const rows = await grid.locator('tbody tr').evaluateAll((trs) =>
      trs.map((tr) => ({
        smes: [...tr.querySelectorAll('td.meeting .sme')].map((e) => e.textContent),
        owners: [...tr.querySelectorAll('td.meeting .owner')].map((e) => e.textContent),
      })),
    );
    expect(rows.flatMap((r) => r.smes).length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(new Set(row.smes).size).toBe(row.smes.length);
      expect(new Set(row.owners).size).toBe(row.owners.length);
    }
    expect(await grid.locator('td.conflict').count()).toBe(0);
    // …and as stored.
    const stored = await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`);
    expect(stored.conflicts).toEqual([]);
    expect(stored.meetings.length).toBe(rows.flatMap((r) => r.smes).length);
    await expectChineseGlyphs(page, grid.locator('td.meeting .sme').first());

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '议程日历（ICS）' }).click()]);
    const { name, text } = await downloadedText(download);
    expect(name).toMatch(/\.ics$/);
    expect(text.startsWith('BEGIN:VCALENDAR')).toBe(true);
    expect(text).toContain('END:VCALENDAR');

    // A hand-made move (keyboard: the 调整 pickers) that double-books an owner shows the conflict; re-solving clears it.
    const [moved, target] = (() => {
      for (const m of stored.meetings) {
        const other = stored.meetings.find((o) => o.ownerOrganizationId === m.ownerOrganizationId && o.slot !== m.slot);
        if (other) return [m, other];
      }
      throw new Error('no owner has two meetings; the sample should give one');
    })();
    const busyTables = new Set(stored.meetings.filter((m) => m.slot === target.slot).map((m) => m.table));
    const table = [...Array(4).keys()].find((t) => !busyTables.has(t)) ?? target.table;
    const cell = grid.locator(`td[data-slot="${moved.slot}"][data-table="${moved.table + 1}"]`);
    await cell.getByText('调整').click();
    await cell.getByLabel('时段').selectOption(String(target.slot));
    await cell.getByLabel('桌号').selectOption(String(table));
    await cell.getByRole('button', { name: '移到此处' }).click();
    await page.getByTestId('conflicts').waitFor();
    expect(await grid.locator('td.conflict').count()).toBeGreaterThanOrEqual(2);
    // The owner's two meetings are labelled in their cells, by name.
    const ownerNotes = grid.locator('.conflict-note[data-kind="owner_double_booked"]');
    expect(await ownerNotes.count()).toBe(2);
    expect(await ownerNotes.first().textContent()).toContain(`权利人时段冲突：${moved.ownerName}`);
    expect(await page.getByTestId('conflicts').textContent()).not.toMatch(/org_/);
    await recordPage(page, 'roadshow-meeting-conflict');
    await page.getByRole('button', { name: '重新排程（保留现有安排）' }).click();
    await page.getByTestId('no-conflicts').waitFor({ timeout: 120_000 });
    await page.getByTestId('schedule-changes').waitFor();
    expect(await page.getByTestId('schedule-changes').textContent()).toMatch(/保留 \d+ 场，移动 [1-9]\d* 场/);
    expect((await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`)).conflicts).toEqual([]);

    // Drag and drop: a meeting card dropped on another meeting's cell double-books that table.
    const before = (await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`)).meetings.filter((m) => m.status !== 'cancelled');
    const dragged = before[0]!;
    const occupied = before.find((m) => m.slot !== dragged.slot && m.enterpriseId !== dragged.enterpriseId && m.ownerOrganizationId !== dragged.ownerOrganizationId) ?? before.find((m) => m.id !== dragged.id)!;
    const dropCell = grid.locator(`td[data-slot="${occupied.slot}"][data-table="${occupied.table + 1}"]`);
    await grid.locator(`.meeting-card[data-meeting-id="${dragged.id}"]`).dragTo(dropCell);
    await page.getByTestId('conflicts').waitFor();
    await expect.poll(() => dropCell.locator('.meeting-card').count()).toBe(2);
    expect(await dropCell.getAttribute('class')).toContain('conflict');
    expect(await dropCell.locator('.conflict-note[data-kind="table_double_booked"]').count()).toBe(2);
    expect(await dropCell.locator('.conflict-note[data-kind="table_double_booked"]').first().textContent()).toBe(`⚠ 桌位冲突：桌 ${occupied.table + 1}`);
    const dropped = await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`);
    expect(dropped.meetings.find((m) => m.id === dragged.id)).toMatchObject({ slot: occupied.slot, table: occupied.table });
    expect(dropped.conflicts.find((c) => c.kind === 'table_double_booked')?.meetingIds.sort()).toEqual([dragged.id, occupied.id].sort());
    await recordPage(page, 'roadshow-meeting-dragged');
    await expectChineseGlyphs(page, page.getByTestId('conflicts').locator('li').first());
    await page.getByRole('button', { name: '重新排程（保留现有安排）' }).click();
    await page.getByTestId('no-conflicts').waitFor({ timeout: 120_000 });
    await page.getByTestId('schedule-changes').waitFor();
    expect(await grid.locator('td.conflict').count()).toBe(0);
    expect((await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`)).conflicts).toEqual([]);
    await recordPage(page, 'roadshow-meeting-resolved');

    // An SME withdraws: its meetings are cancelled, the rest kept, and the changes are shown.
    const current = (await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`)).meetings.filter((m) => m.status !== 'cancelled');
    const leaving = roadshow.invitations.find((i) => current.some((m) => m.enterpriseId === i.enterpriseId) && current.some((m) => m.enterpriseId !== i.enterpriseId))!;
    const theirs = current.filter((m) => m.enterpriseId === leaving.enterpriseId);
    const invitationRow = page.getByTestId('invitations').locator('tr', { hasText: leaving.enterpriseName });
    await invitationRow.getByRole('button', { name: '企业退出' }).click();
    await invitationRow.getByRole('button', { name: '确认退出' }).click();
    const withdrawal = invitationRow.getByTestId('withdrawal');
    await withdrawal.waitFor({ timeout: 120_000 });
    const changes = /保留 (\d+) 场，移动 (\d+) 场，新增 (\d+) 场，取消 (\d+) 场/.exec((await withdrawal.textContent()) ?? '');
    expect(changes, 'the withdrawal shows kept/moved/added/removed').not.toBeNull();
    expect(Number(changes![1])).toBe(current.length - theirs.length);
    expect(Number(changes![4])).toBeGreaterThanOrEqual(theirs.length);
    await page.getByTestId('no-conflicts').waitFor();
    await expect.poll(() => grid.locator('.sme', { hasText: leaving.enterpriseName }).count()).toBe(0);
    const afterWithdrawal = await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`);
    expect(afterWithdrawal.meetings.filter((m) => m.enterpriseId === leaving.enterpriseId).every((m) => m.status === 'cancelled')).toBe(true);
    await recordPage(page, 'roadshow-withdrawal');

    // After the event: the broker records a held meeting with its intent, then a contract…
    await page.getByRole('button', { name: '标记为已举办' }).click();
    await expect.poll(() => page.getByTestId('roadshow-state').textContent()).toBe('已举办');
    const outcomes = page.getByTestId('meeting-outcomes');
    await outcomes.waitFor();
    expect(await page.getByRole('button', { name: '重新排程（保留现有安排）' }).count()).toBe(0);
    const met = afterWithdrawal.meetings.find((m) => m.status === 'scheduled')!;
    const outcomeRow = outcomes.locator(`tr[data-meeting-id="${met.id}"]`);
    await outcomeRow.getByLabel(/^结果/).selectOption('held');
    await outcomeRow.getByLabel(/^意向/).selectOption('agreed');
    await outcomeRow.getByLabel(/^备注/).fill('双方约定下周签许可合同');
    await outcomeRow.getByRole('button', { name: '保存' }).click();
    await outcomeRow.getByText('已保存').waitFor();
    expect(await outcomeRow.getByTestId('meeting-status').textContent()).toBe('已洽谈 · 达成意向');
    const recorded = (await call<Grid>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/meetings`)).meetings.find((m) => m.id === met.id);
    expect(recorded).toMatchObject({ status: 'held', intent: 'agreed', note: '双方约定下周签许可合同' });
    await recordPage(page, 'roadshow-outcomes');

    await page.getByLabel('受让/被许可企业').selectOption(met.enterpriseId);
    await page.getByLabel('权利人', { exact: true }).selectOption(met.ownerOrganizationId);
    const patentBoxes = page.getByRole('group', { name: '涉及专利（本场路演中该权利人的专利）' }).getByRole('checkbox');
    expect(await patentBoxes.count()).toBeGreaterThan(0);
    await page.getByLabel('方式', { exact: true }).selectOption('licence');
    await page.getByLabel('合同金额（元）').fill('150000');
    await page.getByLabel('签约日期', { exact: true }).fill(`${YEAR}-06-01`);
    await page.getByRole('button', { name: '登记合同' }).click();
    const contracts = page.getByTestId('contracts');
    await contracts.waitFor();
    expect(await contracts.locator('tbody tr').count()).toBe(1);
    expect(await contracts.locator('tbody tr').textContent()).toContain(met.enterpriseName);
    const storedContracts = await call<{ contracts: { enterpriseId: string; ownerOrganizationId: string; valueCny: number; kind: string; patentIds: string[] }[] }>(baseUrl, brokerKey, 'GET', `/v1/roadshows/${encodeURIComponent(id)}/contracts`);
    expect(storedContracts.contracts).toHaveLength(1);
    expect(storedContracts.contracts[0]).toMatchObject({ enterpriseId: met.enterpriseId, ownerOrganizationId: met.ownerOrganizationId, valueCny: 150000, kind: 'licence' });
    expect(storedContracts.contracts[0]!.patentIds.length).toBe(await patentBoxes.count());
    await recordPage(page, 'roadshow-contract');

    // …and the year's funnel counts it.
    await page.getByRole('link', { name: '返回路演列表' }).click();
    const funnel = page.getByTestId('funnel');
    await funnel.waitFor();
    expect(await page.getByLabel('年份').inputValue()).toBe(String(YEAR));
    expect(await funnel.locator('tr', { hasText: '签约' }).locator('td').first().textContent()).toBe('1');
    expect(await page.getByTestId('funnel-value').textContent()).toBe('合同金额合计：150,000 元');
    await recordPage(page, 'roadshow-funnel');
    expect(errors).toEqual([]);
  });
});
