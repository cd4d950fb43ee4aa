/**
 * The vector part: stored vectors in fixed-size Float32Array chunks (no big copies when the
 * index grows) and nearest-neighbour search by cosine similarity. The chunks live in the memory
 * of a `VectorKernel` (WebAssembly), which computes the dot products of the exact scoring; the
 * answers are those of the JavaScript loop kept for dimensions that are not a multiple of 4.
 *
 * Up to `exactLimit` eligible documents are scored exactly (brute force). Above that, one-bit
 * codes (`BinaryCodes`) pick the `rerank` nearest by Hamming distance, which are then scored
 * exactly: the returned scores are always true cosines, only the candidate set is approximate.
 */
import { BinaryCodes } from './binary-codes.ts';
import { TopScores } from './top-scores.ts';
import { growFloat32, growUint8 } from './typed-arrays.ts';
import { VectorKernel } from './vector-kernel.ts';

const CHUNK_BITS = 12;
const CHUNK = 1 << CHUNK_BITS;

export interface VectorSearchOptions {
  /** Score exactly when at most this many documents are eligible (default 5,000). */
  exactLimit: number;
  /** Candidates taken from the codes for exact re-scoring (default 1,000). */
  rerank: number;
  /** Independent 1-bit rotations per code: 1 → `dims` bits (default), 2 → twice as many. */
  codeRotations: number;
}

export const DEFAULT_VECTOR_SEARCH: VectorSearchOptions = { exactLimit: 5_000, rerank: 1_000, codeRotations: 1 };

/** What a snapshot holds of the vector part. */
export interface VectorState {
  dims: number;
  /** `VectorIndex.chunkSize · dims` floats each. */
  chunks: Float32Array[];
  stored: Uint8Array;
  searchable: Uint8Array;
  inverseNorm: Float32Array;
  codes?: { centre: Float32Array; seed: number; rotations: number; codes: Int32Array };
}

export interface Neighbours {
  /** Slots, nearest first. */
  slots: Int32Array;
  /** Cosine similarity of each. */
  scores: Float64Array;
}

/** Unit-length copy of `vector`, or undefined for a zero or non-finite vector. */
export function unitVector(vector: Float32Array): Float32Array | undefined {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
  const scale = 1 / Math.sqrt(norm);
  return Float32Array.from(vector, (x) => x * scale);
}

/** The first `length` entries of `array` in a new array, zero-padded. */
function padded<T extends Uint8Array | Float32Array>(array: T, length: number, Create: new (length: number) => T): T {
  const out = new Create(length);
  out.set(array.subarray(0, length) as never);
  return out;
}

export class VectorIndex {
  dims = 0;
  /** Views of the kernel's chunks when there is a kernel (refreshed after each kernel call), else plain arrays. */
  #chunks: Float32Array[] = [];
  /** Holds the vectors and re-scores candidates when `dims` is a multiple of 4 (always, for the project's embedders). */
  #kernel: VectorKernel | undefined;
  /** 1 when the slot has a stored vector (zero vectors included). */
  stored: Uint8Array = new Uint8Array(0);
  /** 1 when the slot's vector can be searched (stored and not zero). */
  searchable: Uint8Array = new Uint8Array(0);
  #inverseNorm: Float32Array = new Float32Array(0);
  storedCount = 0;
  searchableCount = 0;
  #codes: BinaryCodes | undefined;
  #distances = new Uint16Array(0);
  readonly #options: VectorSearchOptions;

  constructor(options: VectorSearchOptions) {
    this.#options = options;
  }

  get hasCodes(): boolean {
    return this.#codes !== undefined;
  }

