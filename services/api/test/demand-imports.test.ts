import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueApiKey } from '@patent-bridge/access';
import { saveOrganization } from '@patent-bridge/db';
import { configFromEnv } from '../src/config.ts';
import { createApp } from '../src/app.ts';
import { startSystem, type RunningSystem } from '../src/system.ts';

const KEY = 'test-admin-key-demand-imports-0123';
const auth = { authorization: `Bearer ${KEY}` };
const SAMPLE = new Uint8Array(readFileSync(new URL('../../../datasets/sample/demands-import-sample.csv', import.meta.url)));

describe('POST /v1/demands/imports', () => {
  let system: RunningSystem;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    system = await startSystem({ ...configFromEnv({ PB_ADMIN_KEY: KEY, PB_LOAD_SAMPLE: 'false', PB_LOG_LEVEL: 'silent' }), storage: { kind: 'pglite', dataDir: 'memory' } });
    server = createApp(system.context).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server?.close();
    await system?.close();
  });

  function upload(bytes: Uint8Array, filename: string, extra: Record<string, string> = {}, field = 'file'): Promise<Response> {
    const form = new FormData();
    form.append(field, new Blob([bytes]), filename);
    for (const [name, value] of Object.entries(extra)) form.append(name, value);
    return fetch(`${base}/v1/demands/imports`, { method: 'POST', headers: auth, body: form });
  }

  async function finished(taskId: number): Promise<any> {
    for (let i = 0; i < 400; i++) {
      const task = (await (await fetch(`${base}/v1/tasks/${taskId}`, { headers: auth })).json()) as any;
      if (task.status === 'succeeded' || task.status === 'failed') return task;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`task ${taskId} did not finish`);
  }

  it('imports an uploaded demand sheet as a task, serves the error report, and changes nothing on a second upload', async () => {
    const res = await upload(SAMPLE, 'demands-import-sample.csv');
    expect(res.status).toBe(202);
    const body = (await res.json()) as any;
    expect(body).toEqual({ taskId: expect.any(Number), status: 'enqueued', type: 'demand_import' });
    expect(res.headers.get('location')).toBe(`/v1/tasks/${body.taskId}`);

    const task = await finished(body.taskId);
    expect(task).toMatchObject({ type: 'demand_import', status: 'succeeded', details: { filename: 'demands-import-sample.csv', encoding: 'utf-8' } });
    expect(task.counts).toEqual({ received: 10, imported: 8, updated: 0, unchanged: 0, merged: 0, rejected: 2 });
    expect(task.errors.map((e: any) => [e.line, e.field])).toEqual([
      [6, 'enterprise'],
      [11, 'industryCode'],
      [11, 'budgetMin'],
      [11, 'licenceModes'],
    ]);

    const report = await fetch(`${base}/v1/tasks/${body.taskId}/errors`, { headers: auth });
    expect(report.headers.get('content-type')).toMatch(/text\/csv/);
    const bytes = new Uint8Array(await report.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes).trim().split(/\r\n/);
    expect(lines[0]).toBe('source,line,field,message');
    expect(lines.length - 1).toBe(task.errorCount);
    expect(lines[1]).toMatch(/^upload:demands-import-sample\.csv,6,enterprise,/);

    const listed = (await (await fetch(`${base}/v1/demands?limit=100`, { headers: auth })).json()) as any;
    expect(listed.demands).toHaveLength(8);
    expect(listed.demands.map((d: any) => d.title)).toContain('电路板瑕疵自动检测');
    expect(listed.demands.filter((d: any) => d.visibility === 'private')).toHaveLength(2);

    const again = (await (await upload(SAMPLE, 'demands-import-sample.csv')).json()) as any;
    expect((await finished(again.taskId)).counts).toEqual({ received: 10, imported: 0, updated: 0, unchanged: 8, merged: 0, rejected: 2 });
    const tasks = (await (await fetch(`${base}/v1/tasks?type=demand_import`, { headers: auth })).json()) as any;
    expect(tasks.tasks.map((t: any) => t.id)).toEqual([again.taskId, body.taskId]);
  });

  it('takes a column mapping for headers the aliases do not know', async () => {
    const csv = new TextEncoder().encode('单位,项目\n济南接口映射有限公司（示例）,接口映射导入的需求\n');
    const res = await upload(csv, '需求.csv', { mapping: JSON.stringify({ 单位: 'enterprise', 项目: 'title' }) });
    expect(res.status).toBe(202);
    const task = await finished(((await res.json()) as any).taskId);
    expect(task.details.filename).toBe('需求.csv');
    expect(task.counts).toMatchObject({ received: 1, imported: 1, rejected: 0 });
  });

  it('fails an unreadable upload as a task with a coded error', async () => {
    const res = await upload(Uint8Array.of(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1), '需求.xls');
    expect(res.status).toBe(202);
    const task = await finished(((await res.json()) as any).taskId);
    expect(task.status).toBe('failed');
    expect(task.error.code).toBe('invalid_file');
  });

  it('answers a bad request with a specific problem, never a 500', async () => {
    const json = await fetch(`${base}/v1/demands/imports`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"dataset":"all"}' });
    expect(json.status).toBe(415);
    expect(json.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const cases: Array<[Promise<Response>, number, string]> = [
      [upload(new Uint8Array(0), 'empty.csv'), 400, 'file_empty'],
      [upload(SAMPLE, 'x.csv', {}, 'sheet'), 400, 'unexpected_file_field'],
      [upload(SAMPLE, 'x.csv', { dataset: 'all' }), 400, 'unknown_field'],
      [upload(SAMPLE, 'x.csv', { mapping: '{not json' }), 400, 'invalid_mapping'],
      [upload(SAMPLE, 'x.csv', { mapping: JSON.stringify({ 单位: 'applicationNumber' }) }), 400, 'invalid_mapping'],
      [fetch(`${base}/v1/demands/imports`, { method: 'POST', headers: auth, body: (() => { const f = new FormData(); f.append('mapping', '{}'); return f; })() }), 400, 'file_missing'],
      [fetch(`${base}/v1/demands/imports`, { method: 'POST', body: new FormData() }), 401, 'missing_api_key'],
    ];
    const enterprise = await saveOrganization(system.context.db, { name: '济南权限测试有限公司（示例）', kind: 'enterprise' });
    const { secret } = await issueApiKey(system.context.db, { organizationId: enterprise.id, role: 'enterprise', label: 'demand import test' });
    const form = new FormData();
    form.append('file', new Blob([SAMPLE]), 'x.csv');
    cases.push([fetch(`${base}/v1/demands/imports`, { method: 'POST', headers: { authorization: `Bearer ${secret}` }, body: form }), 403, 'forbidden_role']);
    for (const [pending, status, code] of cases) {
      const res = await pending;
      expect([res.status, ((await res.json()) as any).code]).toEqual([status, code]);
    }
  });
});
