import { bdciLabelForIpc, loadBdciLabelTaxonomy, loadSmeEvalDemands, sharedDatasetsRoot } from '@patent-bridge/datasets';
import { ipcClass, ipcSubclass, type Demand, type Patent } from '@patent-bridge/domain';
import { defaultMatchingConfig, learnWeights, type FeedbackExample, type MatchingConfig } from '@patent-bridge/matching';
import { buildBm25Baseline } from './baseline-bm25.ts';
import { bdciTask, ipcTask, loadEvalDocuments, type EvalDocument } from './corpus.ts';
import { buildMatchingWorld, type MatchingWorld } from './matching-world.ts';
import { mean, ndcgAt, precisionAt } from './metrics.ts';

/** One query of a matching task: a demand, and the gain of each patent for it. */
interface MatchingQuery {
  demand: Demand;
  gain: (patent: Patent) => number;
}

export interface MatchingScore {
  system: string;
  ndcg10: number;
  p10: number;
  /** nDCG@10 ÷ the BM25 baseline's, same run. */
  vsBm25: number;
}

const BM25 = 'BM25 baseline (MiniSearch)';
const HYBRID = 'hybrid search';
const MATCHER = 'matcher';

function demandOf(id: string, text: string, extra: Partial<Demand> = {}): Demand {
  return { id, enterpriseId: 'org_eval', title: text, description: '', keywords: [], chains: [], region: {}, licenceModes: [], visibility: 'public', status: 'open', createdAt: '', updatedAt: '', ...extra };
}

function queryText(d: Demand): string {
  return [d.title, d.keywords.join(' '), d.description].filter((s) => s.trim()).join(' ');
}

/** Runs BM25, plain hybrid search and the matcher over one task's queries. */
export async function runTask(world: MatchingWorld, bm25: ReturnType<typeof buildBm25Baseline>, queries: MatchingQuery[], config: MatchingConfig, print: (line: string) => void): Promise<MatchingScore[]> {
  const matcher = world.matcher(config);
  const patents = [...world.patents.values()];
  const runs: Record<string, { ndcg: number[]; p: number[] }> = { [BM25]: { ndcg: [], p: [] }, [HYBRID]: { ndcg: [], p: [] }, [MATCHER]: { ndcg: [], p: [] } };
  const started = performance.now();
  for (const [i, q] of queries.entries()) {
    const gains = patents.map(q.gain);
    const gain = (id: string) => {
      const p = world.patents.get(id);
      return p ? q.gain(p) : 0;
    };
    const text = queryText(q.demand);
    const [vector] = await world.embedder.embed([text]);
    const hybrid = await world.engine.search({ q: text, mode: 'hybrid', semanticRatio: 0.5, vector: vector!, filters: { kind: 'patent' }, facets: [], sort: [], limit: 10, offset: 0 });
    let matched: string[] = [];
    try {
      matched = (await matcher.matchDemand(q.demand, { limit: 10 })).map((m) => m.patentId);
    } catch {
      matched = [];
    }
    const ranked: Record<string, string[]> = { [BM25]: bm25.search(text, 10), [HYBRID]: hybrid.hits.map((h) => h.id), [MATCHER]: matched };
    for (const [system, ids] of Object.entries(ranked)) {
      runs[system]!.ndcg.push(ndcgAt(10, ids, gain, gains));
      runs[system]!.p.push(precisionAt(10, ids, gain));
    }
    if ((i + 1) % 100 === 0) print(`${i + 1}/${queries.length} queries (${((performance.now() - started) / (i + 1)).toFixed(0)} ms each, all systems)`);
  }
  const base = mean(runs[BM25]!.ndcg);
  return Object.entries(runs).map(([system, r]) => ({ system, ndcg10: mean(r.ndcg), p10: mean(r.p), vsBm25: base ? mean(r.ndcg) / base : 0 }));
}

/** Simulated feedback on training demands: the top 20 of each, interested when relevant. */
async function feedbackExamples(world: MatchingWorld, queries: MatchingQuery[]): Promise<FeedbackExample[]> {
  const matcher = world.matcher();
  const examples: FeedbackExample[] = [];
  for (const q of queries) {
    for (const m of await matcher.matchDemand(q.demand, { limit: 20 })) examples.push({ features: m.features, label: q.gain(world.patents.get(m.patentId)!) >= 1 ? 1 : 0 });
  }
  return examples;
}

export interface MatchingEvaluation {
  tasks: Array<{ name: string; description: string; scores: MatchingScore[] }>;
  learning: { trainDemands: number; testDemands: number; examples: number; defaultNdcg: number; learnedNdcg: number; learned: MatchingConfig['weights'] };
}

