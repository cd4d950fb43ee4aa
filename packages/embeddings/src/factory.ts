/**
 * Picks the embedder from configuration: a transformers.js model when `EMBEDDING_MODEL` is set,
 * else the offline embedder trained on the corpus.
 */
import type { Embedder } from './embedder.ts';
import { OfflineEmbedderStore } from './offline/offline-embedder-store.ts';
import { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformers/transformers-embedder.ts';

export interface EmbedderConfig {
  /** `EMBEDDING_MODEL`: a model folder or hub id. Unset or blank selects the offline embedder. */
  model?: string;
  /** The service's data folder; the offline model lives in `<dataDir>/embeddings/`. */
  dataDir: string;
  /** transformers.js only: where hub-id models are looked up. */
  localModelPath?: string;
  /** transformers.js only: allow downloading a hub id (default false). */
  allowRemote?: boolean;
  /** transformers.js only: texts per inference call. */
  batchSize?: number;
  /** transformers.js only: ONNX weights variant. */
  dtype?: TransformersEmbedderOptions['dtype'];
}

/**
 * The configured embedder. With `model` set, a transformers.js embedder (loaded now). Otherwise
 * the offline embedder saved in `dataDir`, or `undefined` when none has been trained yet: the
 * caller (the indexer) then trains it with `ensureOfflineEmbedder`, which also retrains a stale one.
 *
 * @example
 * const embedder =
 *   (await createEmbedder({ model: process.env.EMBEDDING_MODEL, dataDir })) ??
 *   (await ensureOfflineEmbedder({ dataDir, count, corpus })).embedder;
 */
export async function createEmbedder(config: EmbedderConfig): Promise<Embedder | undefined> {
  const model = config.model?.trim();
  if (model) {
    return createTransformersEmbedder({
      model,
      ...(config.localModelPath !== undefined ? { localModelPath: config.localModelPath } : {}),
      ...(config.allowRemote !== undefined ? { allowRemote: config.allowRemote } : {}),
      ...(config.batchSize !== undefined ? { batchSize: config.batchSize } : {}),
      ...(config.dtype !== undefined ? { dtype: config.dtype } : {}),
    });
  }
  return new OfflineEmbedderStore(config.dataDir).load();
}

/**
 * True when `config` selects the offline embedder (no `EMBEDDING_MODEL`): the indexer then owns
 * its training through `ensureOfflineEmbedder`.
 *
 * @example
 * if (usesOfflineEmbedder({ model: process.env.EMBEDDING_MODEL, dataDir })) await ensureOfflineEmbedder(…);
 */
export function usesOfflineEmbedder(config: Pick<EmbedderConfig, 'model'>): boolean {
  return !config.model?.trim();
}
