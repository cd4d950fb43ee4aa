import { useState } from 'preact/hooks';
import type { Meeting, MeetingConflict, MeetingGrid } from '../api.ts';
import { isMessageKey, useI18n, type Translate } from '../i18n.ts';

/** Moves one meeting to another slot and table (a broker's manual adjustment). */
export type MoveMeeting = (meetingId: string, to: { slot: number; table: number }) => void;

/** The drag payload's type: only meeting cards of this grid are accepted as drops. */
const DRAGGED_MEETING = 'application/x-patent-bridge-meeting';

/**
 * The short label of a conflict kind (企业时段冲突…), or undefined for a kind the console does not know.
 *
 * @example
 * conflictLabel('owner_double_booked', translator('zh')) // '权利人时段冲突'
 */
export function conflictLabel(kind: string, t: Translate): string | undefined {
  const key = `conflict.${kind}`;
  return isMessageKey(key) ? t(key) : undefined;
}

/**
 * A conflict in words people read: its label and the meetings involved by name (time, table,
 * enterprise → owner); a kind the console does not know keeps the API's message, its organisation
 * ids replaced by the names the grid knows.
 *
 * @example
 * describeConflict(conflict, grid, t) // '企业时段冲突：10:20–10:40 桌 1 济南南山云雾茶厂 → 齐鲁农业科技大学 / …'
 */
export function describeConflict(conflict: MeetingConflict, grid: MeetingGrid, t: Translate): string {
  const label = conflictLabel(conflict.kind, t);
  const names = new Map(grid.meetings.flatMap((m) => [[m.enterpriseId, m.enterpriseName] as const, [m.ownerOrganizationId, m.ownerName] as const]));
  if (!label) return conflict.message.replace(/\borg_[0-9a-z]+/g, (id) => names.get(id) ?? id);
  const slots = new Map(grid.slots.map((s) => [s.slot, `${s.startTime}–${s.endTime}`]));
  const involved = conflict.meetingIds
    .map((id) => grid.meetings.find((m) => m.id === id))
    .filter((m): m is Meeting => m !== undefined)
    .map((m) => `${slots.get(m.slot) ?? m.slot} ${t('rs.table', { n: m.table + 1 })} ${m.enterpriseName} → ${m.ownerName}`);
  return t('rs.conflictAt', { kind: label, who: involved.join(' / ') });
}

/** Who a conflict is about, as seen from one of its meetings (the enterprise, the owner, the slot or the table). */
function conflictParty(conflict: MeetingConflict, meeting: Meeting, slotTime: string, t: Translate): string {
  if (conflict.kind.startsWith('sme_') || conflict.kind === 'declined_pair') return meeting.enterpriseName;
  if (conflict.kind.startsWith('owner_')) return meeting.ownerName;
  if (conflict.kind.startsWith('slot_')) return slotTime;
  return t('rs.table', { n: meeting.table + 1 });
}

function MoveControl({ meeting, grid, onMove, busy }: { meeting: Meeting; grid: MeetingGrid; onMove: MoveMeeting; busy: boolean }) {
  const { t } = useI18n();
  const [slot, setSlot] = useState(meeting.slot);
  const [table, setTable] = useState(meeting.table);
  const id = `move-${meeting.id}`;
  return (
    <details class="move">
      <summary>{t('rs.move')}</summary>
      <label for={`${id}-slot`}>{t('rs.slot')}</label>
      <select id={`${id}-slot`} value={slot} onChange={(e) => setSlot(Number(e.currentTarget.value))}>
        {grid.slots.map((s) => (
          <option key={s.slot} value={s.slot}>
            {s.startTime}–{s.endTime}
          </option>
        ))}
      </select>
      <label for={`${id}-table`}>{t('rs.tableLabel')}</label>
      <select id={`${id}-table`} value={table} onChange={(e) => setTable(Number(e.currentTarget.value))}>
        {Array.from({ length: grid.tables }, (_, i) => (
          <option key={i} value={i}>
            {t('rs.table', { n: i + 1 })}
          </option>
        ))}
      </select>
      <button type="button" disabled={busy} onClick={() => onMove(meeting.id, { slot, table })}>
        {t('rs.doMove')}
      </button>
    </details>
  );
}

/**
 * The meeting grid of a roadshow: one row per time slot, one column per table, each cell the
 * enterprise and the patent owner meeting there (cancelled meetings are left out). Conflicting
 * meetings are marked, labelled in the cell and listed by name below. With `onMove`, a meeting card
 * can be dragged onto another cell, or moved with its slot and table pickers (the keyboard way).
 *
 * @example
 * <MeetingGridTable grid={await api.meetings(id)} onMove={(id, to) => api.moveMeeting(rsId, id, to)} />
 */
