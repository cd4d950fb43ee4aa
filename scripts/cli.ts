/**
 * patent-bridge command line: `pnpm cli <command> [options]`.
 *
 *   import --dataset <name|all>        import public datasets from ../shared/datasets (progress bar)
 *   import --file <path> [--mapping <json>]  import a CSV, XLSX or JSONL inventory file
 *   stats [--top N] [--json]           inventory statistics as readable tables
 *   patent <id or number>              one patent with its screening breakdown
 *   errors <taskId>                    the rejected records of an import task
 *   search <query> [--mode hybrid] [--limit 10] [--chain id]   search patents, with score details
 *   match <demandId> [--limit 5]       a demand's explained matches, with score breakdowns
 *   roadshow plan <year> [--min-supply 5] [--min-demand 3] [--gap 3]   plan a year 一月一链 (stored matches)
 *   roadshow grid <roadshowId>         a roadshow's meeting grid with its conflicts
 *   roadshow funnel [year]             matches → invitations → requests → meetings → contracts
 *   reindex [--url http://127.0.0.1:8080 --key KEY]            rebuild a running service's search index
 *
 * Uses the same storage as `pnpm start` (DATABASE_URL, or PGlite under DATA_DIR).
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { defaultChainCatalogue, type ImportCounts } from '@patent-bridge/domain';
import { createTask, findPatent, getDemand, getTask, listTaskErrors, openStorage, storageConfigFromEnv, type Storage } from '@patent-bridge/db';
import { defaultMatchingConfig, Matcher, renderMatches, searchSource } from '@patent-bridge/matching';
import { inventoryStatistics, renderInventoryStatistics, renderTable, runImport, uploadSource, type RecordSource } from '@patent-bridge/inventory';
import { datasetNames, datasetSource } from '@patent-bridge/datasets';
import { funnelOfYear, meetingGrid, planAndSaveYear, renderFunnel, renderMeetingGrid, renderYearPlan, RoadshowError } from '@patent-bridge/roadshow';
import { EmbeddedSearchEngine, Indexer, SearchRequest, loadSemanticModel, searchPatents } from '@patent-bridge/search';

const USAGE = `usage:
  pnpm cli import --dataset <${['all', ...datasetNames()].join('|')}>
  pnpm cli import --file <path.csv|.xlsx|.jsonl> [--mapping '{"专利名称":"title"}']
  pnpm cli stats [--top 10] [--json]
  pnpm cli patent <id or number>
  pnpm cli errors <taskId>
  pnpm cli search <query> [--mode keyword|semantic|hybrid] [--limit 10] [--chain <id>]
  pnpm cli match <demandId> [--limit 5]
  pnpm cli roadshow plan <year> [--min-supply 5] [--min-demand 3] [--gap 3]
  pnpm cli roadshow grid <roadshowId>
  pnpm cli roadshow funnel [year]
  pnpm cli reindex [--url http://127.0.0.1:8080] [--key <admin key>]`;

async function importCommand(storage: Storage, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { dataset: { type: 'string' }, file: { type: 'string' }, mapping: { type: 'string' } }, strict: true });
  let source: RecordSource;
  let details: Record<string, unknown>;
  if (values.dataset) {
    if (values.dataset !== 'all' && !(datasetNames() as string[]).includes(values.dataset)) throw new UsageError(`unknown dataset "${values.dataset}"`);
    source = datasetSource(values.dataset);
    details = { kind: 'dataset', dataset: values.dataset };
  } else if (values.file) {
    const bytes = new Uint8Array(await readFile(values.file));
    source = uploadSource(bytes, basename(values.file), values.mapping ? JSON.parse(values.mapping) : undefined);
    details = { kind: 'upload', filename: basename(values.file), bytes: bytes.byteLength };
  } else throw new UsageError('import needs --dataset or --file');

  const taskId = await createTask(storage.db, 'import', details);
  const bar = new cliProgress.SingleBar(
    { format: `task ${taskId} {phase} |{bar}| {value}/{total} patents · {duration_formatted}`, hideCursor: true, clearOnComplete: false, noTTYOutput: true, notTTYSchedule: 2000 },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  process.stdout.write(`reading and validating ${values.dataset ? `dataset ${values.dataset}` : values.file} …\n`);
  let barStarted = false;
  const counts = await runImport(storage.db, taskId, source, {
    catalogue: defaultChainCatalogue(),
    onProgress: (done, total) => {
      if (!barStarted) {
        bar.start(total, done, { phase: 'writing' });
        barStarted = true;
      } else bar.update(done);
    },
  });
  if (barStarted) bar.stop();
  const task = await getTask(storage.db, taskId);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  printCounts(counts, seconds);
  if (task?.status === 'failed') {
    console.error(`import failed: ${task.error?.code}: ${task.error?.message}`);
    return 1;
  }
  if (task && task.errorCount > 0) {
    console.log(`\n${task.errorCount} problems in rejected records; the first ones:`);
    console.log(renderTable(['source', 'line', 'field', 'reason'], task.errors.slice(0, 10).map((e) => [e.source ?? '', String(e.line), e.field, e.message.slice(0, 90)])));
    console.log(`full report: pnpm cli errors ${taskId}   (or GET /v1/tasks/${taskId}/errors)`);
  }
  const duplicates = task?.details.duplicates as { groups: number } | undefined;
  if (duplicates?.groups) console.log(`${duplicates.groups} groups of duplicate records were merged (task ${taskId} details list examples)`);
  return 0;
}

async function searchCommand(storage: Storage, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { mode: { type: 'string', default: 'hybrid' }, limit: { type: 'string', default: '10' }, chain: { type: 'string', multiple: true } },
    strict: true,
  });
  const request = SearchRequest.parse({ q: positionals.join(' '), mode: values.mode, limit: Number(values.limit), ...(values.chain ? { filters: { chain: values.chain } } : {}) });
  process.stdout.write('building the in-process index from the database (cached vectors) …\n');
  const { embedder } = await loadSemanticModel(storage.db);
  const engine = new EmbeddedSearchEngine();
  await new Indexer({ db: storage.db, engine, embedder }).rebuild();
  const result = await searchPatents({ db: storage.db, engine, embedder }, request);
  console.log(`\n${result.total} matches for "${request.q}" (${request.mode}; terms: ${result.queryTerms.join(' ')}; ${result.tookMs.toFixed(1)} ms)\n`);
  const mark = (html: string) => html.replace(/<em>/g, '【').replace(/<\/em>/g, '】').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  console.log(
    renderTable(
      ['#', 'score', 'keyword', 'semantic', 'title', 'owner', 'IPC', 'matched'],
      result.hits.map((h, i) => [
        String(i + 1),
        h.score.toFixed(3),
        h.scoreDetails.keyword?.toFixed(3) ?? '–',
        h.scoreDetails.semantic?.toFixed(3) ?? '–',
        mark(h.highlights.title).slice(0, 40),
        (h.item.owners[0] ?? '').slice(0, 14),
        h.item.ipcCodes[0] ?? '',
        h.scoreDetails.matchedTerms.join(' '),
      ]),
      ['right', 'right', 'right', 'right', 'left', 'left', 'left', 'left'],
    ),
  );
  return 0;
}

async function matchCommand(storage: Storage, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { limit: { type: 'string', default: '5' } }, strict: true });
  const demand = positionals[0] ? await getDemand(storage.db, positionals[0]) : undefined;
  if (!demand) throw new UsageError(positionals[0] ? `no demand "${positionals[0]}"` : 'match needs a demand id');
  process.stdout.write('building the in-process index from the database (cached vectors) …\n');
  const { embedder } = await loadSemanticModel(storage.db);
  const engine = new EmbeddedSearchEngine();
  await new Indexer({ db: storage.db, engine, embedder }).rebuild();
  const matcher = new Matcher(searchSource({ db: storage.db, search: () => ({ engine, embedder }) }), storage.db, { config: defaultMatchingConfig(), catalogue: defaultChainCatalogue() });
  console.log(`\n需求 demand ${demand.id}: ${demand.title}\n`);
  console.log(renderMatches(await matcher.matchDemand(demand, { limit: Number(values.limit) })));
  return 0;
}

async function roadshowCommand(storage: Storage, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'min-supply': { type: 'string', default: '5' }, 'min-demand': { type: 'string', default: '3' }, gap: { type: 'string', default: '3' } }, strict: true });
  const [what, target] = positionals;
  const catalogue = defaultChainCatalogue();
  if (what === 'plan') {
    if (!target || !/^\d{4}$/.test(target)) throw new UsageError('roadshow plan needs a year, e.g. pnpm cli roadshow plan 2027');
    const { plan, roadshows } = await planAndSaveYear(storage.db, catalogue, { year: Number(target), minSupply: Number(values['min-supply']), minDemand: Number(values['min-demand']), minGapMonths: Number(values.gap) });
    console.log(renderYearPlan(plan));
    console.log(`\n${roadshows.length} roadshows: ${roadshows.map((r) => `${r.id} (${r.state})`).join(', ') || 'none'}`);
    return 0;
  }
  if (what === 'grid') {
    if (!target) throw new UsageError('roadshow grid needs a roadshow id, e.g. rs-2027-03-biomedicine');
    console.log(renderMeetingGrid(await meetingGrid(storage.db, catalogue, target)));
    return 0;
  }
  if (what === 'funnel') {
    console.log(renderFunnel(await funnelOfYear(storage.db, catalogue, target ? Number(target) : undefined)));
    return 0;
  }
  throw new UsageError('roadshow takes plan <year>, grid <roadshowId> or funnel [year]');
}

async function reindexCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { url: { type: 'string', default: process.env.PB_API_URL ?? `http://127.0.0.1:${process.env.PORT ?? 8080}` }, key: { type: 'string', default: process.env.PB_ADMIN_KEY } }, strict: true });
  if (!values.key) throw new UsageError('reindex needs the admin key: --key <key> or PB_ADMIN_KEY');
  const headers = { authorization: `Bearer ${values.key}` };
  const started = await fetch(`${values.url}/v1/index/rebuild`, { method: 'POST', headers }).catch(() => undefined);
  if (!started?.ok) throw new UsageError(`could not start a rebuild at ${values.url} (${started ? `HTTP ${started.status}` : 'no answer'}); is the service running?`);
  const { taskId } = (await started.json()) as { taskId: number };
  const bar = new cliProgress.SingleBar({ format: `task ${taskId} rebuilding |{bar}| {value}/{total} documents`, noTTYOutput: true, notTTYSchedule: 2000 }, cliProgress.Presets.shades_classic);
  let barStarted = false;
  for (;;) {
    const task = (await (await fetch(`${values.url}/v1/tasks/${taskId}`, { headers })).json()) as { status: string; progress?: { done: number; total: number }; error?: { message: string }; details: { documents?: number } };
    if (task.progress) {
      if (!barStarted) bar.start(task.progress.total, task.progress.done);
      else bar.update(task.progress.done);
      barStarted = true;
    }
    if (task.status === 'succeeded' || task.status === 'failed') {
      if (barStarted) bar.stop();
      console.log(task.status === 'succeeded' ? `rebuilt: ${task.details.documents} documents` : `rebuild failed: ${task.error?.message}`);
      return task.status === 'succeeded' ? 0 : 1;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function printCounts(c: ImportCounts, seconds: string): void {
  console.log(`\nreceived ${c.received} = imported ${c.imported} + updated ${c.updated} + unchanged ${c.unchanged} + merged duplicates ${c.merged} + rejected ${c.rejected}  (${seconds} s)`);
  const sum = c.imported + c.updated + c.unchanged + c.merged + c.rejected;
  if (sum !== c.received) console.error(`warning: the counts do not reconcile (${sum} ≠ ${c.received})`);
}

class UsageError extends Error {}

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  if (!command || command === '--help' || command === 'help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const storage = await openStorage(storageConfigFromEnv());
  try {
    switch (command) {
      case 'import':
        return await importCommand(storage, rest);
      case 'stats': {
        const { values } = parseArgs({ args: rest, options: { top: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } }, strict: true });
        const stats = await inventoryStatistics(storage.db, { top: Number(values.top), catalogue: defaultChainCatalogue() });
        console.log(values.json ? JSON.stringify(stats, null, 2) : renderInventoryStatistics(stats, { top: Number(values.top) }));
        return 0;
      }
      case 'patent': {
        const patent = rest[0] ? await findPatent(storage.db, rest[0]) : undefined;
        if (!patent) throw new UsageError(rest[0] ? `no patent has the id or number "${rest[0]}"` : 'patent needs an id or number');
        const { screening, ...record } = patent;
        console.log(JSON.stringify(record, null, 2));
        if (screening) {
          console.log(`\n筛选评分 screening ${screening.score} (${screening.grade}, ${screening.version})`);
          console.log(renderTable(['component', 'value', 'weight', 'points', 'note'], screening.components.map((c) => [c.name, c.value.toFixed(2), String(c.weight), c.points.toFixed(1), c.note]), ['left', 'right', 'right', 'right', 'left']));
        }
        return 0;
      }
      case 'errors': {
        const errors = await listTaskErrors(storage.db, Number(rest[0]));
        console.log(renderTable(['source', 'line', 'field', 'reason'], errors.map((e) => [e.source ?? '', String(e.line), e.field, e.message])));
        return 0;
      }
      case 'search':
        return await searchCommand(storage, rest);
      case 'match':
        return await matchCommand(storage, rest);
      case 'roadshow':
        return await roadshowCommand(storage, rest);
      case 'reindex':
        return await reindexCommand(rest);
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } finally {
    await storage.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    if (error instanceof RoadshowError) {
      console.error((error as Error).message);
      process.exit(1);
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(error as Error).message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(error);
    process.exit(1);
  },
);
