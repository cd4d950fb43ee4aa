/**
 * `pnpm bench [suite …]`: speed figures, each comparison with its baseline run in the same process.
 * Suites: import, indexing, search-engine (30k and 300k latency, RSS, MiniSearch baseline), http
 * (search-only and the partner mix; `--profile` adds a server CPU profile), matching, meetings. Record results in docs/benchmarks.md.
 */
import { benchImport } from './bench/import.ts';
import { benchIndexing } from './bench/indexing.ts';
import { benchHttp } from './bench/http.ts';
import { benchMatching } from './bench/matching.ts';
import { benchMeetings } from '../packages/roadshow/bench/meetings-bench.ts';
import { benchSearchEngine } from '../packages/search/bench/engine-bench.ts';
import { machineLine } from './bench/machine.ts';

const SUITES: Record<string, (print: (line: string) => void) => Promise<void>> = {
  import: benchImport,
  indexing: benchIndexing,
  'search-engine': async (print) => void (await benchSearchEngine(print)),
  http: benchHttp,
  matching: benchMatching,
  meetings: benchMeetings,
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((s) => !SUITES[s]);
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(', ')}; available: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}
console.log(`patent-bridge bench · ${new Date().toISOString()} · ${machineLine()}`);
for (const name of wanted.length ? wanted : Object.keys(SUITES)) {
  console.log(`\n## ${name}`);
  await SUITES[name]!((line) => console.log(`- ${line}`));
}
process.exit(0);
