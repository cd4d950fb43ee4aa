import type { Kysely } from 'kysely';
import { claimTask, createTask, EMPTY_COUNTS, failTask, succeedTask, type Database } from '@patent-bridge/db';
import type { ChainCatalogue } from '@patent-bridge/domain';
import type { JobQueue } from '@patent-bridge/queue';
import { cancelAndReschedule, CancellationRequest, RoadshowError, scheduleRoadshow, ScheduleRequest, type ScheduleOutcome } from '@patent-bridge/roadshow';

export const ROADSHOW_SCHEDULE_JOB = 'roadshow.schedule';

type ScheduleJob =
  | { taskId: number; roadshowId: string; action: 'schedule'; request: ScheduleRequest }
  | { taskId: number; roadshowId: string; action: 'cancel'; request: CancellationRequest };

export interface RoadshowServiceOptions {
  db: Kysely<Database>;
  queue: JobQueue;
  catalogue: ChainCatalogue;
  log?: (message: string) => void;
}

/**
 * The roadshow service: solving a roadshow's one-to-one meetings takes seconds of HiGHS on a
 * large event, so it runs as a `roadshow_schedule` task on the job queue (in this process, or on
 * bull workers). A solve that fails on its last attempt fails its task with the reason; a refusal
 * (the roadshow changed state meanwhile) fails at once, without retries.
 *
 * @example
 * const service = new RoadshowService({ db, queue, catalogue });
 * await service.start();
 * const taskId = await service.schedule('rs-2026-04-biomedicine', { keepCurrent: false }, 'key_abc');
 */
export class RoadshowService {
  readonly #options: RoadshowServiceOptions;

  constructor(options: RoadshowServiceOptions) {
    this.#options = options;
  }

  /** Registers the scheduling job's worker. */
  async start(): Promise<void> {
    const { queue, db } = this.#options;
    queue.process<ScheduleJob>(ROADSHOW_SCHEDULE_JOB, async (job) => this.#run(job.data, job.attempt));
    queue.onFailed(async (job, error) => {
      if (job.name !== ROADSHOW_SCHEDULE_JOB) return;
      const { taskId } = job.data as ScheduleJob;
      await failTask(db, taskId, { code: 'internal', message: `meeting scheduling failed after ${job.attempt} attempts: ${error.message}` });
    });
  }

  /**
   * Queues a (re-)solve of a roadshow's meetings; returns the task id to poll.
   *
   * @example
   * await service.schedule('rs-2026-04-biomedicine', { keepCurrent: true }) // 12
   */
  async schedule(roadshowId: string, request: ScheduleRequest, createdBy?: Record<string, unknown>): Promise<number> {
    return this.#enqueue({ roadshowId, action: 'schedule', request: ScheduleRequest.parse(request) }, createdBy);
  }

  /**
   * Queues cancellations and the re-solve that follows; returns the task id to poll.
   *
   * @example
   * await service.cancel('rs-2026-04-biomedicine', { cancellations: [{ kind: 'sme', smeId: 'org_ent7' }] }) // 13
   */
  async cancel(roadshowId: string, request: CancellationRequest, createdBy?: Record<string, unknown>): Promise<number> {
    return this.#enqueue({ roadshowId, action: 'cancel', request: CancellationRequest.parse(request) }, createdBy);
  }

  async #enqueue(job: Omit<ScheduleJob, 'taskId'>, createdBy?: Record<string, unknown>): Promise<number> {
    const { db, queue } = this.#options;
    const taskId = await createTask(db, 'roadshow_schedule', { roadshowId: job.roadshowId, action: job.action, ...(createdBy ?? {}) });
    try {
      await queue.add(ROADSHOW_SCHEDULE_JOB, { ...job, taskId }, { jobId: `${ROADSHOW_SCHEDULE_JOB}-${taskId}`, attempts: 3, backoffMs: 2000 });
    } catch (error) {
      await db.deleteFrom('tasks').where('id', '=', taskId).execute().catch(() => undefined);
      throw error;
    }
    return taskId;
  }

  async #run(job: ScheduleJob, attempt: number): Promise<void> {
    const { db, catalogue } = this.#options;
    if (!(await claimTask(db, job.taskId, attempt))) return;
    let outcome: ScheduleOutcome;
    try {
      outcome = job.action === 'schedule' ? await scheduleRoadshow(db, catalogue, job.roadshowId, job.request) : await cancelAndReschedule(db, catalogue, job.roadshowId, job.request);
    } catch (error) {
      if (error instanceof RoadshowError) {
        await failTask(db, job.taskId, { code: error.code, message: error.message });
        return;
      }
      throw error;
    }
    const meetings = outcome.summary.mustMeets;
    this.#options.log?.(`roadshow ${job.roadshowId}: ${outcome.kept + outcome.moved.length + outcome.added} meetings, must-meets ${meetings.honoured}/${meetings.requested}`);
    const total = outcome.kept + outcome.moved.length + outcome.added;
    await succeedTask(db, job.taskId, { ...EMPTY_COUNTS, received: total, imported: total }, { outcome });
  }
}
