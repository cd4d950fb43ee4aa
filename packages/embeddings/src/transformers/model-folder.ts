/**
 * Where a transformers.js model's files are on disk, and a version derived from their content.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files that decide what a text's vector is, besides the ONNX weights. */
const DESCRIPTION_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'vocab.txt'];

/** ONNX file suffix per transformers.js dtype (`onnx/model<suffix>.onnx`). */
const DTYPE_SUFFIX: Readonly<Record<string, string>> = {
  fp32: '',
  fp16: '_fp16',
  int8: '_int8',
  uint8: '_uint8',
  q8: '_quantized',
  q4: '_q4',
  q4f16: '_q4f16',
  bnb4: '_bnb4',
};

/**
 * True when `path` is a folder.
 *
 * @example
 * await isFolder('/models/bge-small-zh'); // true
 */
export async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The ONNX weights file transformers.js loads for a dtype, relative to the model folder.
 *
 * @example
 * onnxFileName('q8'); // 'onnx/model_quantized.onnx'
 */
export function onnxFileName(dtype: string): string {
  const suffix = DTYPE_SUFFIX[dtype];
  if (suffix === undefined) throw new RangeError(`unknown dtype ${dtype}; one of ${Object.keys(DTYPE_SUFFIX).join(', ')}`);
  return join('onnx', `model${suffix}.onnx`);
}

/**
 * A version for a model folder: `tf1-` and 16 hex digits of SHA-256 over the description files
 * (config, tokenizer), the content of the ONNX weights for `dtype` (and its external data file,
 * if any) and `extra` (pooling settings). Copying the folder elsewhere keeps the version; any
 * change of weights or tokenizer changes it. Throws when the weights file is missing.
 *
 * @example
 * await modelFolderVersion('/models/bge-small-zh', 'fp32', 'mean+normalize'); // 'tf1-…'
 */
export async function modelFolderVersion(folder: string, dtype: string, extra: string): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`${extra}\u0000${dtype}\u0000`);
  for (const name of DESCRIPTION_FILES) {
    const content = await readFile(join(folder, name)).catch(() => undefined);
    hash.update(`${name}\u0000`);
    if (content) hash.update(content);
    hash.update('\u0000');
  }
  const weights = join(folder, onnxFileName(dtype));
  await hashFile(hash, weights);
  if (await stat(`${weights}_data`).then((s) => s.isFile(), () => false)) await hashFile(hash, `${weights}_data`);
  return `tf1-${hash.digest('hex').slice(0, 16)}`;
}

async function hashFile(hash: ReturnType<typeof createHash>, path: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(path);
    stream.on('data', (chunk) => hash.update(chunk));
    stream.on('error', reject);
    stream.on('end', () => resolve());
  });
}

/**
 * The model's output width from its `config.json` (`hidden_size`, or `d_model` / `dim` /
 * `embedding_size` for other families); undefined when the config names none.
 *
 * @example
 * await configuredDimensions('/models/bge-small-zh'); // 512
 */
export async function configuredDimensions(folder: string): Promise<number | undefined> {
  const text = await readFile(join(folder, 'config.json'), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const config = JSON.parse(text) as Record<string, unknown>;
  for (const key of ['hidden_size', 'd_model', 'dim', 'embedding_size']) {
    const value = config[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}
