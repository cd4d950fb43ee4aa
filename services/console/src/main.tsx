import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import './style.css';
import type { Role } from './api.ts';
import { I18nContext, translator, useI18n, type Lang, type MessageKey } from './i18n.ts';
import { href, useRoute } from './router.ts';
import { forgetKey, openSession, SessionContext, storedKey, useSession, type Session } from './session.ts';
import { asProblem } from './components/async.ts';
import { Loading, ProblemMessage } from './components/problem.tsx';
import { LoginPage } from './pages/login.tsx';
import { DashboardPage } from './pages/dashboard.tsx';
import { PatentsPage } from './pages/patents.tsx';
import { PatentPage } from './pages/patent.tsx';
import { ImportsPage } from './pages/imports.tsx';
import { DemandsPage } from './pages/demands.tsx';
import { DemandPage } from './pages/demand.tsx';
import { RoadshowsPage } from './pages/roadshows.tsx';
import { RoadshowPage } from './pages/roadshow.tsx';
import { KeysPage } from './pages/keys.tsx';
import type { ApiProblem } from './api.ts';

const LANG_KEY = 'patent-bridge.lang';

/** The pages each role finds in the navigation (admins see all). */
/** The console's pages: which `GET /v1/me` pages show each, and the roles that see it when the server does not say. */
const PAGES: { id: string; label: MessageKey; serverPages: readonly string[]; roles: readonly Role[] }[] = [
  { id: '', label: 'nav.dashboard', serverPages: ['dashboard'], roles: ['admin', 'university', 'broker', 'partner'] },
  { id: 'patents', label: 'nav.patents', serverPages: ['patents', 'search'], roles: ['admin', 'university', 'enterprise', 'broker', 'partner'] },
  { id: 'imports', label: 'nav.imports', serverPages: ['import'], roles: ['admin', 'university'] },
  { id: 'demands', label: 'nav.demands', serverPages: ['demands', 'matches'], roles: ['admin', 'enterprise', 'broker'] },
  { id: 'roadshows', label: 'nav.roadshows', serverPages: ['roadshows', 'meetings'], roles: ['admin', 'broker', 'enterprise'] },
  { id: 'keys', label: 'nav.keys', serverPages: ['keys'], roles: ['admin'] },
];

/** The pages shown to a key: as `GET /v1/me` lists them, else by role. */
function pagesOf(me: Session['me']) {
  return PAGES.filter((p) => (me.pages ? p.serverPages.some((s) => me.pages!.includes(s)) : p.roles.includes(me.role)));
}

function Page() {
  const { path } = useRoute();
  const { me } = useSession();
  const [first = '', second] = path;
  if (first === 'patents' && second) return <PatentPage id={second} />;
  if (first === 'patents') return <PatentsPage />;
  if (first === 'imports') return <ImportsPage />;
  if (first === 'demands' && second) return <DemandPage id={second} />;
  if (first === 'demands') return <DemandsPage />;
  if (first === 'roadshows' && second) return <RoadshowPage id={second} />;
  if (first === 'roadshows') return <RoadshowsPage />;
  if (first === 'keys') return <KeysPage />;
  const start = pagesOf(me)[0]?.id ?? 'patents';
  if (start === '') return <DashboardPage />;
  if (start === 'demands') return <DemandsPage />;
  return <PatentsPage />;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const { t, lang, setLang } = useI18n();
  const { path } = useRoute();
  const here = path[0] ?? '';
  const pages = pagesOf(session.me);
  const who = session.me.organization?.name ?? session.me.organizationId ?? session.me.keyName ?? '';
  return (
    <SessionContext.Provider value={session}>
      <a class="skip" href="#main" onClick={(e) => (e.preventDefault(), document.getElementById('main')?.focus())}>
        {t('skip')}
      </a>
      <header class="top">
        <div class="brand">
          <span class="brand-name">{t('appName')}</span>
          <span class="brand-sub">{t('appSubtitle')}</span>
        </div>
        <nav aria-label={t('nav')}>
          <ul>
            {pages.map((p) => (
              <li key={p.id}>
                <a href={p.id ? href(p.id) : '#/'} aria-current={here === p.id ? 'page' : undefined}>
                  {t(p.label)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span data-testid="who">
            {t('signedInAs')}: {t(`role.${session.me.role}` as MessageKey)}
            {who ? ` · ${who}` : ''}
          </span>
          <button type="button" class="link" lang={lang === 'zh' ? 'en' : 'zh'} aria-label={t('langToggleLabel')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
            {t('langToggle')}
          </button>
          <button type="button" class="link" onClick={onSignOut}>
            {t('signOut')}
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page />
      </main>
    </SessionContext.Provider>
  );
}

function App() {
  const [lang, setLangState] = useState<Lang>(() => (localStorage.getItem(LANG_KEY) === 'en' ? 'en' : 'zh'));
  const i18n = useMemo(() => ({ lang, t: translator(lang), setLang: (next: Lang) => (localStorage.setItem(LANG_KEY, next), setLangState(next)) }), [lang]);
  const [session, setSession] = useState<Session | null>(null);
  const [restoring, setRestoring] = useState(() => storedKey() !== undefined);
  const [problem, setProblem] = useState<ApiProblem | undefined>(undefined);

  useEffect(() => {
    document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
    document.title = lang === 'zh' ? '专利桥 · 控制台' : 'patent-bridge console';
  }, [lang]);
  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    openSession(key).then(
      (opened) => (setSession(opened), setRestoring(false)),
      (error) => {
        setProblem(asProblem(error));
        if (asProblem(error).status === 401) forgetKey();
        setRestoring(false);
      },
    );
  }, []);

  return (
    <I18nContext.Provider value={i18n}>
      {session ? (
        <Shell
          session={session}
          onSignOut={() => {
            forgetKey();
            setSession(null);
            location.hash = '#/';
          }}
        />
      ) : restoring ? (
        <Loading />
      ) : (
        <>
          <ProblemMessage problem={problem} />
          <LoginPage onSession={setSession} />
        </>
      )}
    </I18nContext.Provider>
  );
}

render(<App />, document.getElementById('app')!);
