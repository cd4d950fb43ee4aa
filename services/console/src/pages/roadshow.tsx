import { useEffect, useRef, useState } from 'preact/hooks';
import { saveFile, waitForTask, type MeetingGrid, type MeetingPreference, type MeetingRequest, type Roadshow, type Task } from '../api.ts';
import { isMessageKey, useI18n, type MessageKey } from '../i18n.ts';
import { href } from '../router.ts';
import { managesRoadshows, organizationOf, useSession } from '../session.ts';
import { useAction, useLoad, type Loaded } from '../components/async.ts';
import { MeetingGridTable } from '../components/meeting-grid.tsx';
import { MeetingOutcomes, RoadshowContracts } from '../components/meeting-outcomes.tsx';
import { ScheduleChanges } from '../components/schedule-changes.tsx';
import { Loading, ProblemMessage } from '../components/problem.tsx';

const PREFERENCES: MeetingPreference[] = ['must_meet', 'meet', 'no'];

type ExportName = 'agenda.ics' | 'agenda.csv' | 'agenda.html' | 'meetings.csv' | 'calendar.ics';
/** Brokers export the whole event; a participant its own calendar (the meeting list names everyone). */
const EXPORTS_FOR_BROKERS: [ExportName, MessageKey][] = [
  ['agenda.ics', 'rs.exportIcs'],
  ['agenda.csv', 'rs.exportCsv'],
  ['meetings.csv', 'rs.exportMeetings'],
  ['agenda.html', 'rs.exportHtml'],
];
const EXPORTS_FOR_PARTICIPANTS: [ExportName, MessageKey][] = [
  ['calendar.ics', 'rs.exportMine'],
  ['agenda.ics', 'rs.exportIcs'],
  ['agenda.html', 'rs.exportHtml'],
];

