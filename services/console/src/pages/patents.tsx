import { useEffect, useState } from 'preact/hooks';
import type { PatentSummary, SearchHit } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { Highlight } from '../components/highlight.tsx';
import { codeLabel } from '../components/labels.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';

type Mode = 'hybrid' | 'keyword' | 'semantic';

function summaryOf(patent: { id: string; title: string; applicationNumber?: string; owners: string[]; applicants?: string[]; legalStatus: string; openLicence?: boolean | { declared: boolean }; screening?: { score: number }; screeningScore?: number }): PatentSummary {
  return {
    id: patent.id,
    title: patent.title,
    publicationNumbers: [],
    ipcCodes: [],
    chains: [],
    ...(patent.applicationNumber ? { applicationNumber: patent.applicationNumber } : {}),
    owners: patent.owners.length ? patent.owners : (patent.applicants ?? []),
    legalStatus: patent.legalStatus,
    openLicence: typeof patent.openLicence === 'boolean' ? patent.openLicence : (patent.openLicence?.declared ?? false),
    ...(patent.screeningScore ?? patent.screening?.score ? { screeningScore: patent.screeningScore ?? patent.screening?.score } : {}),
  };
}

/**
 * The patent library: browse (`GET /v1/patents`) or search (`POST /v1/search`, keyword, semantic or
 * hybrid, with highlights), filtered by chain and open licence.
 *
 * @example
 * <PatentsPage />
 */
export function PatentsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const chains = useLoad(() => api.chains(), []);
  const [q, setQ] = useState('');
  const [mode, setMode] = useState<Mode>('hybrid');
  const [chain, setChain] = useState('');
  const [openOnly, setOpenOnly] = useState(false);
  const [hits, setHits] = useState<SearchHit[] | undefined>(undefined);
  const [total, setTotal] = useState(0);
  const [cursor, setCursor] = useState<string | undefined>(undefined);

  const query = useAction(async (more: boolean) => {
    const next = more ? cursor : undefined;
    if (q.trim()) {
      const filters: Record<string, unknown> = {};
      if (chain) filters.chain = [chain];
      if (openOnly) filters.openLicence = true;
      const answer = await api.search({ q: q.trim(), mode, filters, limit: 20, ...(next ? { cursor: next } : {}) });
      setHits((before) => [...(more && before ? before : []), ...answer.hits]);
      setTotal(answer.total);
      setCursor(answer.nextCursor);
    } else {
      const page = await api.patents({ chain: chain || undefined, openLicence: openOnly ? 'true' : undefined, limit: 20, cursor: next });
      const mapped = page.patents.map((p) => ({ item: summaryOf(p), score: 0 }));
      setHits((before) => [...(more && before ? before : []), ...mapped]);
      setTotal(page.total);
      setCursor(page.nextCursor);
    }
  });
  useEffect(() => {
    void query.run(false);
  }, []);

  return (
    <section aria-labelledby="patents-title">
      <h1 id="patents-title">{t('patents.title')}</h1>
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          void query.run(false);
        }}
      >
        <div class="field grow">
          <label for="patent-q">{t('patents.query')}</label>
          <input id="patent-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder="茶叶杀青" />
        </div>
        <div class="field">
          <label for="patent-mode">{t('patents.mode')}</label>
          <select id="patent-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as Mode)}>
            <option value="hybrid">{t('patents.mode.hybrid')}</option>
            <option value="keyword">{t('patents.mode.keyword')}</option>
            <option value="semantic">{t('patents.mode.semantic')}</option>
          </select>
        </div>
        <div class="field">
          <label for="patent-chain">{t('patents.chain')}</label>
          <select id="patent-chain" value={chain} onChange={(e) => setChain(e.currentTarget.value)}>
            <option value="">{t('patents.allChains')}</option>
            {chains.data?.chains.map((c) => (
              <option key={c.id} value={c.id}>
                {lang === 'en' && c.nameEn ? c.nameEn : c.name}
              </option>
            ))}
          </select>
        </div>
        <label class="check">
          <input type="checkbox" checked={openOnly} onChange={(e) => setOpenOnly(e.currentTarget.checked)} /> {t('patents.openOnly')}
        </label>
        <button type="submit" class="primary" disabled={query.running}>
          {t('patents.search')}
        </button>
      </form>
      <ProblemMessage problem={query.problem} />
      {query.running && !hits && <Loading />}
      {hits && (
        <>
          <p role="status">{t('patents.results', { n: total })}</p>
          <ol class="cards" data-testid="patent-list">
            {hits.map(({ item, highlights }) => (
              <li key={item.id} class="card">
                <h2 class="card-title">
                  <a href={href('patents', item.id)}>{highlights?.title ? <Highlight text={highlights.title} /> : item.title}</a>
                </h2>
                <p class="meta">
                  {item.applicationNumber && <span>{item.applicationNumber}</span>}
                  <span>{item.owners.join('；')}</span>
                  <span>{codeLabel(item.legalStatus, lang)}</span>
                  {item.openLicence && <span class="tag">{t('patents.openLicence')}</span>}
                  {item.screeningScore !== undefined && (
                    <span>
                      {t('patent.screening')} {item.screeningScore}
                    </span>
                  )}
                </p>
                {highlights?.body && (
                  <p class="snippet">
                    <Highlight text={highlights.body} />
                  </p>
                )}
              </li>
            ))}
          </ol>
          {cursor && (
            <button type="button" disabled={query.running} onClick={() => void query.run(true)}>
              {t('patents.more')}
            </button>
          )}
        </>
      )}
    </section>
  );
}
