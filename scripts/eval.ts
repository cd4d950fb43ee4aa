/**
 * `pnpm eval [task …]`: retrieval quality on real labels, each system compared with the BM25 baseline
 * run in the same process. Tasks: search (IPC task 1 and BDCI task 2). Record results in docs/quality.md.
 */
import { machineLine } from './bench/machine.ts';
import { bdciTask, ipcTask, loadEvalDocuments } from './eval/corpus.ts';
import { evaluateSearch, type SystemScore } from './eval/search-quality.ts';

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

const SUITES: Record<string, () => Promise<void>> = { search: searchSuite };
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
