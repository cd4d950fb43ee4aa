import type { ApiProblem } from '../api.ts';
import { useI18n } from '../i18n.ts';

/**
 * Shows an API problem: its `detail` (the server's own explanation), the per-field errors and the
 * request id to quote when asking for help. Announced to screen readers.
 *
 * @example
 * {upload.problem && <ProblemMessage problem={upload.problem} />}
 */
export function ProblemMessage({ problem, onRetry }: { problem: ApiProblem | undefined; onRetry?: () => void }) {
  const { t } = useI18n();
  if (!problem) return null;
  return (
    <div class="problem" role="alert">
      <p>
        <strong>{t('error')}</strong>
        {problem.status ? ` (${problem.status} ${problem.code})` : ''}: <span class="problem-detail">{problem.detail}</span>
      </p>
      {problem.errors.length > 0 && (
        <ul>
          {problem.errors.map((e) => (
            <li key={e.field + e.message}>
              <code>{e.field}</code>: {e.message}
            </li>
          ))}
        </ul>
      )}
      {problem.requestId && <p class="muted">request id: {problem.requestId}</p>}
      {onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retry')}
        </button>
      )}
    </div>
  );
}

/**
 * A polite "loading" line for screen readers and eyes.
 *
 * @example
 * {stats.loading && <Loading />}
 */
export function Loading() {
  const { t } = useI18n();
  return (
    <p class="muted" role="status">
      {t('loading')}
    </p>
  );
}
