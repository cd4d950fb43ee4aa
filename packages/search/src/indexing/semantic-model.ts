import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import {
  createTransformersEmbedder,
  decodeOfflineModel,
  encodeOfflineModel,
  OFFLINE_EMBEDDER_ID,
  OfflineEmbedder,
  offlineEmbedderStaleness,
  trainOfflineEmbedder,
  type Embedder,
  type OfflineTrainingDocument,
} from '@patent-bridge/embeddings';

export interface SemanticModelOptions {
  /** `EMBEDDING_MODEL`: a transformers.js model folder or hub id; unset selects the offline embedder. */
  model?: string;
  /** Allow the transformers.js embedder to download from the model hub. */
  allowRemote?: boolean;
  /** The embedder the caller already holds; reused when it is still the newest stored one. */
  current?: Embedder;
}

/**
 * The corpus the offline embedder learns from: every patent's title and abstract, labelled with its
 * IPC codes, plus demand texts (unlabelled), read from the database in id order.
 *
 * @example
 * const docs = await trainingCorpus(db); // ≈31k after `import --dataset all`
 */
export async function trainingCorpus(db: Kysely<Database>): Promise<OfflineTrainingDocument[]> {
  const docs: OfflineTrainingDocument[] = [];
  let after = '';
  for (;;) {
    const rows = await db.selectFrom('patents').select(['id', 'title', 'abstract', 'ipc_codes']).where('id', '>', after).orderBy('id').limit(5000).execute();
    if (rows.length === 0) break;
    for (const r of rows) docs.push({ text: `${r.title} ${r.abstract ?? ''}`, labels: r.ipc_codes });
    after = rows[rows.length - 1]!.id;
  }
  const demands = await db.selectFrom('demands').select(['title', 'description']).execute();
  for (const d of demands) docs.push({ text: `${d.title} ${d.description}` });
  return docs;
}

/**
 * Loads the embedder every process shares. With `EMBEDDING_MODEL`, the transformers.js model; otherwise
 * the newest offline embedder stored in `embedder_models`, retrained (and stored) first when there is
 * none yet or the corpus has grown past the retrain threshold. Returns whether it was (re)trained,
 * because a new version means every vector is recomputed.
 *
 * @example
 * const { embedder, trained } = await loadSemanticModel(db, { model: process.env.EMBEDDING_MODEL });
 */
export async function loadSemanticModel(db: Kysely<Database>, options: SemanticModelOptions = {}): Promise<{ embedder: Embedder; trained: boolean }> {
  if (options.model?.trim()) {
    return { embedder: await createTransformersEmbedder({ model: options.model.trim(), ...(options.allowRemote !== undefined ? { allowRemote: options.allowRemote } : {}) }), trained: false };
  }
  const latest = await db.selectFrom('embedder_models').select(['version']).where('embedder_id', '=', OFFLINE_EMBEDDER_ID).orderBy('created_at', 'desc').limit(1).executeTakeFirst();
  const [patents, demands] = await Promise.all(
    (['patents', 'demands'] as const).map(async (table) => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),
  );
  const corpusCount = patents! + demands!;
  if (latest) {
    // The 31 MB model is decoded only when another process stored a newer one than the caller holds.
    const current =
      options.current instanceof OfflineEmbedder && options.current.version === latest.version
        ? options.current
        : decodeOfflineModel((await db.selectFrom('embedder_models').select('model').where('version', '=', latest.version).executeTakeFirstOrThrow()).model);
    // Retrain when the corpus grew or shrank past the policy, or the text pipeline or settings changed.
    if (corpusCount === 0 || offlineEmbedderStaleness(current, corpusCount) === 'current') return { embedder: current, trained: false };
  }
  const embedder = trainOfflineEmbedder(await trainingCorpus(db));
  await db
    .insertInto('embedder_models')
    .values({ version: embedder.version, embedder_id: OFFLINE_EMBEDDER_ID, trained_on: corpusCount, model: encodeOfflineModel(embedder.state) })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
  return { embedder, trained: true };
}