  #location(slot: number): [Float32Array, number] {
    const chunk = slot >> CHUNK_BITS;
    while (this.#chunks.length <= chunk) {
      if (this.#chunks.length === 0 && !this.#kernel && VectorKernel.fits(this.dims)) this.#kernel = new VectorKernel(this.dims, CHUNK);
      if (this.#kernel) {
        this.#kernel.addChunk();
        this.#chunks = this.#kernel.chunks;
      } else {
        this.#chunks.push(new Float32Array(CHUNK * this.dims));
      }
    }
    return [this.#chunks[chunk]!, (slot & (CHUNK - 1)) * this.dims];
  }

  /** Stores a vector (`dims` is fixed by the first one; the engine checks later ones). */
  set(slot: number, vector: Float32Array): void {
    if (this.dims === 0) this.dims = vector.length;
    if (slot >= this.stored.length) {
      this.stored = growUint8(this.stored, slot + 1);
      this.searchable = growUint8(this.searchable, slot + 1);
      this.#inverseNorm = growFloat32(this.#inverseNorm, slot + 1);
    }
    if (this.stored[slot] === 1) this.remove(slot);
    const [data, offset] = this.#location(slot);
    let norm = 0;
    for (let i = 0; i < this.dims; i++) {
      const x = vector[i]!;
      data[offset + i] = x;
      norm += x * x;
    }
    this.stored[slot] = 1;
    this.storedCount++;
    if (norm > 0 && Number.isFinite(norm)) {
      this.searchable[slot] = 1;
      this.searchableCount++;
      this.#inverseNorm[slot] = 1 / Math.sqrt(norm);
      this.#codes?.set(slot, data, offset, this.#inverseNorm[slot]!);
    }
  }

  remove(slot: number): void {
    if (this.stored[slot] !== 1) return;
    this.stored[slot] = 0;
    this.storedCount--;
    if (this.searchable[slot] === 1) {
      this.searchable[slot] = 0;
      this.searchableCount--;
    }
  }

  /** A copy of the stored vector. */
  get(slot: number): Float32Array | undefined {
    if (this.stored[slot] !== 1) return undefined;
    const [data, offset] = this.#location(slot);
    return data.slice(offset, offset + this.dims);
  }

  /** Builds the codes once enough vectors are searchable for the exact scan to get slow. */
  maintainCodes(slotCount: number): void {
    if (this.#codes || this.searchableCount <= this.#options.exactLimit) return;
    const centre = new Float64Array(this.dims);
    for (let slot = 0; slot < slotCount; slot++) {
      if (this.searchable[slot] !== 1) continue;
      const [data, offset] = this.#location(slot);
      const scale = this.#inverseNorm[slot]!;
      for (let i = 0; i < this.dims; i++) centre[i]! += data[offset + i]! * scale;
    }
    for (let i = 0; i < this.dims; i++) centre[i]! /= this.searchableCount;
    this.#installCodes(new BinaryCodes(this.dims, Float32Array.from(centre), undefined, this.#options.codeRotations), slotCount, undefined);
  }

  #installCodes(codes: BinaryCodes, slotCount: number, stored: Int32Array | undefined): void {
    this.#codes = codes;
    if (stored) {
      codes.importCodes(stored);
      return;
    }
    for (let slot = 0; slot < slotCount; slot++) {
      if (this.searchable[slot] !== 1) continue;
      const [data, offset] = this.#location(slot);
      codes.set(slot, data, offset, this.#inverseNorm[slot]!);
    }
  }

  /**
   * The `k` eligible documents most similar to `query` with a cosine of at least `minScore`.
   * `eligibleCount` (how many slots `eligible` flags) picks exact or code-assisted search.
   */
  nearest(query: Float32Array, eligible: Uint8Array, eligibleCount: number, slotCount: number, k: number, minScore: number): Neighbours {
    const unit = this.dims > 0 && query.length === this.dims ? unitVector(query) : undefined;
    if (!unit || k <= 0 || this.searchableCount === 0) return { slots: new Int32Array(0), scores: new Float64Array(0) };
    const top = new TopScores(k);
    // Float32 → float64 is exact, so promoting the query once gives every product as before, without a conversion per multiply.
    const query64 = Float64Array.from(unit);
    if (this.#codes && eligibleCount > this.#options.exactLimit) {
      this.#scoreCandidates(query64, this.#candidates(unit, eligible, slotCount), top, minScore);
    } else {
      const searchable = this.searchable;
      const limit = Math.min(slotCount, searchable.length);
      const slots = new Int32Array(limit);
      let n = 0;
      for (let slot = 0; slot < limit && n < slots.length; slot++) if (eligible[slot] === 1 && searchable[slot] === 1) slots[n++] = slot;
      this.#scoreCandidates(query64, slots.subarray(0, n), top, minScore);
    }
    return top.sorted();
  }

  /**
   * Cosine of the unit query (`query64`, promoted to float64) with the vector in `slot`: dot product
   * with 4 accumulators in float64, then the stored inverse norm.
   */
  #cosine(query64: Float64Array, slot: number): number {
    const data = this.#chunks[slot >> CHUNK_BITS]!;
    const dims = this.dims;
    const offset = (slot & (CHUNK - 1)) * dims;
    const whole = dims & ~3;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let o = offset;
    for (let i = 0; i < whole; i += 4, o += 4) {
      s0 += data[o]! * query64[i]!;
      s1 += data[o + 1]! * query64[i + 1]!;
      s2 += data[o + 2]! * query64[i + 2]!;
      s3 += data[o + 3]! * query64[i + 3]!;
    }
    for (let i = whole; i < dims; i++) s0 += data[offset + i]! * query64[i]!;
    const cosine = (s0 + s1 + s2 + s3) * this.#inverseNorm[slot]!;
    return cosine > 1 ? 1 : cosine < -1 ? -1 : cosine;
  }

  /**
   * `#score` for each candidate in order; with the kernel, its dot products are computed in one
   * call (the same sums, bit for bit) and only the inverse norm and the clamp are applied here.
   */
  #scoreCandidates(query64: Float64Array, candidates: Int32Array, top: TopScores, minScore: number): void {
    if (!this.#kernel) {
      for (let k = 0; k < candidates.length; k++) this.#score(query64, candidates[k]!, top, minScore);
      return;
    }
    const sums = this.#kernel.dotProducts(query64, candidates);
    this.#chunks = this.#kernel.chunks;
    const inverseNorm = this.#inverseNorm;
    for (let k = 0; k < candidates.length; k++) {
      const slot = candidates[k]!;
      const cosine = sums[k]! * inverseNorm[slot]!;
      this.#offer(slot, cosine > 1 ? 1 : cosine < -1 ? -1 : cosine, top, minScore);
    }
  }

