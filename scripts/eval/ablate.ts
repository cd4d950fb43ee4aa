// Weights sweep over the matching tasks (not a suite): npx tsx scripts/eval/ablate.ts
import { defaultMatchingConfig, withWeights } from '@patent-bridge/matching';
import { matchingTasks, runTask } from './matching-quality.ts';

const { world, bm25, tasks } = await matchingTasks(console.log);
const base = defaultMatchingConfig();
const light = { vitality: 0.03, licence: 0.02, region: 0.02, owner_kind: 0.02, screening: 0.03 };
const variants = {
  default: base,
  lightStanding: withWeights(base, 'b', light),
  lightMoreSemantic: withWeights(base, 'd', { ...light, semantic: 0.4 }),
};
for (const [name, config] of Object.entries(variants)) {
  const row: string[] = [];
  for (const task of tasks) {
    const scores = await runTask(world, bm25, task.queries, config, () => {});
    const m = scores.find((s) => s.system === 'matcher')!;
    const h = scores.find((s) => s.system === 'hybrid search')!;
    row.push(`${task.name} ${m.ndcg10.toFixed(4)} (hybrid ${h.ndcg10.toFixed(4)})`);
  }
  console.log(name, row.join(' | '));
}
process.exit(0);
