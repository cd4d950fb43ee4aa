import { useState } from 'preact/hooks';
import type { ContractInput, Meeting, MeetingGrid, MeetingIntent, Roadshow } from '../api.ts';
import { isMessageKey, useI18n, type MessageKey } from '../i18n.ts';
import { useSession } from '../session.ts';
import { useAction, useLoad } from './async.ts';
import { ProblemMessage } from './problem.tsx';

const INTENTS: MeetingIntent[] = ['none', 'interested', 'negotiating', 'agreed'];

/** One meeting's outcome: held or cancelled, the intent, a note (`POST …/meetings/{id}/outcome`). */
function OutcomeRow({ roadshowId, meeting, time, onGrid }: { roadshowId: string; meeting: Meeting; time: string; onGrid: (grid: MeetingGrid) => void }) {
  const { t } = useI18n();
  const { api } = useSession();
  const [status, setStatus] = useState<'held' | 'cancelled'>(meeting.status === 'cancelled' ? 'cancelled' : 'held');
  const [intent, setIntent] = useState<MeetingIntent>(meeting.intent ?? 'none');
  const [note, setNote] = useState(meeting.note ?? '');
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    setSaved(false);
    onGrid(await api.recordOutcome(roadshowId, meeting.id, { status, ...(status === 'held' ? { intent } : {}), ...(note.trim() ? { note: note.trim() } : {}) }));
    setSaved(true);
  });
  const id = `outcome-${meeting.id}`;
  const who = t('rs.of', { sme: meeting.enterpriseName, owner: meeting.ownerName });
  const statusKey = `rs.status.${meeting.status ?? 'scheduled'}`;
  return (
    <tr data-meeting-id={meeting.id}>
      <td class="nowrap">
        {time} {t('rs.table', { n: meeting.table + 1 })}
      </td>
      <th scope="row">
        {meeting.enterpriseName}
        <span class="owner">{meeting.ownerName}</span>
        <span class="tag" data-testid="meeting-status">
          {isMessageKey(statusKey) ? t(statusKey) : meeting.status}
          {meeting.status === 'held' && meeting.intent ? ` · ${t(`rs.intent.${meeting.intent}` as MessageKey)}` : ''}
        </span>
      </th>
      <td>
        <label class="sr-only" for={`${id}-status`}>
          {t('rs.outcome')}（{who}）
        </label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.currentTarget.value as 'held' | 'cancelled')}>
          <option value="held">{t('rs.status.held')}</option>
          <option value="cancelled">{t('rs.status.cancelled')}</option>
        </select>
      </td>
      <td>
        <label class="sr-only" for={`${id}-intent`}>
          {t('rs.intent')}（{who}）
        </label>
        <select id={`${id}-intent`} value={intent} disabled={status !== 'held'} onChange={(e) => setIntent(e.currentTarget.value as MeetingIntent)}>
          {INTENTS.map((i) => (
            <option key={i} value={i}>
              {t(`rs.intent.${i}` as MessageKey)}
            </option>
          ))}
        </select>
      </td>
      <td>
        <label class="sr-only" for={`${id}-note`}>
          {t('rs.note')}（{who}）
        </label>
        <input id={`${id}-note`} type="text" maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </td>
      <td class="nowrap">
        <button type="button" aria-label={`${t('rs.saveOutcome')}（${who}）`} disabled={save.running} onClick={() => void save.run()}>
          {t('rs.saveOutcome')}
        </button>
        {saved && !save.running && (
          <span class="ok" role="status">
            {' '}
            {t('rs.saved')}
          </span>
        )}
        <ProblemMessage problem={save.problem} />
      </td>
    </tr>
  );
}

/**
 * After the event, the broker records each meeting's outcome (held or cancelled, the intent, a note).
 *
 * @example
 * <MeetingOutcomes roadshow={r} grid={grid.data} onGrid={grid.set} />
 */
