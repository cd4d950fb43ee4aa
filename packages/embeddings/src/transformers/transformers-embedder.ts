/**
 * Embeddings from a transformers.js (ONNX) sentence model: mean pooling over the tokens, L2
 * normalised, in batches. Selected by `EMBEDDING_MODEL` (a local model folder or a hub id).
 */
import { createHash } from 'node:crypto';
import { basename, dirname, resolve, sep } from 'node:path';
import { env, pipeline } from '@huggingface/transformers';
import type { Embedder } from '../embedder.ts';
import { configuredDimensions, isFolder, modelFolderVersion } from './model-folder.ts';

export interface TransformersEmbedderOptions {
  /** A model folder (`config.json`, `tokenizer.json`, `onnx/model.onnx`, …) or a hub id such as `Xenova/bge-small-zh-v1.5`. */
  model: string;
  /** Folder holding hub-id models as `<localModelPath>/<owner>/<name>`; transformers.js's default when unset. */
  localModelPath?: string;
  /** Allow downloading a hub id that is not on disk (default false). */
  allowRemote?: boolean;
  /** Texts per inference call (default 32). */
  batchSize?: number;
  /** Which ONNX weights to load: `fp32` (`onnx/model.onnx`, default), `q8` (`onnx/model_quantized.onnx`), … */
  dtype?: 'fp32' | 'fp16' | 'int8' | 'uint8' | 'q8' | 'q4' | 'q4f16' | 'bnb4';
}

/** The slice of the transformers.js feature-extraction pipeline this module uses. */
interface FeatureExtractor {
  (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ data: ArrayLike<number>; dims: number[] }>;
  dispose(): Promise<void>;
}

const POOLING = 'mean+normalize';

/**
 * A loaded transformers.js model. Create it with `createTransformersEmbedder`.
 *
 * @example
 * const embedder = await createTransformersEmbedder({ model: '/models/bge-small-zh-v1.5' });
 * const [vector] = await embedder.embed(['一种滚筒杀青机']);
 * await embedder.dispose();
 */
export class TransformersEmbedder implements Embedder {
  readonly id: string;
  readonly version: string;
  readonly dimensions: number;
  readonly #extractor: FeatureExtractor;
  readonly #batchSize: number;

  constructor(init: { model: string; version: string; dimensions: number; extractor: FeatureExtractor; batchSize: number }) {
    this.id = `transformers:${init.model}`;
    this.version = init.version;
    this.dimensions = init.dimensions;
    this.#extractor = init.extractor;
    this.#batchSize = init.batchSize;
  }

  /**
   * Unit vectors, one per text, computed `batchSize` texts at a time; blank texts get the zero
   * vector without running the model.
   *
   * @example
   * const vectors = await embedder.embed(['锂离子电池正极材料', '']); // vectors[1] is all zeros
   */
  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    const out: Float32Array[] = texts.map(() => new Float32Array(this.dimensions));
    const pending = texts.map((text, i) => ({ text, i })).filter(({ text }) => text.trim() !== '');
    for (let start = 0; start < pending.length; start += this.#batchSize) {
      const batch = pending.slice(start, start + this.#batchSize);
      const tensor = await this.#extractor(batch.map(({ text }) => text), { pooling: 'mean', normalize: true });
      const width = tensor.dims.at(-1) ?? 0;
      if (width !== this.dimensions) throw new Error(`${this.id} returned ${width}-dimensional vectors, expected ${this.dimensions}`);
      batch.forEach(({ i }, row) => {
        const vector = out[i]!;
        for (let j = 0; j < width; j++) vector[j] = Number(tensor.data[row * width + j]);
      });
    }
    return out;
  }

  /**
   * Releases the ONNX session.
   *
   * @example
   * await embedder.dispose();
   */
  async dispose(): Promise<void> {
    await this.#extractor.dispose();
  }
}

/** transformers.js keeps its settings in one global `env`: loads are serialised so they do not see each other's. */
let loading: Promise<unknown> = Promise.resolve();

/**
 * Loads a transformers.js feature-extraction model. A local folder is loaded with remote models
 * switched off (`env.allowRemoteModels = false`, `env.localModelPath` = its parent); a hub id is
 * looked up under `localModelPath` and downloaded only with `allowRemote`. The `version` hashes the
 * model files (see `modelFolderVersion`); `dimensions` comes from `config.json` or, failing that,
 * from a probe embedding.
 *
 * @example
 * const embedder = await createTransformersEmbedder({ model: process.env.EMBEDDING_MODEL! });
 * embedder.id;         // 'transformers:/models/bge-small-zh-v1.5'
 * embedder.dimensions; // 512
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  const run = loading.then(() => load(options));
  loading = run.catch(() => undefined);
  return run;
}

async function load(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
  const dtype = options.dtype ?? 'fp32';
  const batchSize = options.batchSize ?? 32;
  if (!(Number.isInteger(batchSize) && batchSize > 0)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const localFolder = (await isFolder(options.model)) ? resolve(options.model) : undefined;

  let modelId: string;
  let folder: string | undefined;
  env.allowLocalModels = true;
  if (localFolder !== undefined) {
    env.allowRemoteModels = false;
    const name = basename(localFolder);
    if (/^[\w.-]+$/.test(name) && !name.includes('..') && !name.includes('--')) {
      env.localModelPath = dirname(localFolder) + sep;
      modelId = name;
    } else {
      modelId = localFolder; // not a hub-like name: transformers.js then reads the path as given
    }
    folder = localFolder;
  } else {
    if (options.localModelPath !== undefined) env.localModelPath = resolve(options.localModelPath) + sep;
    env.allowRemoteModels = options.allowRemote ?? false;
    modelId = options.model;
    const underLocalPath = resolve(env.localModelPath, options.model);
    folder = (await isFolder(underLocalPath)) ? underLocalPath : undefined;
    if (folder === undefined && !env.allowRemoteModels) {
      throw new Error(`embedding model ${options.model} is neither a folder nor under ${env.localModelPath}; download it there or allow remote models`);
    }
  }

  const extractor = (await pipeline('feature-extraction', modelId, { dtype })) as unknown as FeatureExtractor;
  const version = folder !== undefined ? await modelFolderVersion(folder, dtype, POOLING) : remoteVersion(options.model, dtype);
  let dimensions = folder !== undefined ? await configuredDimensions(folder) : undefined;
  if (dimensions === undefined) {
    const probe = await extractor(['probe'], { pooling: 'mean', normalize: true });
    dimensions = probe.dims.at(-1) ?? 0;
  }
  return new TransformersEmbedder({ model: options.model, version, dimensions, extractor, batchSize });
}

/** For a model only known by hub id (downloaded into transformers.js's cache): id, dtype and pooling. */
function remoteVersion(model: string, dtype: string): string {
  return `tf1-hub-${createHash('sha256').update(`${model}\u0000${dtype}\u0000${POOLING}`).digest('hex').slice(0, 16)}`;
}
