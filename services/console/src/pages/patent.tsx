import { useEffect, useState } from 'preact/hooks';
import type { Patent } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { href } from '../router.ts';
import { organizationOf, useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { codeLabel } from '../components/labels.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';

const INVENTORY_STATES = ['idle', 'implemented', 'licensed', 'transferred', 'abandoned'] as const;
const PAYMENT_MODES = ['lump_sum', 'annual', 'royalty', 'lump_sum_plus_royalty', 'free'] as const;

/** The open-licence offer and inventory state form (`PATCH /v1/patents/{id}`), for the patent's owner or an admin. */
function OfferForm({ patent, onSaved }: { patent: Patent; onSaved: (patent: Patent) => void }) {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [declared, setDeclared] = useState(patent.openLicence?.declared ?? false);
  const [fee, setFee] = useState(patent.openLicence?.feeCny?.toString() ?? '');
  const [payment, setPayment] = useState(patent.openLicence?.paymentMode ?? '');
  const [term, setTerm] = useState(patent.openLicence?.termYears?.toString() ?? '');
  const [state, setState] = useState(patent.inventoryState);
  const [saved, setSaved] = useState(false);
  const save = useAction(async () => {
    // A merge patch: null clears a term the owner emptied.
    const offer: Record<string, unknown> = declared ? { declared, feeCny: fee ? Number(fee) : null, paymentMode: payment || null, termYears: term ? Number(term) : null } : { declared };
    const updated = await api.updatePatent(patent.id, { openLicence: offer, inventoryState: state });
    onSaved(updated);
    setSaved(true);
  });
  return (
    <form
      class="panel form-grid"
      aria-labelledby="offer-title"
      onSubmit={(e) => {
        e.preventDefault();
        setSaved(false);
        void save.run();
      }}
    >
      <h2 id="offer-title">{t('patent.offer')}</h2>
      <label class="check">
        <input type="checkbox" checked={declared} onChange={(e) => setDeclared(e.currentTarget.checked)} /> {t('patent.offerDeclared')}
      </label>
      <div class="field">
        <label for="offer-fee">{t('patent.fee')}</label>
        <input id="offer-fee" type="number" min="0" step="100" value={fee} disabled={!declared} onInput={(e) => setFee(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="offer-payment">{t('patent.payment')}</label>
        <select id="offer-payment" value={payment} disabled={!declared} onChange={(e) => setPayment(e.currentTarget.value)}>
          <option value="">—</option>
          {PAYMENT_MODES.map((m) => (
            <option key={m} value={m}>
              {codeLabel(m, lang)}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for="offer-term">{t('patent.term')}</label>
        <input id="offer-term" type="number" min="1" max="30" value={term} disabled={!declared} onInput={(e) => setTerm(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for="offer-state">{t('patents.state')}</label>
        <select id="offer-state" value={state} onChange={(e) => setState(e.currentTarget.value)}>
          {INVENTORY_STATES.map((s) => (
            <option key={s} value={s}>
              {codeLabel(s, lang)}
            </option>
          ))}
        </select>
      </div>
      <div>
        <button type="submit" class="primary" disabled={save.running}>
          {t('save')}
        </button>{' '}
        {saved && <span role="status">{t('patent.saved')}</span>}
      </div>
      <ProblemMessage problem={save.problem} />
    </form>
  );
}

/**
 * One patent: bibliographic data, screening, open-licence offer (editable by its owner), and the
 * enterprises whose demands match it (`GET /v1/patents/{id}/matches`).
 *
 * @example
 * <PatentPage id="pt_022e338384db2abd" />
 */
export function PatentPage({ id }: { id: string }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const patent = useLoad(() => api.patent(id), [id]);
  const reverse = useLoad(() => api.http.json<{ enterprises: { enterprise: { id: string; name?: string }; bestScore: number }[] }>('GET', `/v1/patents/${encodeURIComponent(id)}/matches`, { query: { limit: 10 } }), [id]);
  useEffect(() => window.scrollTo(0, 0), [id]);
  const p = patent.data;
  const scope = me.permissions?.canEditPatents ?? (me.role === 'admin' ? 'any' : me.role === 'university' ? 'own' : 'none');
  const mine = p && (scope === 'any' || (scope === 'own' && p.ownerOrganizationIds.includes(organizationOf(me) ?? '')));
  return (
    <section aria-labelledby="patent-title">
      <p>
        <a href={href('patents')}>← {t('patent.back')}</a>
      </p>
      <ProblemMessage problem={patent.problem} onRetry={patent.reload} />
      {patent.loading && !p && <Loading />}
      {p && (
        <>
          <h1 id="patent-title">{p.title}</h1>
          <dl class="facts">
            <dt>{t('patents.number')}</dt>
            <dd>{p.applicationNumber ?? '—'}</dd>
            <dt>{t('patents.owner')}</dt>
            <dd>{(p.owners.length ? p.owners : p.applicants).join('；')}</dd>
            <dt>{t('patent.inventors')}</dt>
            <dd>{p.inventors?.join('、') || '—'}</dd>
            <dt>{t('patents.status')}</dt>
            <dd>
              {codeLabel(p.legalStatus, lang)} · {p.type ? codeLabel(p.type, lang) : ''}
            </dd>
            <dt>{t('patents.state')}</dt>
            <dd>{codeLabel(p.inventoryState, lang)}</dd>
            <dt>{t('patent.ipc')}</dt>
            <dd>{p.ipcCodes.join('; ') || '—'}</dd>
            <dt>{t('patent.filing')}</dt>
            <dd>{p.filingDate ?? '—'}</dd>
            <dt>{t('patent.expiry')}</dt>
            <dd>{p.expiryDate ?? '—'}</dd>
            <dt>{t('patents.openLicence')}</dt>
            <dd>
              {p.openLicence?.declared ? t('yes') : t('no')}
              {p.openLicence?.feeCny !== undefined ? ` · ${p.openLicence?.feeCny} 元` : ''}
              {p.openLicence?.paymentMode ? ` · ${codeLabel(p.openLicence?.paymentMode, lang)}` : ''}
            </dd>
          </dl>
          {p.abstract && (
            <>
              <h2>{t('patent.abstract')}</h2>
              <p class="abstract">{p.abstract}</p>
            </>
          )}
          {p.screening && (
            <>
              <h2>
                {t('patent.screening')}: {p.screening.grade} · {p.screening.score}
              </h2>
              <table>
                <tbody>
                  {p.screening.components.map((c) => (
                    <tr key={c.name}>
                      <th scope="row">{c.name}</th>
                      <td>
                        {c.points} / {c.weight}
                      </td>
                      <td>{c.note}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {mine && <OfferForm patent={p} onSaved={(updated) => patent.set(updated)} />}
          <h2>{t('patent.reverse')}</h2>
          {reverse.problem ? (
            <p class="muted">{reverse.problem.detail}</p>
          ) : (
            <ul>
              {reverse.data?.enterprises.map((e) => (
                <li key={e.enterprise.id}>
                  {e.enterprise.name ?? e.enterprise.id} · {(e.bestScore * 100).toFixed(0)}
                </li>
              ))}
              {reverse.data && reverse.data.enterprises.length === 0 && <li>{t('none')}</li>}
            </ul>
          )}
        </>
      )}
    </section>
  );
}