export function MeetingOutcomes({ roadshow, grid, onGrid }: { roadshow: Roadshow; grid: MeetingGrid; onGrid: (grid: MeetingGrid) => void }) {
  const { t } = useI18n();
  const time = new Map(grid.slots.map((s) => [s.slot, `${s.startTime}–${s.endTime}`]));
  const meetings = [...grid.meetings].sort((a, b) => a.slot - b.slot || a.table - b.table);
  return (
    <section class="panel" aria-labelledby="outcomes-title">
      <h2 id="outcomes-title">{t('rs.outcomes')}</h2>
      <div class="grid-scroll">
        <table data-testid="meeting-outcomes" class="outcomes">
          <thead>
            <tr>
              <th scope="col">{t('rs.time')}</th>
              <th scope="col">{t('rs.meetings')}</th>
              <th scope="col">{t('rs.outcome')}</th>
              <th scope="col">{t('rs.intent')}</th>
              <th scope="col">{t('rs.note')}</th>
              <th scope="col">
                <span class="sr-only">{t('rs.saveOutcome')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((m) => (
              <OutcomeRow key={m.id} roadshowId={roadshow.id} meeting={m} time={time.get(m.slot) ?? String(m.slot)} onGrid={onGrid} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The contracts signed after a roadshow (`GET …/contracts`) and the form to record one
 * (`POST …/contracts`): enterprise, owner, the owner's pitched patents, licence or assignment,
 * value in 元, signing date.
 *
 * @example
 * <RoadshowContracts roadshow={r} grid={grid.data} />
 */
export function RoadshowContracts({ roadshow, grid, onRecorded }: { roadshow: Roadshow; grid: MeetingGrid | undefined; onRecorded?: () => void }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const contracts = useLoad(() => api.contracts(roadshow.id), [roadshow.id]);
  // The most promising meeting suggests the pair.
  const rank: Record<string, number> = { agreed: 0, negotiating: 1, interested: 2 };
  const best = [...(grid?.meetings ?? [])].filter((m) => m.status === 'held').sort((a, b) => (rank[a.intent ?? ''] ?? 9) - (rank[b.intent ?? ''] ?? 9))[0];
  const enterprises = new Map<string, string>([...roadshow.invitations.map((i) => [i.enterpriseId, i.enterpriseName] as const), ...(grid?.meetings ?? []).map((m) => [m.enterpriseId, m.enterpriseName] as const)]);
  const [enterpriseId, setEnterpriseId] = useState(best?.enterpriseId ?? [...enterprises.keys()][0] ?? '');
  const [ownerId, setOwnerId] = useState(best?.ownerOrganizationId ?? roadshow.owners[0]?.id ?? '');
  const [chosen, setChosen] = useState<string[] | undefined>(undefined);
  const [kind, setKind] = useState<ContractInput['kind']>('licence');
  const [value, setValue] = useState('');
  const [signedOn, setSignedOn] = useState(today());
  const owned = roadshow.lineUp.filter((c) => c.ownerOrganizationIds.includes(ownerId) || roadshow.owners.find((o) => o.id === ownerId)?.patentIds?.includes(c.patentId));
  // Until the broker picks, every patent of the owner is ticked.
  const patentIds = chosen ?? owned.map((c) => c.patentId);
  const record = useAction(async () => {
    await api.recordContract(roadshow.id, { enterpriseId, ownerOrganizationId: ownerId, patentIds, kind, valueCny: Number(value), signedOn });
    contracts.reload();
    setValue('');
    onRecorded?.();
  });
  const list = contracts.data?.contracts ?? [];
  const total = list.reduce((sum, c) => sum + c.valueCny, 0);
  const money = (n: number) => n.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en');
  return (
    <section class="panel" aria-labelledby="contracts-title">
      <h2 id="contracts-title">{t('rs.contracts')}</h2>
      <ProblemMessage problem={contracts.problem} onRetry={contracts.reload} />
      {list.length === 0 ? (
        !contracts.loading && <p class="muted">{t('rs.noContracts')}</p>
      ) : (
        <>
          <table data-testid="contracts">
            <thead>
              <tr>
                <th scope="col">{t('rs.contractSigned')}</th>
                <th scope="col">{t('rs.contractEnterprise')}</th>
                <th scope="col">{t('rs.contractOwner')}</th>
                <th scope="col">{t('rs.contractKind')}</th>
                <th scope="col">{t('rs.contractPatents')}</th>
                <th scope="col">{t('rs.contractValue')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((c) => (
                <tr key={c.id}>
                  <td class="nowrap">{c.signedOn}</td>
                  <td>{c.enterpriseName}</td>
                  <td>{c.ownerName}</td>
                  <td>{t(`rs.kind.${c.kind}` as MessageKey)}</td>
                  <td>{c.patentIds.map((p) => roadshow.lineUp.find((l) => l.patentId === p)?.title ?? p).join('；')}</td>
                  <td>{money(c.valueCny)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="meta">{t('rs.contractValueTotal', { v: money(total) })}</p>
        </>
      )}
      <form
        class="form-grid"
        aria-labelledby="contract-new-title"
        onSubmit={(e) => {
          e.preventDefault();
          void record.run();
        }}
      >
        <h3 id="contract-new-title">{t('rs.contractNew')}</h3>
        <div class="field">
          <label for="contract-enterprise">{t('rs.contractEnterprise')}</label>
          <select id="contract-enterprise" value={enterpriseId} required onChange={(e) => setEnterpriseId(e.currentTarget.value)}>
            {[...enterprises].map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="contract-owner">{t('rs.contractOwner')}</label>
          <select
            id="contract-owner"
            value={ownerId}
            required
            onChange={(e) => {
              setOwnerId(e.currentTarget.value);
              setChosen(undefined);
            }}
          >
            {roadshow.owners.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="contract-kind">{t('rs.contractKind')}</label>
          <select id="contract-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ContractInput['kind'])}>
            <option value="licence">{t('rs.kind.licence')}</option>
            <option value="assignment">{t('rs.kind.assignment')}</option>
          </select>
        </div>
        <div class="field">
          <label for="contract-value">{t('rs.contractValue')}</label>
          <input id="contract-value" type="number" min="0" step="1" required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="contract-signed">{t('rs.contractSigned')}</label>
          <input id="contract-signed" type="date" required value={signedOn} onInput={(e) => setSignedOn(e.currentTarget.value)} />
        </div>
        <fieldset class="wide">
          <legend>{t('rs.contractPatents')}</legend>
          {owned.length === 0 ? (
            <p class="muted">{t('rs.contractNoPatents')}</p>
          ) : (
            <div class="checks">
              {owned.map((c) => (
                <label class="check" key={c.patentId}>
                  <input
                    type="checkbox"
                    checked={patentIds.includes(c.patentId)}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setChosen(checked ? [...patentIds, c.patentId] : patentIds.filter((p) => p !== c.patentId));
                    }}
                  />
                  {c.title}
                </label>
              ))}
            </div>
          )}
        </fieldset>
        <div class="wide">
          <button type="submit" class="primary" disabled={record.running || patentIds.length === 0 || !enterpriseId || !ownerId}>
            {t('rs.contractNew')}
          </button>
        </div>
        <ProblemMessage problem={record.problem} />
      </form>
    </section>
  );
}
