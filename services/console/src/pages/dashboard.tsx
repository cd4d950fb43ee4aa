import { useMemo } from 'preact/hooks';
import type { StatsRow } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { organizationOf, useSession } from '../session.ts';
import { useLoad } from '../components/async.ts';
import { Chart, type ChartOption } from '../components/chart.tsx';
import { Loading, ProblemMessage } from '../components/problem.tsx';
import { codeLabel } from '../components/labels.ts';

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

function barsOf(rows: StatsRow[], idleLabel: string, otherLabel: string): ChartOption {
  const shown = [...rows].slice(0, 12).reverse();
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', data: shown.map((r) => r.label), axisLabel: { width: 180, overflow: 'truncate' } },
    series: [
      { type: 'bar', name: idleLabel, stack: 'n', data: shown.map((r) => r.idle), itemStyle: { color: '#b45309' } },
      { type: 'bar', name: otherLabel, stack: 'n', data: shown.map((r) => r.total - r.idle), itemStyle: { color: '#1d4ed8' } },
    ],
  } as ChartOption;
}

function StatsTable({ rows, caption }: { rows: StatsRow[]; caption: string }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>
        {t('dash.table')}: {caption}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{caption}</th>
            <th scope="col">{t('dash.total')}</th>
            <th scope="col">{t('dash.idle')}</th>
            <th scope="col">{t('dash.idleRatio')}</th>
            <th scope="col">{t('dash.score')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              <td>{r.total}</td>
              <td>{r.idle}</td>
              <td>{percent(r.idleRatio)}</td>
              <td>{r.averageScreeningScore ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

/** A simple count chart's data table: one row per bar. */
function CountTable({ rows, caption, heading }: { rows: { label: string; count: number }[]; caption: string; heading: string }) {
  const { t } = useI18n();
  return (
    <details>
      <summary>
        {t('dash.table')}: {caption}
      </summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{heading}</th>
            <th scope="col">{t('dash.patents')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td>{r.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

function columnsOf(rows: { label: string; count: number }[], name: string, color: string): ChartOption {
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => r.label), axisLabel: { interval: 0, rotate: rows.length > 10 ? 40 : 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name, data: rows.map((r) => r.count), itemStyle: { color }, barCategoryGap: '12%' }],
  } as ChartOption;
}

const IPC_SHOWN = 12;

/**
 * The inventory overview (`GET /v1/stats/inventory`): totals, idle ratio, and charts by chain, IPC
 * class, owner and inventory state, the screening-score distribution and the patents expiring within
 * 12 months, each with its data table. A university sees its own stock.
 *
 * @example
 * <DashboardPage />
 */
export function DashboardPage() {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const owner = me.role === 'university' ? organizationOf(me) : undefined;
  const stats = useLoad(() => api.inventoryStats(owner), [owner]);
  const chains = useLoad(() => api.chains(), []);
  // Chain rows carry Chinese labels; English names come from the chain catalogue.
  const chainRows = useMemo(() => {
    const english = new Map((chains.data?.chains ?? []).map((c) => [c.id, c.nameEn ?? c.name]));
    return (stats.data?.by.chain ?? []).map((r) => ({ ...r, label: r.key === '(none)' || r.label === '(none)' ? (lang === 'zh' ? '未归类' : 'No chain') : lang === 'en' ? (english.get(r.key) ?? r.label) : r.label }));
  }, [stats.data, chains.data, lang]);
  const idle = lang === 'zh' ? '闲置' : 'Idle';
  const other = lang === 'zh' ? '已转化/其他' : 'Other';
  const ipcRows = useMemo(
    () => (stats.data?.by.ipcClass ?? []).slice(0, IPC_SHOWN).map((r) => (r.key === '(none)' ? { ...r, label: lang === 'zh' ? '未分类' : 'No IPC' } : r)),
    [stats.data, lang],
  );
  const scoreRows = (stats.data?.screeningScores?.bins ?? []).map((b) => ({ label: `${b.from}–${b.to}`, count: b.count }));
  const expiringRows = (stats.data?.expiring?.byMonth ?? []).map((m) => ({ label: m.month, count: m.count }));
  const charts = useMemo(() => {
    if (!stats.data) return undefined;
    return {
      chain: barsOf(chainRows, idle, other),
      ipc: barsOf(ipcRows, idle, other),
      owner: barsOf(stats.data.by.owner, idle, other),
      scores: columnsOf(scoreRows, t('dash.patents'), '#0b4f9c'),
      expiring: columnsOf(expiringRows, t('dash.patents'), '#b45309'),
    };
  }, [stats.data, chainRows, ipcRows, lang]);
  const scores = stats.data?.screeningScores;
  const expiring = stats.data?.expiring;
  const states: ChartOption | undefined = stats.data && {
    tooltip: { trigger: 'item' },
    legend: { bottom: 0 },
    series: [{ type: 'pie', radius: ['35%', '65%'], data: stats.data.by.inventoryState.map((r) => ({ name: codeLabel(r.key, lang), value: r.total })) }],
  };

  return (
    <section aria-labelledby="dash-title">
      <h1 id="dash-title">{t('dash.title')}</h1>
      <ProblemMessage problem={stats.problem} onRetry={stats.reload} />
      {stats.loading && !stats.data && <Loading />}
      {stats.data && charts && (
        <>
          <p class="muted">
            {t('dash.asOf')}: {stats.data.asOf}
          </p>
          <dl class="figures" data-testid="figures">
            <div>
              <dt>{t('dash.total')}</dt>
              <dd>{stats.data.overall.total}</dd>
            </div>
            <div>
              <dt>{t('dash.idle')}</dt>
              <dd>{stats.data.overall.idle}</dd>
            </div>
            <div>
              <dt>{t('dash.idleRatio')}</dt>
              <dd>{percent(stats.data.overall.idleRatio)}</dd>
            </div>
            <div>
              <dt>{t('dash.expiring')}</dt>
              <dd>{stats.data.overall.expiringWithin12Months}</dd>
            </div>
            <div>
              <dt>{t('dash.score')}</dt>
              <dd>{stats.data.overall.averageScreeningScore ?? '—'}</dd>
            </div>
          </dl>
          <div class="panels">
            <section class="panel" aria-labelledby="by-chain">
              <h2 id="by-chain">{t('dash.byChain')}</h2>
              <Chart label={t('dash.byChain')} option={charts.chain} height={320} />
              <StatsTable rows={chainRows} caption={t('dash.byChain')} />
            </section>
            <section class="panel" aria-labelledby="by-ipc" data-testid="ipc-panel">
              <h2 id="by-ipc">{t('dash.byIpc', { n: Math.min(IPC_SHOWN, ipcRows.length) })}</h2>
              <Chart label={t('dash.byIpc', { n: Math.min(IPC_SHOWN, ipcRows.length) })} option={charts.ipc} height={320} />
              <StatsTable rows={stats.data.by.ipcClass} caption={t('dash.ipcClass')} />
            </section>
            {scores && (
              <section class="panel" aria-labelledby="by-score" data-testid="score-panel">
                <h2 id="by-score">{t('dash.scores')}</h2>
                <Chart label={t('dash.scores')} option={charts.scores} height={260} />
                <p class="meta" data-testid="grades">
                  <span>{t('dash.grades')}:</span>
                  {(['A', 'B', 'C', 'D'] as const).map((g) => (
                    <span key={g}>
                      {g} {scores.byGrade[g]}
                    </span>
                  ))}
                  {scores.unscored > 0 && <span>{t('dash.unscored', { n: scores.unscored })}</span>}
                </p>
                <CountTable rows={[...scoreRows, ...(['A', 'B', 'C', 'D'] as const).map((g) => ({ label: `${t('patents.grade')} ${g}`, count: scores.byGrade[g] }))]} caption={t('dash.scores')} heading={t('dash.scoreRange')} />
              </section>
            )}
            {expiring && (
              <section class="panel" aria-labelledby="by-expiry" data-testid="expiring-panel">
                <h2 id="by-expiry">{t('dash.expiringByMonth')}</h2>
                <Chart label={t('dash.expiringByMonth')} option={charts.expiring} height={260} />
                {expiring.total === 0 && <p class="muted">{t('dash.noneExpiring')}</p>}
                <CountTable rows={expiringRows} caption={t('dash.expiringByMonth')} heading={t('dash.month')} />
              </section>
            )}
            <section class="panel" aria-labelledby="by-owner">
              <h2 id="by-owner">{t('dash.byOwner')}</h2>
              <Chart label={t('dash.byOwner')} option={charts.owner} height={320} />
              <StatsTable rows={stats.data.by.owner} caption={t('dash.byOwner')} />
            </section>
            <section class="panel" aria-labelledby="by-state">
              <h2 id="by-state">{t('dash.byState')}</h2>
              {states && <Chart label={t('dash.byState')} option={states} />}
              <StatsTable rows={stats.data.by.inventoryState.map((r) => ({ ...r, label: codeLabel(r.key, lang) }))} caption={t('dash.byState')} />
            </section>
          </div>
        </>
      )}
    </section>
  );
}
