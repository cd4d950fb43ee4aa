import { createDemand, saveOrganization } from '@patent-bridge/db';
import { loadSmeEvalDemands } from '@patent-bridge/datasets';
import { DemandInput, type Demand } from '@patent-bridge/domain';
import { rebuildAllMatches } from '@patent-bridge/matching';
import { seededShuffle } from '../eval/corpus.ts';
import { buildMatchingWorld } from '../eval/matching-world.ts';

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function latencies(samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, p99 ${percentile(sorted, 99).toFixed(1)} ms`;
}

/**
 * Matching speed at 30k patents (every shared record, imported and indexed as `pnpm start` does):
 * one demand's live matches (`GET /v1/demands/{id}/matches` without HTTP) against plain hybrid
 * search as the baseline, and the batch job recomputing and storing the top-20 of 1,000 demands.
 */
export async function benchMatching(print: (line: string) => void): Promise<void> {
  const world = await buildMatchingWorld(new Set(), print);
  const matcher = world.matcher();
  const sme = await loadSmeEvalDemands();
  const enterprise = await saveOrganization(world.storage.db, { name: '基准测试企业（示例）', kind: 'enterprise', region: { province: '山东', city: '济南' } });
  // 1,000 demands: the 107 SME-language ones, then real patent titles posed as short demands.
  const titles = seededShuffle([...world.patents.values()].map((p) => p.title), 7).slice(0, 1000 - sme.length);
  const demands: Demand[] = [];
  for (const [i, d] of sme.entries()) {
    demands.push(await createDemand(world.storage.db, DemandInput.parse({ enterpriseId: enterprise.id, title: d.title, description: d.description, keywords: d.keywords, industryCode: d.industryCode, chains: d.chains, region: d.region, licenceModes: d.licenceModes }), `bench-${i}`));
  }
  for (const [i, title] of titles.entries()) demands.push(await createDemand(world.storage.db, DemandInput.parse({ enterpriseId: enterprise.id, title }), `bench-t${i}`));
  await world.storage.db.deleteFrom('match_queue').execute();

  // Warm-up, then single-demand latency: matcher and the plain hybrid search it starts from.
  for (const d of demands.slice(0, 20)) await matcher.matchDemand(d, { limit: 20 });
  const single = seededShuffle(demands, 11).slice(0, 300);
  const matchMs: number[] = [];
  const searchMs: number[] = [];
  for (const d of single) {
    let t = performance.now();
    await matcher.matchDemand(d, { limit: 20 });
    matchMs.push(performance.now() - t);
    t = performance.now();
    const text = [d.title, d.keywords.join(' '), d.description].join(' ');
    const [vector] = await world.embedder.embed([text]);
    await world.engine.search({ q: text, mode: 'hybrid', semanticRatio: 0.5, vector: vector!, filters: { kind: 'patent' }, facets: [], sort: [], limit: 20, offset: 0 });
    searchMs.push(performance.now() - t);
  }
  const p95 = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 95);
  print(`single demand → top-20 matches over ${world.patents.size} patents (${single.length} demands): ${latencies(matchMs)} (goal p95 ≤ 100 ms)`);
  print(`baseline, plain hybrid search for the same demands: ${latencies(searchMs)}; matcher p95 ÷ search p95 = ${(p95(matchMs) / p95(searchMs)).toFixed(2)}×`);

  const started = performance.now();
  let lastPrinted = 0;
  const result = await rebuildAllMatches(world.storage.db, world.matcher(), {
    onProgress: (done, total) => {
      if (done - lastPrinted >= 200 || done === total) {
        lastPrinted = done;
        print(`batch: ${done}/${total} demands (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      }
    },
  });
  const batchSeconds = result.matchingMs / 1000;
  print(`batch job: top-20 of ${result.demands} demands computed and stored in ${batchSeconds.toFixed(1)} s (${((batchSeconds * 1000) / result.demands).toFixed(1)} ms each; goal ≤ 20 s), ${result.matches} matches`);
  print(`then demand pull (screening) recomputed for the ${result.pullUpdated} patents whose pull changed: ${(result.pullMs / 1000).toFixed(1)} s`);
  const searchStarted = performance.now();
  for (const d of demands) {
    const text = [d.title, d.keywords.join(' '), d.description].join(' ');
    const [vector] = await world.embedder.embed([text]);
    await world.engine.search({ q: text, mode: 'hybrid', semanticRatio: 0.5, vector: vector!, filters: { kind: 'patent' }, facets: [], sort: [], limit: 20, offset: 0 });
  }
  const searchSeconds = (performance.now() - searchStarted) / 1000;
  print(`baseline, plain hybrid search for the same 1,000 demands (nothing stored): ${searchSeconds.toFixed(1)} s; batch ÷ search = ${(batchSeconds / searchSeconds).toFixed(2)}×`);
  await world.close();
}