/** The draft's build form (`POST /v1/roadshows/{id}/build`): date, times, size and meeting tables. */
function BuildForm({ roadshow, onBuilt }: { roadshow: Roadshow; onBuilt: (roadshow: Roadshow) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const settings = (roadshow.settings ?? {}) as { date?: string; start?: string; location?: string; size?: number; meetings?: { slots?: number; minutes?: number; tables?: number } };
  const [date, setDate] = useState(settings.date ?? `${roadshow.month}-15`);
  const [start, setStart] = useState(settings.start ?? '09:00');
  const [location, setLocation] = useState(settings.location ?? '');
  const [size, setSize] = useState(String(settings.size ?? 8));
  const [slots, setSlots] = useState(String(settings.meetings?.slots ?? 8));
  const [minutes, setMinutes] = useState(String(settings.meetings?.minutes ?? 20));
  const [tables, setTables] = useState(String(settings.meetings?.tables ?? 6));
  const build = useAction(async () => {
    onBuilt(
      await api.buildRoadshow(roadshow.id, {
        date,
        start,
        ...(location.trim() ? { location: location.trim() } : {}),
        size: Number(size),
        meetings: { slots: Number(slots), minutes: Number(minutes), tables: Number(tables) },
      }),
    );
  });
  const field = (id: string, label: MessageKey, value: string, set: (v: string) => void, type = 'number', extra: Record<string, string> = {}) => (
    <div class="field">
      <label for={id}>{t(label)}</label>
      <input id={id} type={type} value={value} required={type !== 'text'} onInput={(e) => set(e.currentTarget.value)} {...extra} />
    </div>
  );
  return (
    <form
      class="panel form-grid"
      aria-labelledby="build-title"
      onSubmit={(e) => {
        e.preventDefault();
        void build.run();
      }}
    >
      <h2 id="build-title">{t('rs.build')}</h2>
      {field('rs-date', 'rs.date', date, setDate, 'date')}
      {field('rs-start', 'rs.start', start, setStart, 'time')}
      {field('rs-location', 'rs.location', location, setLocation, 'text')}
      {field('rs-size', 'rs.size', size, setSize, 'number', { min: '1', max: '30' })}
      {field('rs-slots', 'rs.slots', slots, setSlots, 'number', { min: '1', max: '24' })}
      {field('rs-minutes', 'rs.minutes', minutes, setMinutes, 'number', { min: '5', max: '120' })}
      {field('rs-tables', 'rs.tables', tables, setTables, 'number', { min: '1', max: '50' })}
      <div class="wide">
        <button type="submit" class="primary" disabled={build.running}>
          {t('rs.doBuild')}
        </button>
      </div>
      <ProblemMessage problem={build.problem} />
    </form>
  );
}

/** Meeting requests: the broker reads all of them; an invited enterprise states its own per owner. */
function Requests({ roadshow }: { roadshow: Roadshow }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const requests = useLoad(() => api.meetingRequests(roadshow.id), [roadshow.id, roadshow.state]);
  const own = organizationOf(me);
  const [choices, setChoices] = useState<Record<string, MeetingPreference>>({});
  useEffect(() => {
    if (!requests.data || me.role !== 'enterprise') return;
    // Stored choices fill in; anything the user already picked wins.
    const stored = Object.fromEntries(requests.data.requests.filter((r) => r.enterpriseId === own).map((r) => [r.ownerOrganizationId, r.preference]));
    setChoices((picked) => ({ ...stored, ...picked }));
  }, [requests.data]);
  const save = useAction(async () => {
    const answer = await api.putMeetingRequests(roadshow.id, { requests: Object.entries(choices).map(([ownerOrganizationId, preference]) => ({ ownerOrganizationId, preference })) });
    requests.set({ requests: answer.requests });
  });
  const rows: MeetingRequest[] = requests.data?.requests ?? [];
  return (
    <section class="panel" aria-labelledby="requests-title">
      <h2 id="requests-title">{t('rs.requests')}</h2>
      <ProblemMessage problem={requests.problem} onRetry={requests.reload} />
      {me.role === 'enterprise' && roadshow.state === 'published' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save.run();
          }}
        >
          <h3>{t('rs.myRequests')}</h3>
          <div class="form-grid">
            {roadshow.owners.map((o) => (
              <div class="field" key={o.id}>
                <label for={`pref-${o.id}`}>{o.name}</label>
                <select id={`pref-${o.id}`} value={choices[o.id] ?? 'no'} onChange={(e) => setChoices({ ...choices, [o.id]: e.currentTarget.value as MeetingPreference })}>
                  {PREFERENCES.map((p) => (
                    <option key={p} value={p}>
                      {t(`rs.pref.${p}` as MessageKey)}
                    </option>
                  ))}
                </select>
              </div>
            ))}
          </div>
          <button type="submit" class="primary" disabled={save.running}>
            {t('rs.saveRequests')}
          </button>
          <ProblemMessage problem={save.problem} />
        </form>
      )}
      {rows.length === 0 ? (
        <p class="muted">{t('rs.noRequests')}</p>
      ) : (
        <table data-testid="meeting-requests">
          <thead>
            <tr>
              <th scope="col">{t('demands.enterprise')}</th>
              <th scope="col">{t('patents.owner')}</th>
              <th scope="col">{t('rs.requests')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={`${r.enterpriseId}:${r.ownerOrganizationId}`}>
                <td>{r.enterpriseName ?? r.enterpriseId}</td>
                <td>{r.ownerName ?? r.ownerOrganizationId}</td>
                <td>{t(`rs.pref.${r.preference}` as MessageKey)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Schedule (`POST …/schedule`, a task), the meeting grid (`GET …/meetings`) and the exports. */
function Meetings({ roadshow, grid, onScheduled }: { roadshow: Roadshow; grid: Loaded<MeetingGrid | undefined>; onScheduled: () => void }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const manages = managesRoadshows(me);
  // Meetings can be (re)scheduled and moved until the event is held.
  const open = manages && roadshow.state === 'published';
  const [task, setTask] = useState<Task | undefined>(undefined);
  const schedule = useAction(async (keepCurrent: boolean) => {
    setTask(undefined);
    const { taskId } = await api.schedule(roadshow.id, keepCurrent);
    const done = await waitForTask(api, taskId, setTask);
    if (done.status !== 'succeeded') throw new Error(done.error?.message ?? `${done.status}`);
    grid.reload();
    onScheduled();
  });
  const move = useAction(async (meetingId: string, to: { slot: number; table: number }) => {
    setTask(undefined);
    grid.set(await api.moveMeeting(roadshow.id, meetingId, to));
  });
  const exporter = useAction(async (name: ExportName) => {
    const { blob, filename } = await api.roadshowExport(roadshow.id, name);
    saveFile(blob, filename === name ? `roadshow-${roadshow.month}-${name}` : filename);
  });
  const statusKey = task ? `task.${task.status}` : '';
  const s = roadshow.schedule;
  const g = grid.data;
  const scheduled = g !== undefined && g.meetings.some((m) => m.status !== 'cancelled');
  return (
    <section class="panel" aria-labelledby="grid-title">
      <h2 id="grid-title">{t('rs.grid')}</h2>
      {open && (
        <p class="actions">
          <button type="button" class={scheduled ? undefined : 'primary'} disabled={schedule.running || move.running} onClick={() => void schedule.run(false)}>
            {t('rs.schedule')}
          </button>
          {scheduled && (
            <button type="button" class={g.conflicts.length > 0 ? 'primary' : undefined} disabled={schedule.running || move.running} onClick={() => void schedule.run(true)}>
              {t('rs.resolve')}
            </button>
          )}
          {schedule.running && <span role="status">{t('rs.scheduling')}</span>}
          {task && !schedule.running && task.status !== 'succeeded' && <span role="status">{isMessageKey(statusKey) ? t(statusKey) : task.status}</span>}
        </p>
      )}
      <ProblemMessage problem={schedule.problem} />
      {!schedule.running && <ScheduleChanges task={task} grid={g} />}
      {s?.mustMeets && (
        <p class="meta">
          <span>{t('rs.mustMeets', { r: s.mustMeets.requested, h: s.mustMeets.honoured })}</span>
          {s.fairness && <span>{t('rs.fairness', { w: s.fairness.withMeeting, s: s.fairness.smes })}</span>}
          {s.solver && <span>{s.solver}</span>}
        </p>
      )}
      {grid.problem && grid.problem.status !== 404 && grid.problem.status !== 403 && <ProblemMessage problem={grid.problem} onRetry={grid.reload} />}
      {grid.loading && !g && <Loading />}
      <ProblemMessage problem={move.problem} />
      {g && scheduled && <MeetingGridTable grid={g} busy={move.running || schedule.running} {...(open ? { onMove: (meetingId, to) => void move.run(meetingId, to) } : {})} />}
      <h3>{t('rs.exports')}</h3>
      <div class="actions">
        {(manages ? EXPORTS_FOR_BROKERS : EXPORTS_FOR_PARTICIPANTS).map(([name, label]) => (
          <button key={name} type="button" onClick={() => void exporter.run(name)} disabled={exporter.running}>
            {t(label)}
          </button>
        ))}
      </div>
      <ProblemMessage problem={exporter.problem} />
    </section>
  );
}

/**
 * "企业退出": a broker withdraws an invited SME (`POST …/cancellations`, a task): its meetings are
 * cancelled and the rest re-solved, changing as little as possible. Asks for confirmation first.
 */
function Withdrawal({
  roadshow,
  enterpriseId,
  enterpriseName,
  withdrawnAt,
  grid,
  onDone,
}: {
  roadshow: Roadshow;
  enterpriseId: string;
  enterpriseName: string;
  withdrawnAt: string | null;
  grid: MeetingGrid | undefined;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const { api } = useSession();
  const [asking, setAsking] = useState(false);
  const [task, setTask] = useState<Task | undefined>(undefined);
  const confirm = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirm.current?.focus();
  }, [asking]);
  const withdraw = useAction(async () => {
    const { taskId } = await api.cancelMeetings(roadshow.id, [{ kind: 'sme', smeId: enterpriseId }]);
    const done = await waitForTask(api, taskId, setTask);
    if (done.status !== 'succeeded') throw new Error(done.error?.message ?? `${done.status}`);
    setAsking(false);
    onDone();
  });
  if (task?.status === 'succeeded' && !withdraw.running) {
    return (
      <div data-testid="withdrawal">
        <span class="tag">{t('rs.withdrawn')}</span>
        <ScheduleChanges task={task} grid={grid} />
      </div>
    );
  }
  if (withdrawnAt) return <span class="tag">{t('rs.withdrawn')}</span>;
  return (
    <div class="withdrawal">
      {!asking ? (
        <button type="button" aria-label={`${t('rs.withdraw')}：${enterpriseName}`} onClick={() => setAsking(true)}>
          {t('rs.withdraw')}
        </button>
      ) : (
        <div role="group" aria-label={t('rs.withdraw')}>
          <p>{t('rs.withdrawConfirm', { name: enterpriseName })}</p>
          <button type="button" class="danger" ref={confirm} disabled={withdraw.running} onClick={() => void withdraw.run()}>
            {t('rs.doWithdraw')}
          </button>{' '}
          <button type="button" disabled={withdraw.running} onClick={() => setAsking(false)}>
            {t('cancel')}
          </button>
          {withdraw.running && <span role="status"> {t('rs.rescheduling')}</span>}
        </div>
      )}
      <ProblemMessage problem={withdraw.problem} />
    </div>
  );
}

/**
 * One roadshow: state and its next step (build → publish → hold → close), the line-up with reasons,
 * invitations (a broker can withdraw an SME), agenda, meeting requests, the scheduled meeting grid
 * (drag or move a meeting, re-solve), the exports, and after the event the outcomes and contracts.
 *
 * @example
 * <RoadshowPage id="rs_2026_03" />
 */
export function RoadshowPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const manages = managesRoadshows(me);
  const roadshow = useLoad(() => api.roadshow(id), [id]);
  const state = roadshow.data?.state;
  // One grid for the schedule, the withdrawals and the outcomes; it follows the stored schedule.
  const grid = useLoad(() => (state && state !== 'draft' ? api.meetings(id) : Promise.resolve(undefined)), [id, state, roadshow.data?.schedule?.scheduledAt]);
  // The state change answers the bare record (no invitations or owners): read the whole page again.
  const move = useAction(async (step: 'publish' | 'hold' | 'close') => {
    await api.moveRoadshow(id, step);
    roadshow.set(await api.roadshow(id));
  });
  const r = roadshow.data;
  const next = r && ({ draft: 'publish', published: 'hold', held: 'close' } as const)[r.state as 'draft' | 'published' | 'held'];
  return (
    <section aria-labelledby="rs-detail-title">
      <p>
        <a href={href('roadshows')}>← {t('rs.back')}</a>
      </p>
      <ProblemMessage problem={roadshow.problem} onRetry={roadshow.reload} />
      {roadshow.loading && !r && <Loading />}
      {r && (
        <>
          <h1 id="rs-detail-title">{r.title || `${r.month} ${r.chainName}`}</h1>
          <p class="meta">
            <span>{r.month}</span>
            <span>{r.chainName}</span>
            <span class="tag" data-testid="roadshow-state">
              {t(`rs.state.${r.state}` as MessageKey)}
            </span>
          </p>
          {r.reason && <p>{r.reason}</p>}
          {manages && next && (
            <p>
              <button type="button" class="primary" disabled={move.running || (next === 'publish' && r.lineUp.length === 0)} onClick={() => void move.run(next)}>
                {t(`rs.${next}` as MessageKey)}
              </button>
            </p>
          )}
          <ProblemMessage problem={move.problem} />
          {manages && r.state === 'draft' && <BuildForm roadshow={r} onBuilt={(built) => roadshow.set(built)} />}
          {r.lineUp.length > 0 && (
            <section class="panel" aria-labelledby="lineup-title">
              <h2 id="lineup-title">{t('rs.lineUp')}</h2>
              <table data-testid="line-up">
                <tbody>
                  {r.lineUp.map((c) => (
                    <tr key={c.patentId}>
                      <td>{c.rank}</td>
                      <td>
                        <a href={href('patents', c.patentId)}>{c.title}</a>
                      </td>
                      <td>{c.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {r.invitations.length > 0 && (
            <section class="panel" aria-labelledby="inv-title">
              <h2 id="inv-title">{t('rs.invitations')}</h2>
              <table data-testid="invitations">
                <tbody>
                  {r.invitations.map((i) => (
                    <tr key={i.enterpriseId}>
                      <td>{i.rank}</td>
                      <td class="nowrap">{i.enterpriseName}</td>
                      <td>
                        {i.text && (
                          <details>
                            <summary>{i.text.split('\n')[0]}</summary>
                            <p class="letter">{i.text}</p>
                          </details>
                        )}
                      </td>
                      {manages && r.state === 'published' && (
                        <td>
                          <Withdrawal
                            withdrawnAt={i.withdrawnAt ?? null}
                            roadshow={r}
                            enterpriseId={i.enterpriseId}
                            enterpriseName={i.enterpriseName}
                            grid={grid.data}
                            onDone={() => {
                              grid.reload();
                              roadshow.reload();
                            }}
                          />
                        </td>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {r.agenda && (
            <section class="panel" aria-labelledby="agenda-title">
              <h2 id="agenda-title">{t('rs.agenda')}</h2>
              <table data-testid="agenda">
                <tbody>
                  {r.agenda.items.map((item, i) => (
                    <tr key={i}>
                      <td>
                        {item.startTime}–{item.endTime}
                      </td>
                      <td>{item.title}</td>
                      <td>{item.presenterName ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          )}
          {r.state !== 'draft' && <Requests roadshow={r} />}
          {r.state !== 'draft' && <Meetings roadshow={r} grid={grid} onScheduled={roadshow.reload} />}
          {manages && r.state === 'published' && grid.data && grid.data.meetings.length > 0 && <p class="muted">{t('rs.outcomesHint')}</p>}
          {manages && (r.state === 'held' || r.state === 'closed') && grid.data && (
            <>
              {grid.data.meetings.length > 0 && <MeetingOutcomes roadshow={r} grid={grid.data} onGrid={grid.set} />}
              <RoadshowContracts roadshow={r} grid={grid.data} />
            </>
          )}
        </>
      )}
    </section>
  );
}
