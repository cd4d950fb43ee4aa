/**
 * `pnpm eval [task …]`: retrieval quality on real labels, each system compared with the BM25 baseline
 * run in the same process. Tasks: search (IPC task 1 and BDCI task 2). Record results in docs/quality.md.
 */
import { machineLine } from './bench/machine.ts';
import { bdciTask, ipcTask, loadEvalDocuments } from './eval/corpus.ts';
import { evaluateSearch, type SystemScore } from './eval/search-quality.ts';
import { evaluateMatching } from './eval/matching-quality.ts';

function table(scores: SystemScore[]): string {
  const rows = scores.map((s) => `| ${s.system} | ${s.ndcg10.toFixed(4)} | ${s.recall100.toFixed(4)} | ${s.ratio.toFixed(3)}× |`);
  return ['| system | nDCG@10 | Recall@100 | nDCG@10 vs baseline |', '|---|---|---|---|', ...rows].join('\n');
}

async function searchSuite(): Promise<void> {
  const docs = await loadEvalDocuments();
  for (const task of [ipcTask(docs), bdciTask(docs)]) {
    console.log(`\n### ${task.name}: ${task.description}`);
    const scores = await evaluateSearch(task, (line) => console.log(`- ${line}`));
    console.log(table(scores));
  }
}

async function matchingSuite(): Promise<void> {
  const result = await evaluateMatching((line) => console.log(`- ${line}`));
  for (const task of result.tasks) {
    console.log(`\n### ${task.name}: ${task.description}`);
    const hybrid = task.scores.find((s) => s.system === 'hybrid search')!;
    console.log(['| system | nDCG@10 | P@10 | nDCG@10 vs BM25 | vs hybrid |', '|---|---|---|---|---|', ...task.scores.map((s) => `| ${s.system} | ${s.ndcg10.toFixed(4)} | ${s.p10.toFixed(4)} | ${s.vsBm25.toFixed(3)}× | ${(hybrid.ndcg10 ? s.ndcg10 / hybrid.ndcg10 : 0).toFixed(3)}× |`)].join('\n'));
  }
  const l = result.learning;
  console.log(`\n### learning weights from logged feedback (simulated on ${l.trainDemands} SME demands, ${l.examples} verdicts; held out: ${l.testDemands} demands)`);
  console.log(`| weights | held-out nDCG@10 |\n|---|---|\n| default | ${l.defaultNdcg.toFixed(4)} |\n| learned | ${l.learnedNdcg.toFixed(4)} (${(l.defaultNdcg ? l.learnedNdcg / l.defaultNdcg : 0).toFixed(3)}×) |`);
  console.log(`learned weights: ${Object.entries(l.learned).map(([k, v]) => `${k}=${v}`).join(' ')}`);
}

const SUITES: Record<string, () => Promise<void>> = { search: searchSuite, matching: matchingSuite };
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((s) => !SUITES[s]);
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
console.log(`patent-bridge eval · ${new Date().toISOString()} · ${machineLine()}`);
for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
  console.log(`\n## ${name}`);
  await SUITES[name]!();
}
process.exit(0);