export function MeetingGridTable({ grid, onMove, busy = false }: { grid: MeetingGrid; onMove?: MoveMeeting; busy?: boolean }) {
  const { t } = useI18n();
  const [dragging, setDragging] = useState<string | undefined>(undefined);
  const [over, setOver] = useState<string | undefined>(undefined);
  const tables = Array.from({ length: grid.tables }, (_, i) => i + 1);
  const conflictsOf = new Map<string, MeetingConflict[]>();
  for (const c of grid.conflicts) for (const id of c.meetingIds) conflictsOf.set(id, [...(conflictsOf.get(id) ?? []), c]);
  // A hand move can put two meetings at one table: a cell holds a list.
  const at = new Map<string, Meeting[]>();
  for (const m of grid.meetings) {
    if (m.status === 'cancelled') continue;
    const key = `${m.slot}:${m.table}`;
    at.set(key, [...(at.get(key) ?? []), m]);
  }
  const drop = (meetingId: string, slot: number, table: number) => {
    setDragging(undefined);
    setOver(undefined);
    const meeting = grid.meetings.find((m) => m.id === meetingId);
    if (!onMove || !meeting || (meeting.slot === slot && meeting.table === table)) return;
    onMove(meetingId, { slot, table });
  };
  // The API numbers slots and tables from 0; people count tables from 1.
  return (
    <>
      {onMove && <p class="muted">{t('rs.dragHint')}</p>}
      <div class="grid-scroll">
        <table class="meeting-grid" data-testid="meeting-grid" aria-busy={busy}>
          <caption>{t('rs.grid')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rs.slot')}</th>
              {tables.map((n) => (
                <th key={n} scope="col">
                  {t('rs.table', { n })}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {grid.slots.map((s) => (
              <tr key={s.slot}>
                <th scope="row">
                  {s.startTime}–{s.endTime}
                </th>
                {tables.map((n) => {
                  const key = `${s.slot}:${n - 1}`;
                  const meetings = at.get(key) ?? [];
                  const classes = [meetings.length ? 'meeting' : 'free'];
                  if (meetings.some((m) => conflictsOf.has(m.id))) classes.push('conflict');
                  if (dragging && over === key) classes.push('drop-target');
                  return (
                    <td
                      key={n}
                      class={classes.join(' ')}
                      data-slot={s.slot}
                      data-table={n}
                      onDragEnter={(e) => {
                        if (!dragging) return;
                        e.preventDefault();
                        setOver(key);
                      }}
                      onDragOver={(e) => {
                        if (!dragging) return;
                        e.preventDefault();
                        if (e.dataTransfer) e.dataTransfer.dropEffect = 'move';
                      }}
                      onDragLeave={(e) => {
                        if (e.currentTarget === e.target && over === key) setOver(undefined);
                      }}
                      onDrop={(e) => {
                        e.preventDefault();
                        const id = e.dataTransfer?.getData(DRAGGED_MEETING) || dragging;
                        if (id) drop(id, s.slot, n - 1);
                      }}
                    >
                      {meetings.map((meeting) => (
                        <div
                          key={meeting.id}
                          class={dragging === meeting.id ? 'meeting-card dragging' : 'meeting-card'}
                          data-meeting-id={meeting.id}
                          draggable={Boolean(onMove) && !busy}
                          onDragStart={(e) => {
                            if (!onMove || !e.dataTransfer) return;
                            e.dataTransfer.setData(DRAGGED_MEETING, meeting.id);
                            e.dataTransfer.setData('text/plain', `${meeting.enterpriseName} → ${meeting.ownerName}`);
                            e.dataTransfer.effectAllowed = 'move';
                            setDragging(meeting.id);
                          }}
                          onDragEnd={() => {
                            setDragging(undefined);
                            setOver(undefined);
                          }}
                        >
                          <span class="sme">{meeting.enterpriseName}</span>
                          <span class="owner">{meeting.ownerName}</span>
                          {(conflictsOf.get(meeting.id) ?? []).map((c, i) => (
                            <span key={i} class="conflict-note" data-kind={c.kind}>
                              ⚠ {t('rs.conflictAt', { kind: conflictLabel(c.kind, t) ?? c.kind, who: conflictParty(c, meeting, `${s.startTime}–${s.endTime}`, t) })}
                            </span>
                          ))}
                          {onMove && <MoveControl meeting={meeting} grid={grid} onMove={onMove} busy={busy} />}
                        </div>
                      ))}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {grid.conflicts.length === 0 ? (
        <p class="ok" role="status" data-testid="no-conflicts">
          {t('rs.noConflicts')}
        </p>
      ) : (
        <div class="problem" role="alert" data-testid="conflicts">
          <strong>
            {t('rs.conflicts')} ({grid.conflicts.length})
          </strong>
          <ul>
            {grid.conflicts.map((c, i) => (
              <li key={i} data-kind={c.kind}>
                {describeConflict(c, grid, t)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </>
  );
}
