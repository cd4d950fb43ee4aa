/**
 * Where the trained offline embedder is kept between runs (`<dataDir>/embeddings/`), and the
 * explicit step that trains it when it is missing or stale.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { loadOfflineEmbedder, OfflineModelFileError } from './model-file.ts';
import type { OfflineEmbedder } from './offline-embedder.ts';
import { resolveOfflineSettings, type OfflineEmbedderOptions } from './offline-embedder-settings.ts';
import { offlineEmbedderStaleness, type OfflineEmbedderStaleness } from './offline-embedder-staleness.ts';
import type { RetrainPolicy } from './retrain-policy.ts';
import { textTokens } from './text-tokens.ts';
import { trainOfflineEmbedderFromTokens, type OfflineTrainingDocument, type TokenizedTrainingDocument } from './train-offline-embedder.ts';

/** File name of the model inside `<dataDir>/embeddings/`. */
export const OFFLINE_MODEL_FILE = 'offline-embedder.bin';

/**
 * The model file of one data folder.
 *
 * @example
 * const store = new OfflineEmbedderStore('./data');
 * const embedder = await store.load(); // undefined before the first training
 */
export class OfflineEmbedderStore {
  readonly path: string;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'embeddings', OFFLINE_MODEL_FILE);
  }

  /**
   * The saved model, or undefined when there is none. Throws `OfflineModelFileError` for a
   * damaged file or one of another format.
   *
   * @example
   * const embedder = await new OfflineEmbedderStore(dataDir).load();
   */
  async load(): Promise<OfflineEmbedder | undefined> {
    if (!(await access(this.path).then(() => true, () => false))) return undefined;
    return loadOfflineEmbedder(this.path);
  }

  /**
   * Saves (replaces) the model.
   *
   * @example
   * await new OfflineEmbedderStore(dataDir).save(embedder);
   */
  async save(embedder: OfflineEmbedder): Promise<void> {
    await embedder.save(this.path);
  }
}

/** Why `ensureOfflineEmbedder` trained, or `current` when it kept the saved model. */
export type OfflineEmbedderStatus = OfflineEmbedderStaleness | 'missing' | 'unreadable';

export interface EnsureOfflineEmbedderOptions {
  dataDir: string;
  /** Documents in the corpus now (compared with the count the saved model was trained on). */
  count: number;
  /** The corpus (title + abstract, IPC codes as labels); read only when training. */
  corpus: () => AsyncIterable<OfflineTrainingDocument> | Iterable<OfflineTrainingDocument>;
  /** Training settings; a saved model trained with other settings is retrained. */
  options?: OfflineEmbedderOptions;
  policy?: Partial<RetrainPolicy>;
}

export interface EnsuredOfflineEmbedder {
  embedder: OfflineEmbedder;
  status: OfflineEmbedderStatus;
  /** True when the model was (re)trained and saved by this call: re-embed the index. */
  trained: boolean;
  /** Version of the model that was replaced, if any. */
  previousVersion?: string;
}

/**
 * Loads the offline embedder of `dataDir`, training and saving a new one when there is none, the
 * file is unreadable, it was trained with other settings or another text pipeline version, or
 * the corpus changed past the retrain policy (default: +20% documents). The indexer calls this
 * before (re)building the vector index; `trained` tells it to re-embed everything.
 *
 * @example
 * const { embedder, trained } = await ensureOfflineEmbedder({
 *   dataDir,
 *   count: await patents.count(),
 *   corpus: () => patents.scan(), // AsyncIterable<{ text, labels }>
 * });
 */
export async function ensureOfflineEmbedder(options: EnsureOfflineEmbedderOptions): Promise<EnsuredOfflineEmbedder> {
  const store = new OfflineEmbedderStore(options.dataDir);
  const settings = resolveOfflineSettings(options.options);
  let saved: OfflineEmbedder | undefined;
  let status: OfflineEmbedderStatus;
  try {
    saved = await store.load();
    status =
      saved === undefined
        ? 'missing'
        : offlineEmbedderStaleness(saved, options.count, { options: settings, ...(options.policy ? { policy: options.policy } : {}) });
  } catch (error) {
    if (!(error instanceof OfflineModelFileError)) throw error;
    status = 'unreadable';
  }
  if (saved !== undefined && status === 'current') return { embedder: saved, status, trained: false };

  const documents: TokenizedTrainingDocument[] = [];
  for await (const document of options.corpus()) {
    documents.push({ tokens: textTokens(document.text, settings.tokens), labels: document.labels ?? [] });
  }
  const embedder = trainOfflineEmbedderFromTokens(documents, settings);
  await store.save(embedder);
  return { embedder, status, trained: true, ...(saved ? { previousVersion: saved.version } : {}) };
}
