import { useEffect, useState } from 'preact/hooks';
import type { ApiProblem, RoadshowFunnel, RoadshowSummary, YearPlan } from '../api.ts';
import { isMessageKey, useI18n, type MessageKey } from '../i18n.ts';
import { href } from '../router.ts';
import { managesRoadshows, useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';
import { Chart, type ChartOption } from '../components/chart.tsx';

/** The plan as a 12-month calendar: each month's chain (or none), how it was chosen, and its event's state. */
function PlanCalendar({ plan, roadshows }: { plan: YearPlan; roadshows: RoadshowSummary[] }) {
  const { t, lang } = useI18n();
  const byMonth = new Map(roadshows.map((r) => [r.month, r]));
  return (
    <ol class="plan-calendar" data-testid="plan-calendar" aria-label={t('rs.calendar')}>
      {plan.months.map((m) => {
        const event = byMonth.get(m.month);
        const reason = lang === 'en' && m.reasonEn ? m.reasonEn : m.reason;
        return (
          <li key={m.month} class={m.kind === 'event' ? `month event chain-${m.chainId}` : 'month quiet'} title={reason}>
            <span class="month-label">{m.month}</span>
            {m.kind === 'event' ? (
              <>
                <strong>{event ? <a href={href('roadshows', event.id)}>{m.chainName}</a> : m.chainName}</strong>
                <span class="muted">
                  {m.source ? t(`rs.source.${m.source}` as MessageKey) : ''}
                  {event ? ` · ${t(`rs.state.${event.state}` as MessageKey)}` : ''}
                </span>
              </>
            ) : (
              <span class="muted">{t('rs.noEvent')}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

/** The twelve months of a year plan, event or not, with the reason in the console's language. */
function PlanTable({ plan, roadshows }: { plan: YearPlan; roadshows: RoadshowSummary[] }) {
  const { t, lang } = useI18n();
  const byMonth = new Map(roadshows.map((r) => [r.month, r]));
  return (
    <>
      <table class="plan" data-testid="year-plan">
        <thead>
          <tr>
            <th scope="col">{t('rs.month')}</th>
            <th scope="col">{t('rs.chain')}</th>
            <th scope="col">{t('rs.reason')}</th>
            <th scope="col">{t('rs.state')}</th>
          </tr>
        </thead>
        <tbody>
          {plan.months.map((m) => {
            const event = byMonth.get(m.month);
            return (
              <tr key={m.month} class={m.kind === 'event' ? 'event' : 'quiet'}>
                <th scope="row">{m.month}</th>
                <td>{m.kind === 'event' ? (event ? <a href={href('roadshows', event.id)}>{m.chainName}</a> : m.chainName) : <span class="muted">{t('rs.noEvent')}</span>}</td>
                <td>{lang === 'en' && m.reasonEn ? m.reasonEn : m.reason}</td>
                <td>{event ? t(`rs.state.${event.state}` as MessageKey) : ''}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {plan.leftOut.length > 0 && (
        <details>
          <summary>
            {t('rs.leftOut')} ({plan.leftOut.length})
          </summary>
          <ul>
            {plan.leftOut.map((c) => (
              <li key={c.chainId}>
                <strong>{c.chainName}</strong>: {lang === 'en' && c.reasonEn ? c.reasonEn : c.reason}
              </li>
            ))}
          </ul>
        </details>
      )}
      {plan.warnings.length > 0 && (
        <ul class="warnings">
          {plan.warnings.map((w) => (
            <li key={`${w.code}-${w.month ?? ''}-${w.chainId ?? ''}`}>{lang === 'en' && w.messageEn ? w.messageEn : w.message}</li>
          ))}
        </ul>
      )}
    </>
  );
}

/** The year's funnel (matches → invitations → requests → meetings → contracts), as a chart and a table. */
function Funnel({ funnel }: { funnel: RoadshowFunnel }) {
  const { t, lang } = useI18n();
  const value = funnel.total.contractValueCny ?? 0;
  const stages = funnel.total.stages.map((s) => {
    const key = `stage.${s.stage}`;
    return { ...s, label: isMessageKey(key) ? t(key) : s.stage };
  });
  const option: ChartOption = {
    tooltip: { trigger: 'item' },
    series: [{ type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '8%', label: { position: 'inside', formatter: '{b} {c}' }, data: stages.map((s) => ({ name: s.label, value: s.count })) }],
  };
  return (
    <section class="panel" aria-labelledby="funnel-title">
      <h2 id="funnel-title">{t('rs.funnel')}</h2>
      <Chart label={t('rs.funnel')} option={option} height={240} />
      <table data-testid="funnel">
        <tbody>
          {stages.map((s) => (
            <tr key={s.stage}>
              <th scope="row">{s.label}</th>
              <td>{s.count}</td>
              <td>{s.conversion != null ? `${(s.conversion * 100).toFixed(0)}%` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {value > 0 && (
        <p class="meta" data-testid="funnel-value">
          {t('rs.contractValueTotal', { v: value.toLocaleString(lang === 'zh' ? 'zh-CN' : 'en') })}
        </p>
      )}
    </section>
  );
}

/**
 * "One chain per month" roadshows: a broker plans a year (`POST /v1/roadshows/plan`), which drafts an
 * event per planned month; everyone sees the events their role may see (`GET /v1/roadshows`).
 *
 * @example
 * <RoadshowsPage />
 */
export function RoadshowsPage() {
  const { t } = useI18n();
  const { api, me } = useSession();
  const manages = managesRoadshows(me);
  const [year, setYear] = useState(new Date().getFullYear() + (new Date().getMonth() >= 9 ? 1 : 0));
  const [yearChosen, setYearChosen] = useState(false);
  // Until someone picks a year, show one that has roadshows: the next such year, or else the last.
  const everyYear = useLoad(() => api.roadshows(), []);
  useEffect(() => {
    if (yearChosen || !everyYear.data) return;
    const years = [...new Set(everyYear.data.items.map((r) => Number(r.month.slice(0, 4))))].filter((y) => y > 0);
    if (years.length === 0 || years.includes(year)) return;
    const coming = years.filter((y) => y > year);
    setYear(coming.length ? Math.min(...coming) : Math.max(...years));
  }, [everyYear.data]);
  const [minSupply, setMinSupply] = useState('1');
  const [minDemand, setMinDemand] = useState('1');
  const [blackouts, setBlackouts] = useState('');
  const stored = useLoad(() => (manages ? api.storedPlan(year).catch((e: ApiProblem) => (e.status === 404 ? undefined : Promise.reject(e))) : Promise.resolve(undefined)), [year, manages]);
  const list = useLoad(() => api.roadshows({ year }), [year]);
  const funnel = useLoad(() => (manages ? api.roadshowFunnel(year) : Promise.resolve(undefined)), [year, manages, list.data]);
  const plan = useAction(async () => {
    // "2027-02 春节, 2027-08" → [{ month: '2027-02', label: '春节' }, { month: '2027-08', label: '休会' }]
    const months = blackouts
      .split(/[,，;；]/)
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => {
        const [month = '', ...label] = part.split(/\s+/);
        return { month, label: label.join(' ') || t('rs.noEvent') };
      });
    const answer = await api.planYear({ year, minSupply: Number(minSupply), minDemand: Number(minDemand), ...(months.length ? { blackouts: months } : {}) });
    stored.set({ year: answer.year, plan: answer.plan, createdAt: new Date().toISOString() });
    list.reload();
  });
  const missing = list.problem?.code === 'route_not_found';
  return (
    <section aria-labelledby="rs-title">
      <h1 id="rs-title">{t('rs.title')}</h1>
      {missing && <p class="problem">{t('rs.unavailable')}</p>}
      <form
        class="toolbar panel"
        onSubmit={(e) => {
          e.preventDefault();
          if (manages) void plan.run();
        }}
      >
        <div class="field">
          <label for="rs-year">{t('rs.year')}</label>
          <input
            id="rs-year"
            type="number"
            min="2000"
            max="2100"
            value={year}
            onInput={(e) => {
              setYearChosen(true);
              setYear(Number(e.currentTarget.value) || year);
            }}
          />
        </div>
        {manages && (
          <>
            <div class="field">
              <label for="rs-min-supply">{t('rs.minSupply')}</label>
              <input id="rs-min-supply" type="number" min="1" value={minSupply} onInput={(e) => setMinSupply(e.currentTarget.value)} />
            </div>
            <div class="field">
              <label for="rs-min-demand">{t('rs.minDemand')}</label>
              <input id="rs-min-demand" type="number" min="1" value={minDemand} onInput={(e) => setMinDemand(e.currentTarget.value)} />
            </div>
            <div class="field wide">
              <label for="rs-blackouts">{t('rs.blackouts')}</label>
              <input id="rs-blackouts" type="text" value={blackouts} placeholder={`${year}-02 春节`} onInput={(e) => setBlackouts(e.currentTarget.value)} />
            </div>
            <button type="submit" class="primary" disabled={plan.running}>
              {t('rs.planYear')}
            </button>
          </>
        )}
      </form>
      <ProblemMessage problem={plan.problem} />
      {manages && (
        <>
          <h2>{t('rs.plan')}</h2>
          <ProblemMessage problem={missing ? undefined : stored.problem} />
          {stored.loading && !stored.data && <Loading />}
          {stored.data ? (
            <>
              <PlanCalendar plan={stored.data.plan} roadshows={list.data?.items ?? []} />
              <PlanTable plan={stored.data.plan} roadshows={list.data?.items ?? []} />
            </>
          ) : !stored.loading && !stored.problem && <p class="muted">{t('rs.noPlan')}</p>}
        </>
      )}
      {funnel.data && funnel.data.total.stages.some((s) => s.count > 0) && <Funnel funnel={funnel.data} />}
      <h2>{t('rs.events')}</h2>
      <ProblemMessage problem={missing ? undefined : list.problem} onRetry={list.reload} />
      {list.data && (
        <table data-testid="roadshow-list">
          <thead>
            <tr>
              <th scope="col">{t('rs.month')}</th>
              <th scope="col">{t('rs.chain')}</th>
              <th scope="col">{t('rs.state')}</th>
              <th scope="col">{t('rs.lineUp')}</th>
              <th scope="col">{t('rs.invitations')}</th>
              <th scope="col">{t('rs.meetings')}</th>
            </tr>
          </thead>
          <tbody>
            {list.data.items.map((r) => (
              <tr key={r.id}>
                <th scope="row">{r.month}</th>
                <td>
                  <a href={href('roadshows', r.id)}>{r.title || r.chainName}</a>
                </td>
                <td>{t(`rs.state.${r.state}` as MessageKey)}</td>
                <td>{r.lineUpSize}</td>
                <td>{r.invitations}</td>
                <td>{r.meetings}</td>
              </tr>
            ))}
            {list.data.items.length === 0 && (
              <tr>
                <td colSpan={6}>{t('none')}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
