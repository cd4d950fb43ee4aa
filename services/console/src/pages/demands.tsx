import { useI18n } from '../i18n.ts';
import { href, navigate } from '../router.ts';
import { useSession } from '../session.ts';
import { useLoad } from '../components/async.ts';
import { DemandForm, mayPostDemands } from '../components/demand-form.tsx';
import { codeLabel } from '../components/labels.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';

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
  const canPost = mayPostDemands(me);
  return (
    <section aria-labelledby="demands-title">
      <h1 id="demands-title">{t('demands.title')}</h1>
      {canPost && <DemandForm onSaved={(demand) => navigate('demands', demand.id)} />}
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
