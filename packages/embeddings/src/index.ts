/**
 * @patent-bridge/embeddings: text → vector for semantic search.
 *
 * Two implementations of `Embedder`: the offline embedder (default), trained on the indexed
 * corpus itself (term × IPC-label and term × term co-occurrence, reduced by truncated SVD), and a
 * transformers.js model selected by `EMBEDDING_MODEL`. `createEmbedder` picks one;
 * `ensureOfflineEmbedder` trains/retrains the offline one. See DECISION.md for the measurements.
 *
 * @example
 * import { createEmbedder, ensureOfflineEmbedder } from '@patent-bridge/embeddings';
 * const embedder =
 *   (await createEmbedder({ model: process.env.EMBEDDING_MODEL, dataDir })) ??
 *   (await ensureOfflineEmbedder({ dataDir, count, corpus })).embedder;
 * const [vector] = await embedder.embed(['茶叶杀青设备']);
 */
export type { Embedder } from './embedder.ts';
export { createEmbedder, usesOfflineEmbedder, type EmbedderConfig } from './factory.ts';

export {
  OfflineEmbedder,
  OFFLINE_EMBEDDER_ID,
  offlineModelVersion,
  offlineModelContentHash,
  type OfflineModelState,
} from './offline/offline-embedder.ts';
export { offlineEmbedderStaleness, type OfflineEmbedderStaleness } from './offline/offline-embedder-staleness.ts';
export {
  trainOfflineEmbedder,
  trainOfflineEmbedderFromTokens,
  type OfflineTrainingDocument,
  type TokenizedTrainingDocument,
} from './offline/train-offline-embedder.ts';
export {
  DEFAULT_OFFLINE_SETTINGS,
  resolveOfflineSettings,
  type OfflineEmbedderOptions,
  type OfflineEmbedderSettings,
  type OfflineTokenMode,
  type LabelWeighting,
  type TermWeighting,
} from './offline/offline-embedder-settings.ts';
export { loadOfflineEmbedder, encodeOfflineModel, decodeOfflineModel, OfflineModelFileError } from './offline/model-file.ts';
export {
  OfflineEmbedderStore,
  ensureOfflineEmbedder,
  OFFLINE_MODEL_FILE,
  type EnsureOfflineEmbedderOptions,
  type EnsuredOfflineEmbedder,
  type OfflineEmbedderStatus,
} from './offline/offline-embedder-store.ts';
export { shouldRetrain, corpusChange, DEFAULT_RETRAIN_POLICY, type RetrainPolicy, type CorpusChange } from './offline/retrain-policy.ts';
export { textTokens } from './offline/text-tokens.ts';

export { createTransformersEmbedder, TransformersEmbedder, type TransformersEmbedderOptions } from './transformers/transformers-embedder.ts';
