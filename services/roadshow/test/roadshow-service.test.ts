import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageVariants, type Storage } from '@patent-bridge/db';
import { rebuildAllMatches } from '@patent-bridge/matching';
import { createQueue, deleteRedisKeys, redisAvailable, TEST_REDIS_URL, uniqueTestPrefix, type JobQueue } from '@patent-bridge/queue';
import {
  advanceRoadshow,
  buildEvent,
  exportRoadshow,
  funnelOfYear,
  listRoadshows,
  meetingGrid,
  planAndSaveYear,
  putMeetingRequests,
  recordContract,
  roadshowOwners,
  listInvitations,
} from '@patent-bridge/roadshow';
import { sampleSystem, TODAY } from '../../../packages/matching/test/fixtures/sample-system.ts';
import { RoadshowService } from '../src/index.ts';

/**
 * The roadshow service on each system of record (PGlite, and PostgreSQL, required under CI) and
 * each queue (in-process, and bull on Redis): a year planned from stored matches, an event built,
 * published, requested and scheduled through the queue, and a refused job reported on its task.
 */

const variants = await storageVariants();
if (process.env.CI === 'true' && !variants.some((v) => v.name === 'postgres')) throw new Error('PostgreSQL is required under CI=true');
const redis = await redisAvailable();
if (!redis && process.env.CI === 'true') throw new Error(`Redis is required under CI=true (${TEST_REDIS_URL})`);

const YEAR = TODAY.getUTCFullYear() + 1;

async function settled(storage: Storage, taskId: number): Promise<{ status: string; details: any; error: any }> {
  for (let i = 0; i < 600; i++) {
    const task = await storage.db.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirstOrThrow();
    if (task.status === 'succeeded' || task.status === 'failed') return task as never;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`task ${taskId} did not settle`);
}

const combinations = variants.map((variant) => ({ variant, bull: variant.name === 'postgres' && redis }));

for (const { variant, bull } of combinations) {
  describe(`roadshow service on ${variant.name} with the ${bull ? 'bull (Redis)' : 'in-process'} queue`, () => {
    let storage: Storage;
    let queue: JobQueue;
    let prefix: string | undefined;
    let service: RoadshowService;
    let catalogue: Awaited<ReturnType<typeof sampleSystem>>['catalogue'];

    beforeAll(async () => {
      storage = await variant.open();
      const system = await sampleSystem(storage);
      catalogue = system.catalogue;
      await rebuildAllMatches(storage.db, system.matcher, { today: TODAY });
      prefix = bull ? uniqueTestPrefix('roadshow') : undefined;
      queue = createQueue(bull ? { redisUrl: TEST_REDIS_URL, prefix: prefix! } : {});
      service = new RoadshowService({ db: storage.db, queue, catalogue });
      await service.start();
    }, 180_000);
    afterAll(async () => {
      await queue?.close();
      if (prefix) await deleteRedisKeys(prefix);
      await storage?.close();
    });

    it('plans, builds, publishes, takes requests and schedules through the queue without a conflict', async () => {
      const { plan, roadshows } = await planAndSaveYear(storage.db, catalogue, { year: YEAR, minSupply: 1, minDemand: 1, minGapMonths: 2, pins: [{ month: `${YEAR}-03`, chainId: 'modern-agriculture-food' }] });
      expect(plan.months.find((m) => m.month === `${YEAR}-03`)).toMatchObject({ kind: 'event', chainId: 'modern-agriculture-food', source: 'pinned' });
      const id = roadshows.find((r) => r.month === `${YEAR}-03`)!.id;
      const built = await buildEvent(storage.db, catalogue, id, { date: `${YEAR}-03-18`, size: 5, meetings: { slots: 5, minutes: 20, tables: 3, smeCap: 2 } });
      expect(built.lineUp.length).toBeGreaterThan(0);
      expect(built.lineUp.every((c) => c.ownerOrganizationIds.length > 0)).toBe(true);
      await advanceRoadshow(storage.db, catalogue, id, 'published');
      const invitations = await listInvitations(storage.db, id);
      const owners = await roadshowOwners(storage.db, id);
      expect(invitations.length).toBeGreaterThan(0);
      await putMeetingRequests(storage.db, catalogue, id, invitations[0]!.enterpriseId, { requests: owners.map((o, i) => ({ ownerOrganizationId: o.id, preference: i === 0 ? 'must_meet' : 'no' })) });

      const task = await settled(storage, await service.schedule(id, {}, { createdBy: { keyId: 'test' } }));
      expect(task.status).toBe('succeeded');
      expect(task.details.createdBy).toEqual({ keyId: 'test' });
      const grid = await meetingGrid(storage.db, catalogue, id);
      expect(grid.conflicts).toEqual([]);
      expect(grid.meetings.length).toBe(task.details.outcome.added);
      const first = invitations[0]!.enterpriseId;
      expect(grid.meetings.filter((m) => m.enterpriseId === first).map((m) => m.ownerOrganizationId)).toEqual([owners[0]!.id]);
      expect(grid.schedule?.mustMeets).toMatchObject({ requested: 1, honoured: 1 });
      const perSme = new Map<string, number>();
      for (const m of grid.meetings) perSme.set(m.enterpriseId, (perSme.get(m.enterpriseId) ?? 0) + 1);
      expect(Math.max(...perSme.values())).toBeLessThanOrEqual(2);

      const ics = await exportRoadshow(storage.db, catalogue, id, 'calendar.ics', { participant: first });
      expect(ics.body).toContain('BEGIN:VEVENT');
      expect(ics.body).toContain('一对一洽谈');
      await advanceRoadshow(storage.db, catalogue, id, 'held');
      await recordContract(storage.db, catalogue, id, { enterpriseId: first, ownerOrganizationId: owners[0]!.id, patentIds: [owners[0]!.patentIds[0]!], kind: 'assignment', valueCny: 300000, signedOn: `${YEAR}-04-02` });
      const funnel = await funnelOfYear(storage.db, catalogue, YEAR);
      expect(funnel.total.stages.map((s) => s.stage)).toEqual(['matches', 'invitations', 'meeting_requests', 'meetings', 'contracts']);
      expect(funnel.total.stages.at(-1)).toMatchObject({ count: 1, enterprises: 1 });
      expect(funnel.total.contractValueCny).toBe(300000);
    }, 120_000);

    it('reports a refused job on its task instead of retrying or dropping it', async () => {
      const [held] = (await listRoadshows(storage.db, catalogue, { year: YEAR })).filter((r) => r.state === 'held');
      const task = await settled(storage, await service.schedule(held!.id, {}));
      expect(task.status).toBe('failed');
      expect(task.error).toMatchObject({ code: 'schedule_closed' });
      expect(task.error.message).toMatch(/held/);
    });

    it('re-planning keeps the held month and replaces the drafts', async () => {
      const before = await listRoadshows(storage.db, catalogue, { year: YEAR });
      const { plan, roadshows } = await planAndSaveYear(storage.db, catalogue, { year: YEAR, minSupply: 1, minDemand: 1, minGapMonths: 2, blackouts: [`${YEAR}-05`] });
      expect(plan.months.find((m) => m.month === `${YEAR}-03`)).toMatchObject({ kind: 'event', source: 'published' });
      expect(plan.months.find((m) => m.month === `${YEAR}-05`)).toMatchObject({ kind: 'no_event', why: 'blackout' });
      expect(roadshows.find((r) => r.month === `${YEAR}-03`)?.state).toBe('held');
      expect(roadshows.some((r) => r.month === `${YEAR}-05`)).toBe(false);
      expect(before.length).toBeGreaterThan(0);
    });
  });
}
