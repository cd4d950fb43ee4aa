// Weights sweep over the matching tasks (not a suite): npx tsx scripts/eval/weights-sweep.ts
// Edit `variants` to compare configurations on the three matching tasks in one run.
import { defaultMatchingConfig, MatchingConfig, withWeights } from '@patent-bridge/matching';
import { matchingTasks, runTask } from './matching-quality.ts';

const { world, bm25, tasks } = await matchingTasks(console.log);
const base = defaultMatchingConfig();
const light = { vitality: 0.05, licence: 0.04, region: 0.03, owner_kind: 0.03, screening: 0.04 };
const variants: Record<string, MatchingConfig> = {
  default: base,
  light06: withWeights(base, 'l6', light),
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
