import { useState } from 'preact/hooks';
import { saveFile, waitForTask, type ImportPreview, type Task, type TaskError } from '../api.ts';
import { isMessageKey, useI18n } from '../i18n.ts';
import { useSession } from '../session.ts';
import { asProblem, useAction, useLoad } from '../components/async.ts';
import { ProblemMessage } from '../components/problem.tsx';

/** The patent fields an inventory column can map to (the API's INPUT_FIELDS), with their usual Chinese header. */
const FIELDS: [field: string, zh: string][] = [
  ['applicationNumber', '申请号'],
  ['publicationNumber', '公开(公告)号'],
  ['grantPublicationNumber', '授权公告号'],
  ['patentType', '专利类型'],
  ['title', '名称'],
  ['abstract', '摘要'],
  ['claims', '主权项'],
  ['mainIpc', '主分类号'],
  ['ipcCodes', 'IPC分类号'],
  ['applicants', '申请人'],
  ['owners', '专利权人'],
  ['inventors', '发明人'],
  ['filingDate', '申请日'],
  ['publicationDate', '公开日'],
  ['grantDate', '授权公告日'],
  ['legalStatus', '法律状态'],
  ['legalStatusDate', '法律状态日'],
  ['applicantAddress', '申请人地址'],
  ['regionCode', '国省代码'],
  ['transferCount', '转移次数'],
  ['licenseCount', '许可次数'],
  ['inventoryState', '转化状态'],
  ['openLicence', '开放许可'],
  ['openLicenceFee', '开放许可费'],
  ['openLicencePayment', '付费方式'],
  ['openLicenceTerm', '许可期限'],
  ['sourceId', '来源编号'],
];

/** Counts in the order a reader follows them: read, then what became of each record. */
const COUNT_ORDER = ['received', 'imported', 'updated', 'merged', 'unchanged', 'rejected'];
const countOrder = (name: string) => (COUNT_ORDER.includes(name) ? COUNT_ORDER.indexOf(name) : COUNT_ORDER.length);

function TaskProgress({ task }: { task: Task }) {
  const { t } = useI18n();
  const done = task.progress?.done ?? 0;
  const total = task.progress?.total ?? undefined;
  const statusKey = `task.${task.status}`;
  return (
    <div class="panel" data-testid="import-progress">
      <h2>{t('imports.progress')}</h2>
      <p role="status" aria-live="polite">
        {t('imports.status')}: <strong data-testid="task-status">{isMessageKey(statusKey) ? t(statusKey) : task.status}</strong>
        {' · '}
        {done}
        {total ? ` / ${total}` : ''}
      </p>
      <progress max={total ?? 1} value={total ? done : task.status === 'succeeded' ? 1 : undefined} aria-label={t('imports.progress')} />
      {task.counts && (
        <dl class="figures small" data-testid="import-counts">
          {Object.entries(task.counts)
            .sort(([a], [b]) => countOrder(a) - countOrder(b))
            .map(([name, count]) => {
            const key = `count.${name}`;
            return (
              <div key={name}>
                <dt>{isMessageKey(key) ? t(key) : name}</dt>
                <dd data-count={name}>{count}</dd>
              </div>
            );
          })}
        </dl>
      )}
      {task.error?.message && <p class="problem">{task.error.message}</p>}
    </div>
  );
}