  #offer(slot: number, cosine: number, top: TopScores, minScore: number): void {
    if (cosine >= minScore && cosine >= top.threshold) top.push(slot, cosine);
  }

  #score(query64: Float64Array, slot: number, top: TopScores, minScore: number): void {
    this.#offer(slot, this.#cosine(query64, slot), top, minScore);
  }

  /** The `rerank` eligible slots nearest to `unit` by code distance. */
  #candidates(unit: Float32Array, eligible: Uint8Array, slotCount: number): Int32Array {
    const codes = this.#codes!;
    const limit = Math.min(slotCount, this.searchable.length);
    if (this.#distances.length < limit) this.#distances = new Uint16Array(this.searchable.length);
    const histogram = codes.distances(codes.queryCode(unit), eligible, this.searchable, limit, this.#distances);
    const wanted = this.#options.rerank;
    let cutoff = codes.bits;
    let below = 0;
    for (let d = 0, seen = 0; d <= codes.bits; d++) {
      if (seen + histogram[d]! >= wanted) {
        cutoff = d;
        below = seen;
        break;
      }
      seen += histogram[d]!;
    }
    let atCutoff = wanted - below;
    const out = new Int32Array(wanted);
    let n = 0;
    const distances = this.#distances;
    const searchable = this.searchable;
    for (let slot = 0; slot < limit && n < wanted; slot++) {
      if (eligible[slot] !== 1 || searchable[slot] !== 1) continue;
      const d = distances[slot]!;
      if (d < cutoff) out[n++] = slot;
      else if (d === cutoff && atCutoff > 0) {
        out[n++] = slot;
        atCutoff--;
      }
    }
    return out.subarray(0, n);
  }

  /** Vectors (whole chunks, not copied), flags and codes, for snapshots. */
  exportState(slotCount: number): VectorState {
    const chunks = this.dims > 0 ? this.#chunks.slice(0, Math.ceil(slotCount / CHUNK)) : [];
    const state: VectorState = {
      dims: this.dims,
      chunks,
      stored: padded(this.stored, slotCount, Uint8Array),
      searchable: padded(this.searchable, slotCount, Uint8Array),
      inverseNorm: padded(this.#inverseNorm, slotCount, Float32Array),
    };
    if (this.#codes) state.codes = { centre: this.#codes.centre, seed: this.#codes.seed, rotations: this.#codes.rotations, codes: this.#codes.exportCodes(slotCount) };
    return state;
  }

  importState(state: VectorState): void {
    this.dims = state.dims;
    this.#kernel = VectorKernel.fits(state.dims) ? new VectorKernel(state.dims, CHUNK) : undefined;
    if (this.#kernel) {
      for (const chunk of state.chunks) this.#kernel.addChunk().set(chunk.subarray(0, CHUNK * state.dims));
      this.#chunks = this.#kernel.chunks;
    } else {
      this.#chunks = state.chunks;
    }
    this.stored = state.stored;
    this.searchable = state.searchable;
    this.#inverseNorm = state.inverseNorm;
    this.storedCount = state.stored.reduce((n, x) => n + x, 0);
    this.searchableCount = state.searchable.reduce((n, x) => n + x, 0);
    this.#codes = undefined;
    if (state.codes) this.#installCodes(new BinaryCodes(this.dims, state.codes.centre, state.codes.seed, state.codes.rotations), 0, state.codes.codes);
  }

  /** Vectors per chunk (snapshots store chunks whole). */
  static readonly chunkSize = CHUNK;

  approximateBytes(): number {
    return this.#chunks.length * CHUNK * this.dims * 4 + this.stored.length * 6 + (this.#codes ? this.stored.length * this.#codes.words * 4 : 0);
  }
}
