import { useState } from 'preact/hooks';
import { useI18n } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { organizationOf, useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { codeLabel } from '../components/labels.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';

/** Splits a keyword list typed with Chinese or Latin separators. */
const keywordsOf = (text: string) =>
  text
    .split(/[,，、;；\s]+/)
    .map((k) => k.trim())
    .filter(Boolean);

function NewDemandForm() {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const own = organizationOf(me);
  const enterprises = useLoad(() => (own && me.role === 'enterprise' ? Promise.resolve({ organizations: [] }) : api.organizations({ kind: 'enterprise' })), [own]);
  const chains = useLoad(() => api.chains(), []);
  const [enterpriseId, setEnterpriseId] = useState(own && me.role === 'enterprise' ? own : '');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [keywords, setKeywords] = useState('');
  const [chosenChains, setChosenChains] = useState<string[]>([]);
  const [budget, setBudget] = useState('');
  const create = useAction(async () => {
    const demand = await api.createDemand({
      enterpriseId,
      title: title.trim(),
      description: description.trim(),
      keywords: keywordsOf(keywords),
      chains: chosenChains,
      ...(budget ? { budgetCny: { max: Number(budget) } } : {}),
    });
    navigate('demands', demand.id);
  });
  return (
    <form
      class="panel form-grid"
      aria-labelledby="new-demand"
      onSubmit={(e) => {
        e.preventDefault();
        void create.run();
      }}
    >
      <h2 id="new-demand">{t('demands.new')}</h2>
      {!(own && me.role === 'enterprise') && (
        <div class="field">
          <label for="demand-enterprise">{t('demands.enterprise')}</label>
          <select id="demand-enterprise" required value={enterpriseId} onChange={(e) => setEnterpriseId(e.currentTarget.value)}>
            <option value="">—</option>
            {enterprises.data?.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div class="field wide">
        <label for="demand-title">{t('demands.titleField')}</label>
        <input id="demand-title" required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field wide">
        <label for="demand-description">{t('demands.description')}</label>
        <textarea id="demand-description" rows={5} maxLength={10000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      <div class="field wide">
        <label for="demand-keywords">{t('demands.keywords')}</label>
        <input id="demand-keywords" value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} />
      </div>
      <fieldset class="wide">
        <legend>{t('demands.chains')}</legend>
        <div class="checks">
          {chains.data?.chains.map((c) => (
            <label key={c.id} class="check">
              <input
                type="checkbox"
                value={c.id}
                checked={chosenChains.includes(c.id)}
                onChange={(e) => setChosenChains(e.currentTarget.checked ? [...chosenChains, c.id] : chosenChains.filter((x) => x !== c.id))}
              />{' '}
              {lang === 'en' && c.nameEn ? c.nameEn : c.name}
            </label>
          ))}
        </div>
      </fieldset>
      <div class="field">
        <label for="demand-budget">{t('demands.budgetMax')}</label>
        <input id="demand-budget" type="number" min="0" step="1000" value={budget} onInput={(e) => setBudget(e.currentTarget.value)} />
      </div>
      <div class="wide">
        <button type="submit" class="primary" disabled={create.running}>
          {t('demands.submit')}
        </button>
      </div>
      <ProblemMessage problem={create.problem} />
    </form>
  );
}

/**
 * SME demands: the list the key may see (`GET /v1/demands`) and a form to post one
 * (`POST /v1/demands`), which then opens its explained matches.
 *
 * @example
 * <DemandsPage />
 */
export function DemandsPage() {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const demands = useLoad(() => api.demands(), []);
  const canPost = me.role === 'enterprise' || me.role === 'admin' || me.role === 'broker';
  return (
    <section aria-labelledby="demands-title">
      <h1 id="demands-title">{t('demands.title')}</h1>
      {canPost && <NewDemandForm />}
      <h2>{t('demands.list')}</h2>
      <ProblemMessage problem={demands.problem} onRetry={demands.reload} />
      {demands.loading && !demands.data && <Loading />}
      {demands.data && (
        <table data-testid="demand-list">
          <thead>
            <tr>
              <th scope="col">{t('demands.titleField')}</th>
              <th scope="col">{t('demands.keywords')}</th>
              <th scope="col">{t('demands.status')}</th>
            </tr>
          </thead>
          <tbody>
            {demands.data.demands.map((d) => (
              <tr key={d.id}>
                <td>
                  <a href={href('demands', d.id)}>{d.title}</a>
                </td>
                <td>{d.keywords?.join('、')}</td>
                <td>{codeLabel(d.status, lang)}</td>
              </tr>
            ))}
            {demands.data.demands.length === 0 && (
              <tr>
                <td colSpan={3}>{t('none')}</td>
              </tr>
            )}
          </tbody>
        </table>
      )}
    </section>
  );
}
