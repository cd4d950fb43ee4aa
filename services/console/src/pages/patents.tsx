import { useEffect, useRef, useState } from 'preact/hooks';
import type { PatentBridgeApi, PatentSummary, SearchHit } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { useLoad } from '../components/async.ts';
import { FacetGroup } from '../components/facet-group.tsx';
import { Highlight } from '../components/highlight.tsx';
import { codeLabel } from '../components/labels.ts';
import { useLatestAnswer } from '../components/latest-answer.ts';
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

/** The facets asked of every search; chain, IPC class and legal status can be clicked to filter. */
const FACETS = ['chain', 'ipcClass', 'legalStatus', 'openLicence'];

/** What the list shows: the query and the filters chosen. */
interface Criteria {
  q: string;
  mode: Mode;
  chain: string;
  ipcClass: string;
  legalStatus: string;
  openOnly: boolean;
}

/** One page of the list, from search or from browsing. */
interface ListPage {
  hits: SearchHit[];
  total: number;
  nextCursor?: string;
  facets?: Record<string, Record<string, number>>;
  translatedTerms?: string[];
}

/** Searches (`POST /v1/search`) when there is a query, else browses (`GET /v1/patents`) with the same filters. */
async function listPage(api: PatentBridgeApi, c: Criteria, cursor: string | undefined): Promise<ListPage> {
  if (c.q) {
    const filters: Record<string, unknown> = {};
    if (c.chain) filters.chain = [c.chain];
    if (c.ipcClass) filters.ipc = [c.ipcClass];
    if (c.legalStatus) filters.legalStatus = [c.legalStatus];
    if (c.openOnly) filters.openLicence = true;
    return api.search({ q: c.q, mode: c.mode, filters, facets: FACETS, limit: 20, ...(cursor ? { cursor } : {}) });
  }
  const page = await api.patents({
    chain: c.chain || undefined,
    ipc: c.ipcClass || undefined,
    legalStatus: c.legalStatus || undefined,
    openLicence: c.openOnly ? 'true' : undefined,
    limit: 20,
    cursor,
  });
  return { hits: page.patents.map((p) => ({ item: summaryOf(p), score: 0 })), total: page.total, ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}) };
}

/** How long typing pauses before the query goes out. */
const TYPING_PAUSE_MS = 250;

/**
 * The patent library with instant results: browse (`GET /v1/patents`) or, once words are typed,
 * search (`POST /v1/search`, keyword, semantic or hybrid, with highlights) as the user types. The
 * answer's facets (chain, IPC class, legal status, open licence) are counts that filter when pressed;
 * an English query says which Chinese terms it also searched.
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
  const [ipcClass, setIpcClass] = useState('');
  const [legalStatus, setLegalStatus] = useState('');
  const [openOnly, setOpenOnly] = useState(false);
  const [shown, setShown] = useState<ListPage | undefined>(undefined);
  const list = useLatestAnswer((c: Criteria, cursor?: string) => listPage(api, c, cursor));
  const criteria: Criteria = { q: q.trim(), mode, chain, ipcClass, legalStatus, openOnly };

  const load = async (more: boolean) => {
    const answer = await list.run(criteria, more ? shown?.nextCursor : undefined);
    if (!answer) return;
    setShown((before) => (more && before ? { ...answer, hits: [...before.hits, ...answer.hits] } : answer));
  };

  const pending = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typed = useRef(q);
  useEffect(() => {
    const typing = typed.current !== q;
    typed.current = q;
    pending.current = setTimeout(() => void load(false), typing ? TYPING_PAUSE_MS : 0);
    return () => clearTimeout(pending.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q, mode, chain, ipcClass, legalStatus, openOnly]);

  const chainName = (id: string) => {
    const found = chains.data?.chains.find((c) => c.id === id);
    return found ? (lang === 'en' && found.nameEn ? found.nameEn : found.name) : id;
  };
  const toggle = (current: string, set: (value: string) => void) => (value: string) => set(current === value ? '' : value);
  const facets = shown?.facets;
  const openCount = facets?.openLicence?.true;
  const hits = shown?.hits;

  return (
    <section aria-labelledby="patents-title">
      <h1 id="patents-title">{t('patents.title')}</h1>
      <form
        class="toolbar"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          clearTimeout(pending.current);
          void load(false);
        }}
      >
        <div class="field grow">
          <label for="patent-q">{t('patents.query')}</label>
          <input id="patent-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} placeholder="茶叶杀青" aria-describedby="patent-q-hint" />
          <span id="patent-q-hint" class="muted hint">
            {t('patents.instantHint')}
          </span>
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
          {openCount !== undefined && <span class="facet-count">{openCount}</span>}
        </label>
        <button type="submit" class="primary" disabled={list.running}>
          {t('patents.search')}
        </button>
      </form>
      <ProblemMessage problem={list.problem} />
      {shown?.translatedTerms && shown.translatedTerms.length > 0 && (
        <p class="note" data-testid="translated-terms">
          {t('patents.translated', { terms: shown.translatedTerms.join(lang === 'zh' ? '、' : ', ') })}
        </p>
      )}
      {list.running && !hits && <Loading />}
      {hits && (
        <div class="search-layout">
          <aside class="facets" aria-labelledby="facets-title">
            <h2 id="facets-title">{t('patents.facets')}</h2>
            {!facets && !chain && !ipcClass && !legalStatus && <p class="muted">{t('patents.facetsHint')}</p>}
            <FacetGroup name="chain" title={t('patents.facet.chain')} counts={facets?.chain} chosen={chain} label={chainName} onToggle={toggle(chain, setChain)} />
            <FacetGroup name="ipcClass" title={t('patents.facet.ipcClass')} counts={facets?.ipcClass} chosen={ipcClass} label={(code) => code} onToggle={toggle(ipcClass, setIpcClass)} />
            <FacetGroup
              name="legalStatus"
              title={t('patents.facet.legalStatus')}
              counts={facets?.legalStatus}
              chosen={legalStatus}
              label={(code) => codeLabel(code, lang)}
              onToggle={toggle(legalStatus, setLegalStatus)}
            />
          </aside>
          <div class="results">
            <p role="status" data-testid="patent-total" data-total={shown.total}>
              {t('patents.results', { n: shown.total })}
              {list.running && <span class="muted"> · {t('patents.searching')}</span>}
            </p>
            <ol class="cards" data-testid="patent-list" aria-busy={list.running}>
              {hits.map(({ item, highlights }) => (
                <li key={item.id} class="card" data-patent-id={item.id}>
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
            {shown.nextCursor && (
              <button type="button" disabled={list.running} onClick={() => void load(true)}>
                {t('patents.more')}
              </button>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
