import type { MeetingGrid, ScheduleOutcome, Task } from '../api.ts';
import { useI18n } from '../i18n.ts';

/**
 * What a finished schedule or cancellation task changed (`details.outcome`), if it says.
 *
 * @example
 * scheduleOutcomeOf(await api.task(7))?.moved.length // 2
 */
export function scheduleOutcomeOf(task: Task | undefined): ScheduleOutcome | undefined {
  const outcome = task?.details?.['outcome'] as Partial<ScheduleOutcome> | undefined;
  if (!outcome || typeof outcome.kept !== 'number') return undefined;
  return { kept: outcome.kept, added: outcome.added ?? 0, moved: outcome.moved ?? [], removed: outcome.removed ?? [] };
}

/**
 * The changes a (re-)solve made: kept, moved, added and removed meetings, with the moved and removed
 * ones named when the grid knows them.
 *
 * @example
 * <ScheduleChanges task={task} grid={grid.data} />
 */
export function ScheduleChanges({ task, grid }: { task: Task | undefined; grid?: MeetingGrid | undefined }) {
  const { t } = useI18n();
  const outcome = scheduleOutcomeOf(task);
  if (!outcome) return null;
  const names = new Map((grid?.meetings ?? []).flatMap((m) => [[m.enterpriseId, m.enterpriseName] as const, [m.ownerOrganizationId, m.ownerName] as const]));
  const time = new Map((grid?.slots ?? []).map((s) => [s.slot, `${s.startTime}–${s.endTime}`]));
  const where = (at: { slot: number; table: number }) => `${time.get(at.slot) ?? at.slot} ${t('rs.table', { n: at.table + 1 })}`;
  const pair = (m: { smeId: string; ownerId: string }) => `${names.get(m.smeId) ?? m.smeId} → ${names.get(m.ownerId) ?? m.ownerId}`;
  return (
    <div class="changes" data-testid="schedule-changes">
      <p role="status" class="ok">
        {t('rs.changes', { kept: outcome.kept, moved: outcome.moved.length, added: outcome.added, removed: outcome.removed.length })}
      </p>
      {outcome.moved.length + outcome.removed.length > 0 && (
        <ul class="muted">
          {outcome.moved.map((m) => (
            <li key={`m${m.meetingId}`}>
              {pair(m)}: {where(m.from)} ⇒ {where(m.to)}
            </li>
          ))}
          {outcome.removed.map((m) => (
            <li key={`r${m.meetingId}`}>
              {pair(m)}: {where(m)} ✕
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