/** Builds the world and the three matching tasks' queries. */
export async function matchingTasks(print: (line: string) => void) {
  const docs = await loadEvalDocuments();
  const t1 = ipcTask(docs);
  const t2 = bdciTask(docs);
  const held = new Set([...t1.queries, ...t2.queries].map((q) => Number(q.id.slice(1))));
  const world = await buildMatchingWorld(held, print);
  const corpus: EvalDocument[] = [...world.patents.values()].map((p) => ({ id: p.id, title: p.title, body: p.abstract ?? '', ipc: p.ipcCodes, subclasses: new Set(), classes: new Set(), dataset: '' }));
  const bm25 = buildBm25Baseline(corpus);
  const taxonomy = await loadBdciLabelTaxonomy(sharedDatasetsRoot());
  const subclasses = new Map([...world.patents.values()].map((p) => [p.id, new Set(p.ipcCodes.map(ipcSubclass))]));
  const classes = new Map([...world.patents.values()].map((p) => [p.id, new Set(p.ipcCodes.map(ipcClass))]));
  const bdciLabel = (p: Patent) => p.attributes.labelId ?? (p.ipcCodes.length ? bdciLabelForIpc(taxonomy, p.ipcCodes[0]!) : undefined);

  const sme = await loadSmeEvalDemands();
  const smeQueries: MatchingQuery[] = sme.map((d) => {
    const labels = new Set(d.relevantIpcSubclasses);
    return {
      demand: demandOf(d.id, d.title, { description: d.description, keywords: d.keywords, industryCode: d.industryCode, chains: d.chains, region: d.region, licenceModes: d.licenceModes, ...(d.budgetCny ? { budgetCny: d.budgetCny } : {}) }),
      gain: (p) => ([...subclasses.get(p.id)!].some((s) => labels.has(s)) ? 1 : 0),
    };
  });
  const byId = new Map(docs.map((d) => [d.id, d]));
  const t1Queries: MatchingQuery[] = t1.queries.map((q) => {
    const query = byId.get(q.id)!;
    return { demand: demandOf(q.id, q.text), gain: (p) => ([...query.subclasses].some((s) => subclasses.get(p.id)!.has(s)) ? 1 : [...query.classes].some((c) => classes.get(p.id)!.has(c)) ? 0.5 : 0) };
  });
  const t2Queries: MatchingQuery[] = t2.queries.map((q) => {
    const label = byId.get(q.id)!.bdciLabel;
    return { demand: demandOf(q.id, q.text), gain: (p) => (String(bdciLabel(p)) === label ? 1 : 0) };
  });

  const tasks = [
    { name: 'sme-language', description: `${smeQueries.length} project-written SME demands (zh-Hans, zh-Hant, en); gain 1 when a patent has a labelled IPC subclass`, queries: smeQueries },
    { name: t1.name, description: t1.description, queries: t1Queries },
    { name: t2.name, description: t2.description, queries: t2Queries },
  ];
  return { world, bm25, tasks, smeQueries };
}

/**
 * The matching evaluation: the SME-language task (project-written demands labelled with IPC
 * subclasses) and the search issue's real-label tasks (IPC, BDCI), each through BM25, plain hybrid
 * search and the matcher; then weights learned from simulated feedback on half of the SME demands,
 * measured on the other half.
 *
 * @example
 * const result = await evaluateMatching(console.log);
 */
export async function evaluateMatching(print: (line: string) => void): Promise<MatchingEvaluation> {
  const { world, bm25, tasks: taskList, smeQueries } = await matchingTasks(print);
  const config = defaultMatchingConfig();
  const tasks: MatchingEvaluation['tasks'] = [];
  for (const { name, description, queries } of taskList) {
    print(`${name}: ${queries.length} queries over ${world.patents.size} patents`);
    tasks.push({ name, description, scores: await runTask(world, bm25, [...queries], config, print) });
  }

  const train = smeQueries.filter((_, i) => i % 2 === 1);
  const test = smeQueries.filter((_, i) => i % 2 === 0);
  const examples = await feedbackExamples(world, train);
  const learned = learnWeights(examples, config, `${config.version}-learned`);
  const ndcgOn = async (c: MatchingConfig) => (await runTask(world, bm25, test, c, () => {})).find((s) => s.system === MATCHER)!.ndcg10;
  const learning = { trainDemands: train.length, testDemands: test.length, examples: examples.length, defaultNdcg: await ndcgOn(config), learnedNdcg: await ndcgOn(learned), learned: learned.weights };
  await world.close();
  return { tasks, learning };
}
