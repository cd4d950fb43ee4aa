/**
 * The offline model's file format: one binary file, little-endian.
 *
 * | bytes | content |
 * |---|---|
 * | 4 | magic `PBOE` |
 * | 4 | format number (uint32, currently 1) |
 * | 4 | header length H (uint32) |
 * | H | header, UTF-8 JSON: id, version, contentHash, settings, textPipelineVersion, trainedOn, labelledDocuments, terms, components |
 * | 0–3 | zero padding to a multiple of 4 |
 * | 4·V·d | term vectors (float32, row-major) |
 * | 4·V | term weights (float32) |
 * | 4·C·d | common components (float32) |
 *
 * Reading recomputes the content hash and refuses a file whose hash does not match its header
 * (a truncated or edited file).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OfflineEmbedder, offlineModelContentHash, offlineModelVersion, OFFLINE_EMBEDDER_ID, type OfflineModelState } from './offline-embedder.ts';
import { resolveOfflineSettings } from './offline-embedder-settings.ts';

const MAGIC = 0x454f4250; // 'PBOE' read as little-endian uint32
const FORMAT = 1;

interface ModelHeader {
  id: string;
  version: string;
  contentHash: string;
  settings: OfflineModelState['settings'];
  textPipelineVersion: number;
  trainedOn: number;
  labelledDocuments: number;
  terms: string[];
  components: number;
}

/**
 * The file is not an offline model of a format this code reads, or is damaged.
 *
 * @example
 * try { await loadOfflineEmbedder(path); } catch (e) { if (e instanceof OfflineModelFileError) retrain(); }
 */
export class OfflineModelFileError extends Error {
  override readonly name = 'OfflineModelFileError';
}

/**
 * Serialises a trained state (see the module comment for the layout).
 *
 * @example
 * const bytes = encodeOfflineModel(embedder.state);
 */
export function encodeOfflineModel(state: OfflineModelState): Uint8Array {
  const d = state.settings.dimensions;
  const header: ModelHeader = {
    id: OFFLINE_EMBEDDER_ID,
    version: offlineModelVersion(state),
    contentHash: offlineModelContentHash(state),
    settings: state.settings,
    textPipelineVersion: state.textPipelineVersion,
    trainedOn: state.trainedOn,
    labelledDocuments: state.labelledDocuments,
    terms: [...state.terms],
    components: state.components.length / d,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 12 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const floats = state.vectors.length + state.weights.length + state.components.length;
  const bytes = new Uint8Array(dataStart + floats * 4);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, FORMAT, true);
  view.setUint32(8, json.length, true);
  bytes.set(json, 12);
  let at = dataStart;
  for (const table of [state.vectors, state.weights, state.components]) {
    for (let i = 0; i < table.length; i++, at += 4) view.setFloat32(at, table[i]!, true);
  }
  return bytes;
}

/**
 * Reads what `encodeOfflineModel` wrote; throws `OfflineModelFileError` on anything else. A model
 * trained under another text pipeline version loads (see `OfflineEmbedder.textPipelineCurrent`).
 *
 * @example
 * const embedder = decodeOfflineModel(await readFile(path));
 */
export function decodeOfflineModel(bytes: Uint8Array): OfflineEmbedder {
  if (bytes.length < 12) throw new OfflineModelFileError('file too short for an offline model');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw new OfflineModelFileError('not an offline embedder model (bad magic)');
  const format = view.getUint32(4, true);
  if (format !== FORMAT) throw new OfflineModelFileError(`offline model format ${format} is not supported (expected ${FORMAT})`);
  const length = view.getUint32(8, true);
  if (12 + length > bytes.length) throw new OfflineModelFileError('offline model header is truncated');
  let header: ModelHeader;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(12, 12 + length))) as ModelHeader;
  } catch (cause) {
    throw new OfflineModelFileError('offline model header is not valid JSON', { cause });
  }
  const settings = resolveOfflineSettings(header.settings);
  const d = settings.dimensions;
  const termCount = header.terms.length;
  const sizes = [termCount * d, termCount, header.components * d];
  let at = Math.ceil((12 + length) / 4) * 4;
  if (at + sizes.reduce((a, b) => a + b, 0) * 4 !== bytes.length) throw new OfflineModelFileError('offline model tables have the wrong size');
  const [vectors, weights, components] = sizes.map((size) => {
    const table = new Float32Array(size);
    for (let i = 0; i < size; i++, at += 4) table[i] = view.getFloat32(at, true);
    return table;
  }) as [Float32Array, Float32Array, Float32Array];
  const embedder = new OfflineEmbedder({
    settings,
    textPipelineVersion: header.textPipelineVersion,
    trainedOn: header.trainedOn,
    labelledDocuments: header.labelledDocuments,
    terms: header.terms,
    vectors,
    weights,
    components,
  });
  if (embedder.contentHash !== header.contentHash) {
    throw new OfflineModelFileError(`offline model content does not match its hash ${header.contentHash} (damaged file?)`);
  }
  return embedder;
}

/**
 * Writes a model file atomically (a temporary file renamed over the target), creating folders.
 *
 * @example
 * await writeOfflineModel('data/embeddings/offline-embedder.bin', embedder.state);
 */
export async function writeOfflineModel(path: string, state: OfflineModelState): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(temporary, encodeOfflineModel(state));
  await rename(temporary, path);
}

/**
 * Reads a model file written by `OfflineEmbedder.save`.
 *
 * @example
 * const embedder = await loadOfflineEmbedder('data/embeddings/offline-embedder.bin');
 * embedder.version; // same as when it was saved
 */
export async function loadOfflineEmbedder(path: string): Promise<OfflineEmbedder> {
  return decodeOfflineModel(await readFile(path));
}
