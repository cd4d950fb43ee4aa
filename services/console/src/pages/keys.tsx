import { useState } from 'preact/hooks';
import type { Role } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { Loading, ProblemMessage } from '../components/problem.tsx';

const ROLES: Role[] = ['university', 'enterprise', 'broker', 'partner', 'admin'];
const KINDS = ['university', 'research_institute', 'enterprise', 'broker', 'partner_platform'] as const;

/**
 * Onboarding (admins): register an organisation (`POST /v1/organizations`), issue it an API key
 * (`POST /v1/keys`, the secret shown once), list and revoke keys (`GET/DELETE /v1/keys`).
 *
 * @example
 * <KeysPage />
 */
export function KeysPage() {
  const { t } = useI18n();
  const { api } = useSession();
  const [filter, setFilter] = useState('');
  const organizations = useLoad(() => api.organizations(filter.trim() ? { q: filter.trim() } : {}), [filter]);
  const keys = useLoad(() => api.keys(), []);
  const everyone = useLoad(() => api.organizations(), [keys.data]);
  const [organizationId, setOrganizationId] = useState('');
  const [role, setRole] = useState<Role>('university');
  const [label, setLabel] = useState('');
  const [secret, setSecret] = useState<string | undefined>(undefined);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof KINDS)[number]>('university');
  const issue = useAction(async () => {
    setSecret(undefined);
    const issued = await api.issueKey({ role, label: label.trim(), ...(role === 'admin' ? {} : { organizationId }) });
    setSecret(issued.secret);
    keys.reload();
  });
  const revoke = useAction(async (id: string) => {
    await api.revokeKey(id);
    keys.reload();
  });
  const register = useAction(async () => {
    const organization = await api.registerOrganization({ name: name.trim(), kind });
    setName('');
    setFilter(organization.name);
    setOrganizationId(organization.id);
  });
  const names = new Map([...(everyone.data?.organizations ?? []), ...(organizations.data?.organizations ?? [])].map((o) => [o.id, o.name]));

  return (
    <section aria-labelledby="keys-title">
      <h1 id="keys-title">{t('keys.title')}</h1>
      <form
        class="panel form-grid"
        aria-labelledby="org-title"
        onSubmit={(e) => {
          e.preventDefault();
          void register.run();
        }}
      >
        <h2 id="org-title">{t('org.register')}</h2>
        <div class="field">
          <label for="org-name">{t('org.name')}</label>
          <input id="org-name" required maxLength={200} value={name} onInput={(e) => setName(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="org-kind">{t('org.kind')}</label>
          <select id="org-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`org.kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div>
          <button type="submit" disabled={register.running}>
            {t('org.submit')}
          </button>
        </div>
        <ProblemMessage problem={register.problem} />
      </form>

      <form
        class="panel form-grid"
        aria-labelledby="issue-title"
        onSubmit={(e) => {
          e.preventDefault();
          void issue.run();
        }}
      >
        <h2 id="issue-title">{t('keys.issue')}</h2>
        <div class="field">
          <label for="key-filter">{t('keys.filter')}</label>
          <input id="key-filter" type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="key-organization">{t('keys.organization')}</label>
          <select id="key-organization" value={organizationId} disabled={role === 'admin'} required={role !== 'admin'} onChange={(e) => setOrganizationId(e.currentTarget.value)}>
            <option value="">—</option>
            {organizations.data?.organizations.map((o) => (
              <option key={o.id} value={o.id}>
                {o.name} · {t(`org.kind.${o.kind}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="key-role">{t('keys.role')}</label>
          <select id="key-role" value={role} onChange={(e) => setRole(e.currentTarget.value as Role)}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`role.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="key-label">{t('keys.label')}</label>
          <input id="key-label" required maxLength={100} value={label} onInput={(e) => setLabel(e.currentTarget.value)} />
        </div>
        <div>
          <button type="submit" class="primary" disabled={issue.running}>
            {t('keys.submit')}
          </button>
        </div>
        <ProblemMessage problem={issue.problem} />
        {secret && (
          <div class="wide secret" role="status">
            <label for="key-secret">{t('keys.secret')}</label>
            <input id="key-secret" readOnly value={secret} data-testid="new-secret" onFocus={(e) => e.currentTarget.select()} />
          </div>
        )}
      </form>

      <h2>{t('keys.list')}</h2>
      <ProblemMessage problem={keys.problem ?? revoke.problem} onRetry={keys.reload} />
      {keys.loading && !keys.data && <Loading />}
      {keys.data && (
        <table data-testid="key-list">
          <thead>
            <tr>
              <th scope="col">{t('keys.label')}</th>
              <th scope="col">{t('keys.role')}</th>
              <th scope="col">{t('keys.organization')}</th>
              <th scope="col">{t('keys.prefix')}</th>
              <th scope="col">{t('keys.created')}</th>
              <th scope="col">
                <span class="sr-only">{t('keys.revoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id}>
                <td>{k.label}</td>
                <td>{t(`role.${k.role}` as MessageKey)}</td>
                <td>{k.organizationId ? (names.get(k.organizationId) ?? k.organizationId) : '—'}</td>
                <td>
                  <code>{k.prefix ? `pb_live_${k.prefix}…` : ''}</code>
                </td>
                <td>{k.createdAt.slice(0, 16).replace('T', ' ')}</td>
                <td>
                  {k.revokedAt ? (
                    t('keys.revoked')
                  ) : (
                    <button type="button" disabled={revoke.running} onClick={() => void revoke.run(k.id)} aria-label={`${t('keys.revoke')} ${k.label}`}>
                      {t('keys.revoke')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
