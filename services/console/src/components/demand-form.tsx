import { useEffect, useRef, useState } from 'preact/hooks';
import type { Demand, DemandInput, EditScope, Me } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { organizationOf, useSession } from '../session.ts';
import { useAction, useLoad } from './async.ts';
import { ProblemMessage } from './problem.tsx';

/** Splits a keyword list typed with Chinese or Latin separators. */
const keywordsOf = (text: string) =>
  text
    .split(/[,，、;；\s]+/)
    .map((k) => k.trim())
    .filter(Boolean);

/** A budget field's amount, or undefined when left empty. */
const amountOf = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** Which demands the key may write: the server's word (`/v1/me`), else what its role allows. */
function writeScope(me: Me): EditScope {
  return me.permissions?.canWriteDemands ?? (me.role === 'admin' ? 'any' : me.role === 'enterprise' ? 'own' : 'none');
}

/**
 * Whether the signed-in key may post demands at all (admins, and enterprises for themselves).
 *
 * @example
 * if (mayPostDemands(me)) showForm();
 */
export function mayPostDemands(me: Me): boolean {
  return writeScope(me) !== 'none';
}

/**
 * Whether the signed-in key may edit or close this demand: admins any, an enterprise its own.
 *
 * @example
 * mayEditDemand({ role: 'enterprise', organizationId: 'org_tea' }, demand) // true when demand.enterpriseId is 'org_tea'
 */
export function mayEditDemand(me: Me, demand: Pick<Demand, 'enterpriseId'>): boolean {
  const scope = writeScope(me);
  return scope === 'any' || (scope === 'own' && organizationOf(me) === demand.enterpriseId);
}

/**
 * The demand profile form, for posting (`POST /v1/demands`) or, given `demand`, editing it
 * (`PUT /v1/demands/{id}`, a full replacement: the fields the form does not show, such as region,
 * licence modes and maturity, are sent back as they were). Editing can also close or reopen it.
 *
 * @example
 * <DemandForm onSaved={(d) => navigate('demands', d.id)} />
 * <DemandForm demand={demand} onSaved={reload} onCancel={() => setEditing(false)} />
 */
export function DemandForm({ demand, onSaved, onCancel }: { demand?: Demand; onSaved: (saved: Demand) => void; onCancel?: () => void }) {
  const { t, lang } = useI18n();
  const { api, me } = useSession();
  const own = organizationOf(me);
  const ownEnterprise = own && me.role === 'enterprise' ? own : undefined;
  const editing = demand !== undefined;
  const enterprises = useLoad(
    () => (editing || ownEnterprise ? Promise.resolve({ organizations: [] }) : api.organizations({ kind: 'enterprise' })),
    [editing, ownEnterprise],
  );
  const chains = useLoad(() => api.chains(), []);
  const [enterpriseId, setEnterpriseId] = useState(demand?.enterpriseId ?? ownEnterprise ?? '');
  const [title, setTitle] = useState(demand?.title ?? '');
  const [description, setDescription] = useState(demand?.description ?? '');
  const [keywords, setKeywords] = useState((demand?.keywords ?? []).join('、'));
  const [chosenChains, setChosenChains] = useState<string[]>(demand?.chains ?? []);
  const [budgetMin, setBudgetMin] = useState(demand?.budgetCny?.min?.toString() ?? '');
  const [budgetMax, setBudgetMax] = useState(demand?.budgetCny?.max?.toString() ?? '');
  const [status, setStatus] = useState<Demand['status']>(demand?.status ?? 'open');
  const prefix = editing ? 'edit-demand' : 'demand';
  // An edit form opened by a button takes the focus, so keyboard users land in it.
  const titleInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (editing) titleInput.current?.focus();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const headingId = `${prefix}-heading`;

  const save = useAction(async () => {
    const min = amountOf(budgetMin);
    const max = amountOf(budgetMax);
    const input: DemandInput = {
      enterpriseId,
      title: title.trim(),
      description: description.trim(),
      keywords: keywordsOf(keywords),
      chains: chosenChains,
      ...(min !== undefined || max !== undefined ? { budgetCny: { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) } } : {}),
    };
    if (!demand) return onSaved(await api.createDemand(input));
    // Kept as they were: the PUT replaces the whole profile.
    const { region, licenceModes, maturity, industryCode, deadline, visibility } = demand;
    const kept = Object.fromEntries(Object.entries({ region, licenceModes, maturity, industryCode, deadline, visibility }).filter(([, value]) => value !== undefined));
    onSaved(await api.updateDemand(demand.id, { ...kept, ...input, status }));
  });

  return (
    <form
      class="panel form-grid"
      aria-labelledby={headingId}
      data-testid={editing ? 'demand-edit-form' : 'demand-new-form'}
      onSubmit={(e) => {
        e.preventDefault();
        void save.run();
      }}
    >
      <h2 id={headingId}>{editing ? t('demand.edit') : t('demands.new')}</h2>
      {!editing && !ownEnterprise && (
        <div class="field">
          <label for={`${prefix}-enterprise`}>{t('demands.enterprise')}</label>
          <select id={`${prefix}-enterprise`} required value={enterpriseId} onChange={(e) => setEnterpriseId(e.currentTarget.value)}>
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
        <label for={`${prefix}-title`}>{t('demands.titleField')}</label>
        <input id={`${prefix}-title`} ref={titleInput} required maxLength={200} value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </div>
      <div class="field wide">
        <label for={`${prefix}-description`}>{t('demands.description')}</label>
        <textarea id={`${prefix}-description`} rows={5} maxLength={10000} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
      </div>
      <div class="field wide">
        <label for={`${prefix}-keywords`}>{t('demands.keywords')}</label>
        <input id={`${prefix}-keywords`} value={keywords} onInput={(e) => setKeywords(e.currentTarget.value)} />
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
        <label for={`${prefix}-budget-min`}>{t('demands.budgetMin')}</label>
        <input id={`${prefix}-budget-min`} type="number" min="0" step="1000" value={budgetMin} onInput={(e) => setBudgetMin(e.currentTarget.value)} />
      </div>
      <div class="field">
        <label for={`${prefix}-budget`}>{t('demands.budgetMax')}</label>
        <input id={`${prefix}-budget`} type="number" min="0" step="1000" value={budgetMax} onInput={(e) => setBudgetMax(e.currentTarget.value)} />
      </div>
      {editing && (
        <div class="field">
          <label for={`${prefix}-status`}>{t('demands.statusField')}</label>
          <select id={`${prefix}-status`} value={status} onChange={(e) => setStatus(e.currentTarget.value as Demand['status'])}>
            <option value="open">{t('demands.status.open')}</option>
            <option value="closed">{t('demands.status.closed')}</option>
          </select>
        </div>
      )}
      <div class="wide actions">
        <button type="submit" class="primary" disabled={save.running}>
          {editing ? t('demands.save') : t('demands.submit')}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
      </div>
      <ProblemMessage problem={save.problem} />
    </form>
  );
}
