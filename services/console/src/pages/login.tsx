import { useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import { keepKey, openSession, type Session } from '../session.ts';
import { useAction } from '../components/async.ts';
import { ProblemMessage } from '../components/problem.tsx';

/**
 * The sign-in page: an API key, checked against the server before it is kept.
 *
 * @example
 * <LoginPage onSession={setSession} />
 */
export function LoginPage({ onSession }: { onSession: (session: Session) => void }) {
  const { t, lang, setLang } = useI18n();
  const [key, setKey] = useState('');
  const [remember, setRemember] = useState(false);
  const signIn = useAction(async () => {
    const session = await openSession(key.trim());
    keepKey(key.trim(), remember);
    onSession(session);
  });
  return (
    <main id="main" class="login">
      <div class="login-top">
        <span class="brand-name">{t('appName')}</span>
        <button type="button" class="link" aria-label={t('langToggleLabel')} onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}>
          {t('langToggle')}
        </button>
      </div>
      <h1>{t('login.title')}</h1>
      <p>{t('login.intro')}</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void signIn.run();
        }}
      >
        <label for="api-key">{t('login.key')}</label>
        <input id="api-key" name="api-key" type="password" autoComplete="off" required value={key} onInput={(e) => setKey(e.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={remember} onChange={(e) => setRemember(e.currentTarget.checked)} /> {t('login.remember')}
        </label>
        <button type="submit" class="primary" disabled={signIn.running || !key.trim()}>
          {signIn.running ? t('login.checking') : t('login.submit')}
        </button>
      </form>
      <ProblemMessage problem={signIn.problem} />
    </main>
  );
}
