import { useEffect, useRef, useState } from 'preact/hooks';
import type { MatchFeedback, NotRelevantReason, PatentMatch } from '../api.ts';
import { useI18n, type MessageKey } from '../i18n.ts';
import { href } from '../router.ts';
import { useSession } from '../session.ts';
import { useAction, useLoad } from '../components/async.ts';
import { DemandForm, mayEditDemand } from '../components/demand-form.tsx';
import { Loading, ProblemMessage } from '../components/problem.tsx';
import { codeLabel } from '../components/labels.ts';

const REASONS: NotRelevantReason[] = ['too_early_stage', 'benefit_unclear', 'commercial_route_unclear', 'description_unclear', 'other'];

function FeedbackControls({ match, onFeedback, busy }: { match: PatentMatch; onFeedback: (feedback: MatchFeedback) => void; busy: boolean }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState<NotRelevantReason>('too_early_stage');
  const [note, setNote] = useState('');
  const id = `fb-${match.patentId}`;
  if (!asking) {
    return (
      <div class="actions">
        <button type="button" disabled={busy} onClick={() => onFeedback({ verdict: 'interested' })}>
          {t('demand.interested')}
        </button>
        <button type="button" disabled={busy} onClick={() => setAsking(true)}>
          {t('demand.notRelevant')}
        </button>
      </div>
    );
  }
  return (
    <form
      id={id}
      class="feedback"
      onSubmit={(e) => {
        e.preventDefault();
        onFeedback({ verdict: 'not_relevant', reason, ...(note.trim() ? { note: note.trim() } : {}) });
      }}
    >
      <div class="field">
        <label for={`${id}-reason`}>{t('demand.reason')}</label>
        <select id={`${id}-reason`} autoFocus value={reason} onChange={(e) => setReason(e.currentTarget.value as NotRelevantReason)}>
          {REASONS.map((r) => (
            <option key={r} value={r}>
              {t(`reason.${r}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      <div class="field grow">
        <label for={`${id}-note`}>{t('demand.note')}</label>
        <input id={`${id}-note`} maxLength={2000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </div>
      <button type="submit" class="primary" disabled={busy}>
        {t('demand.send')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
    </form>
  );
}

/** The score's parts as a small bar per feature, largest first. */
function Features({ match }: { match: PatentMatch }) {
  const { t, lang } = useI18n();
  const shown = [...match.features].filter((f) => f.contribution !== 0).sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution)).slice(0, 6);
  return (
    <ul class="features" aria-label={t('demand.score')}>
      {shown.map((f) => (
        <li key={f.name}>
          <span class="feature-name">{codeLabel(f.name, lang)}</span>
          <span class="feature-bar" style={{ width: `${Math.min(100, Math.abs(f.contribution) * 300)}px` }} data-negative={f.contribution < 0 ? 'true' : undefined} />
          <span>{f.contribution.toFixed(3)}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * One demand and its explained matches (`GET /v1/demands/{id}/matches`); "interested" or "not
 * relevant, because…" feedback (`POST …/feedback`) re-ranks the list at once. The enterprise that
 * posted it (or an admin) can edit or close it (`PUT /v1/demands/{id}`); the matches then reload,
 * since they follow the demand's text.
 *
 * @example
 * <DemandPage id="sample-demand-01" />
 */
export function DemandPage({ id }: { id: string }) {
  const { t } = useI18n();
  const { api, me } = useSession();
  const demand = useLoad(() => api.demand(id), [id]);
  const matches = useLoad(() => api.matches(id, 10).then((a) => a.matches), [id]);
  const [saved, setSaved] = useState(false);
  const [editing, setEditing] = useState(false);
  const [edited, setEdited] = useState(false);
  // Back from the form, focus returns to the button that opened it.
  const editButton = useRef<HTMLButtonElement>(null);
  const wasEditing = useRef(false);
  useEffect(() => {
    if (wasEditing.current && !editing) editButton.current?.focus();
    wasEditing.current = editing;
  }, [editing]);
  const feedback = useAction(async (patentId: string, given: MatchFeedback) => {
    setSaved(false);
    setEdited(false);
    const answer = await api.giveFeedback(id, patentId, given);
    matches.set(answer.matches.slice(0, 10));
    setSaved(true);
  });
  const d = demand.data;
  return (
    <section aria-labelledby="demand-title">
      <p>
        <a href={href('demands')}>← {t('demand.back')}</a>
      </p>
      <ProblemMessage problem={demand.problem} onRetry={demand.reload} />
      {d && (
        <>
          <h1 id="demand-title">{d.title}</h1>
          {d.status === 'closed' && (
            <p class="note" data-testid="demand-closed">
              {t('demand.closed')}
            </p>
          )}
          {d.description && (
            <p class="abstract" data-testid="demand-description">
              {d.description}
            </p>
          )}
          {d.keywords && d.keywords.length > 0 && (
            <p class="meta">
              {d.keywords.map((k) => (
                <span key={k} class="tag">
                  {k}
                </span>
              ))}
            </p>
          )}
          {mayEditDemand(me, d) && !editing && (
            <p>
              <button type="button" ref={editButton} onClick={() => setEditing(true)}>
                {t('demand.edit')}
              </button>
            </p>
          )}
          {editing && (
            <DemandForm
              demand={d}
              onCancel={() => setEditing(false)}
              onSaved={(next) => {
                demand.set(next);
                setEditing(false);
                setSaved(false);
                setEdited(true);
                matches.reload();
              }}
            />
          )}
          {edited && (
            <p role="status" class="ok" data-testid="demand-saved">
              {t('demand.saved')}
            </p>
          )}
        </>
      )}
      <h2>{t('demand.matches')}</h2>
      <ProblemMessage problem={matches.problem ?? feedback.problem} onRetry={matches.reload} />
      {saved && (
        <p role="status" class="ok">
          {t('demand.feedbackSaved')}
        </p>
      )}
      {matches.loading && !matches.data && <Loading />}
      {matches.data && (
        <ol class="cards" data-testid="match-list" aria-busy={matches.loading}>
          {matches.data.map((m) => (
            <li key={m.patentId} class="card" data-patent-id={m.patentId} data-score={m.score}>
              <h3 class="card-title">
                <a href={href('patents', m.patentId)}>{m.patent?.title ?? m.patentId}</a>
              </h3>
              <p class="meta">
                <span>#{m.rank}</span>
                <span>
                  {t('demand.score')} {(m.score * 100).toFixed(1)}
                </span>
                {m.patent?.owners && <span>{m.patent.owners.join('；')}</span>}
              </p>
              <p>
                <strong>{t('demand.why')}: </strong>
                <span class="explanation">{m.explanation}</span>
              </p>
              {m.matchedTerms.length > 0 && (
                <p class="meta">
                  {t('demand.terms')}:{' '}
                  {m.matchedTerms.map((term) => (
                    <mark key={term}>{term}</mark>
                  ))}
                </p>
              )}
              <Features match={m} />
              <FeedbackControls match={m} busy={feedback.running} onFeedback={(given) => void feedback.run(m.patentId, given)} />
            </li>
          ))}
          {matches.data.length === 0 && <li>{t('none')}</li>}
        </ol>
      )}
    </section>
  );
}