function ErrorReport({ taskId, errors }: { taskId: number; errors: TaskError[] }) {
  const { t } = useI18n();
  const { api } = useSession();
  const download = useAction(async () => {
    const { blob, filename } = await api.taskErrorReport(taskId);
    saveFile(blob, filename);
  });
  return (
    <section class="panel" aria-labelledby="errors-title">
      <h2 id="errors-title">{t('imports.errors')}</h2>
      {errors.length === 0 ? (
        <p>{t('imports.noErrors')}</p>
      ) : (
        <>
          <button type="button" class="primary" onClick={() => void download.run()} disabled={download.running}>
            {t('imports.downloadErrors')}
          </button>
          <ProblemMessage problem={download.problem} />
          <table data-testid="error-report">
            <thead>
              <tr>
                <th scope="col">{t('imports.line')}</th>
                <th scope="col">{t('imports.fieldName')}</th>
                <th scope="col">{t('imports.message')}</th>
              </tr>
            </thead>
            <tbody>
              {[...errors].sort((a, b) => a.line - b.line).map((e, i) => (
                <tr key={i}>
                  <td>{e.line}</td>
                  <td>
                    <code>{e.field}</code>
                  </td>
                  <td>{e.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

/** The key's earlier imports (`GET /v1/tasks?type=import`), each with its error report. */
function ImportHistory({ round }: { round: number }) {
  const { t } = useI18n();
  const { api } = useSession();
  const tasks = useLoad(() => api.tasks({ type: 'import', limit: 10 }), [round]);
  const download = useAction(async (id: number) => {
    const { blob, filename } = await api.taskErrorReport(id);
    saveFile(blob, filename);
  });
  if (!tasks.data || tasks.data.tasks.length === 0) return <ProblemMessage problem={tasks.problem} />;
  return (
    <section class="panel" aria-labelledby="history-title">
      <h2 id="history-title">{t('imports.history')}</h2>
      <ProblemMessage problem={download.problem} />
      <table data-testid="import-history">
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">{t('imports.when')}</th>
            <th scope="col">{t('imports.status')}</th>
            <th scope="col">{t('count.imported')}</th>
            <th scope="col">{t('count.rejected')}</th>
            <th scope="col">
              <span class="sr-only">{t('imports.downloadErrors')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {tasks.data.tasks.map((task) => {
            const statusKey = `task.${task.status}`;
            return (
              <tr key={task.id}>
                <td>{task.id}</td>
                <td>{(task.enqueuedAt ?? '').slice(0, 16).replace('T', ' ')}</td>
                <td>{isMessageKey(statusKey) ? t(statusKey) : task.status}</td>
                <td>{task.counts?.imported ?? ''}</td>
                <td>{task.counts?.rejected ?? ''}</td>
                <td>
                  {(task.errorCount ?? 0) > 0 && (
                    <button type="button" class="link" disabled={download.running} onClick={() => void download.run(task.id)} aria-label={t('imports.errorsOf', { n: task.id })}>
                      {t('imports.errorsShort')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/**
 * A university's inventory upload: pick a file, check the detected column mapping
 * (`POST /v1/imports/preview`), import (`POST /v1/imports`), watch the task's progress, then read or
 * download the per-row error report.
 *
 * @example
 * <ImportsPage />
 */
export function ImportsPage() {
  const { t, lang } = useI18n();
  const { api } = useSession();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [preview, setPreview] = useState<ImportPreview | undefined>(undefined);
  const [previewNote, setPreviewNote] = useState<string | undefined>(undefined);
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [task, setTask] = useState<Task | undefined>(undefined);
  const [errors, setErrors] = useState<TaskError[] | undefined>(undefined);
  const [round, setRound] = useState(0);

  const previewing = useAction(async (chosen: File) => {
    try {
      const answer = await api.previewImport(chosen);
      setPreview(answer);
      setMapping(Object.fromEntries(Object.entries(answer.mapping ?? {}).map(([header, field]) => [header, field ?? ''])));
    } catch (error) {
      const problem = asProblem(error);
      if (problem.status === 404 || problem.status === 405) setPreviewNote(t('imports.previewUnavailable'));
      else throw problem;
    }
  });

  const upload = useAction(async () => {
    if (!file) return;
    setTask(undefined);
    setErrors(undefined);
    const changed = preview ? Object.fromEntries(Object.entries(mapping).filter(([, field]) => field)) : undefined;
    const { taskId } = await api.uploadInventory(file, changed);
    const finished = await waitForTask(api, taskId, setTask);
    setErrors((await api.taskErrors(taskId)).errors);
    setRound((r) => r + 1);
    return finished;
  });

  const headers = preview?.headers ?? [];
  return (
    <section aria-labelledby="imports-title">
      <h1 id="imports-title">{t('imports.title')}</h1>
      <p>{t('imports.intro')}</p>
      <form
        class="panel"
        onSubmit={(e) => {
          e.preventDefault();
          void upload.run();
        }}
      >
        <div class="field">
          <label for="inventory-file">{t('imports.file')}</label>
          <input
            id="inventory-file"
            type="file"
            accept=".csv,.xlsx,.jsonl,.json,text/csv"
            required
            onChange={(e) => {
              const chosen = e.currentTarget.files?.[0];
              setFile(chosen);
              setPreview(undefined);
              setPreviewNote(undefined);
              setTask(undefined);
              setErrors(undefined);
              if (chosen) void previewing.run(chosen);
            }}
          />
        </div>
        {previewing.running && <p role="status">{t('imports.previewing')}</p>}
        {previewNote && <p class="muted">{previewNote}</p>}
        <ProblemMessage problem={previewing.problem} />
        {preview && (
          <fieldset data-testid="import-preview">
            <legend>{t('imports.preview')}</legend>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('imports.column')}</th>
                  <th scope="col">{t('imports.field')}</th>
                </tr>
              </thead>
              <tbody>
                {headers.map((header, i) => (
                  <tr key={header}>
                    <th scope="row">
                      <label for={`map-${i}`}>{header}</label>
                    </th>
                    <td>
                      <select id={`map-${i}`} value={mapping[header] ?? ''} onChange={(e) => setMapping({ ...mapping, [header]: e.currentTarget.value })}>
                        <option value="">{t('imports.ignore')}</option>
                        {FIELDS.map(([field, zh]) => (
                          <option key={field} value={field}>
                            {lang === 'zh' ? `${zh}（${field}）` : field}
                          </option>
                        ))}
                      </select>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            <p class="muted">
              {t('imports.rows', { n: preview.rowCount })} · {preview.format} · {preview.encoding}
            </p>
            {preview.unmappedHeaders.length > 0 && (
              <p class="muted">
                {t('imports.unmapped')}: {preview.unmappedHeaders.join('、')}
              </p>
            )}
            {preview.missingRequiredFields.length > 0 && (
              <ul class="warnings" data-testid="missing-fields">
                {preview.missingRequiredFields.map((m) => (
                  <li key={m.field}>{m.message}</li>
                ))}
              </ul>
            )}
            {preview.rows.length > 0 && (
              <details>
                <summary>{t('imports.firstRows')}</summary>
                <div class="grid-scroll">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">{t('imports.line')}</th>
                        {headers.map((h) => (
                          <th key={h} scope="col">
                            {h}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {preview.rows.map((row) => (
                        <tr key={row.line}>
                          <td>{row.line}</td>
                          {headers.map((h) => (
                            <td key={h}>{(row.cells[h] ?? '').slice(0, 60)}</td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </fieldset>
        )}
        <button type="submit" class="primary" disabled={!file || upload.running || previewing.running}>
          {t('imports.upload')}
        </button>
      </form>
      <ProblemMessage problem={upload.problem} />
      {task && <TaskProgress task={task} />}
      {task && errors && <ErrorReport taskId={task.id} errors={errors} />}
      <ImportHistory round={round} />
    </section>
  );
}
