/**
 * One-bit codes of the stored vectors, to find candidates for the exact cosine fast: each
 * vector is centred, rotated at random (sign flips and a fast Walsh–Hadamard transform, twice)
 * and reduced to the signs of its coordinates. The Hamming distance between two codes then
 * estimates the angle between the centred vectors, whatever the embedder's dimensions carry
 * (the rotation spreads SVD-style energy, concentrated in the first dimensions, over all bits).
 *
 * 256 dims → 8 words per vector: those codes are kept and scanned by `HammingKernel` (WebAssembly,
 * 31k codes in about 0.06 ms); other widths by a JavaScript loop (31k in about 0.4 ms).
 */
import { HammingKernel } from './hamming-kernel.ts';
import { growInt32 } from './typed-arrays.ts';

const ROUNDS = 2;

/** Small deterministic PRNG (mulberry32) for the rotation's sign flips. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function nextPowerOfTwo(n: number): number {
  let p = 32;
  while (p < n) p *= 2;
  return p;
}

export class BinaryCodes {
  readonly dims: number;
  /** Bits per rotation: `dims` rounded up to a power of two (at least 32). */
  readonly width: number;
  /** Independent rotations per code (more bits, better distance estimates, slower scans). */
  readonly rotations: number;
  /** Bits per code: `width · rotations`. */
  readonly bits: number;
  readonly words: number;
  readonly seed: number;
  /** Subtracted before rotating: the mean vector when the codes were first built. */
  readonly centre: Float32Array;
  readonly #signs: Float32Array[];
  readonly #work: Float32Array;
  #codes: Int32Array = new Int32Array(0);
  /** Holds and scans 256-bit codes (the common width); other widths stay in `#codes` and are scanned in JavaScript. */
  readonly #kernel: HammingKernel | undefined;

  constructor(dims: number, centre: Float32Array, seed = 0x5eed, rotations = 1) {
    this.dims = dims;
    this.width = nextPowerOfTwo(dims);
    this.rotations = rotations;
    this.bits = this.width * rotations;
    this.words = this.bits / 32;
    this.seed = seed;
    this.centre = centre;
    const next = random(seed);
    this.#signs = Array.from({ length: ROUNDS * rotations }, () => Float32Array.from({ length: this.width }, () => (next() < 0.5 ? -1 : 1)));
    this.#work = new Float32Array(this.width);
    if (this.words === 8) this.#kernel = new HammingKernel();
  }

  /** Writes the code of `scale ·` the vector at `source[offset…]` into `out` at `at`. */
  encode(source: Float32Array, offset: number, scale: number, out: Int32Array, at: number): void {
    const y = this.#work;
    const n = this.width;
    for (let r = 0; r < this.rotations; r++) {
      for (let i = 0; i < this.dims; i++) y[i] = source[offset + i]! * scale - this.centre[i]!;
      y.fill(0, this.dims);
      for (let round = 0; round < ROUNDS; round++) {
        const signs = this.#signs[r * ROUNDS + round]!;
        for (let i = 0; i < n; i++) y[i]! *= signs[i]!;
        for (let h = 1; h < n; h *= 2) {
          for (let i = 0; i < n; i += 2 * h) {
            for (let j = i; j < i + h; j++) {
              const a = y[j]!;
              const b = y[j + h]!;
              y[j] = a + b;
              y[j + h] = a - b;
            }
          }
        }
      }
      const base = at + (r * n) / 32;
      for (let w = 0; w < n / 32; w++) {
        let word = 0;
        for (let bit = 0; bit < 32; bit++) if (y[w * 32 + bit]! > 0) word |= 1 << bit;
        out[base + w] = word;
      }
    }
  }

  /** Stores the code of `scale ·` the vector at `source[offset…]` (scaled to unit length) for `slot`. */
  set(slot: number, source: Float32Array, offset: number, scale: number): void {
    const needed = (slot + 1) * this.words;
    // The kernel's view changes when its memory grows (a scan can grow it too), so it is asked each time.
    if (this.#kernel) this.#codes = this.#kernel.reserve(needed);
    else if (needed > this.#codes.length) this.#codes = growInt32(this.#codes, needed);
    this.encode(source, offset, scale, this.#codes, slot * this.words);
  }

  /** The code of a unit-length query vector. */
  queryCode(query: Float32Array): Int32Array {
    const code = new Int32Array(this.words);
    this.encode(query, 0, 1, code, 0);
    return code;
  }

  /**
   * Hamming distance to `query` for every slot below `slotCount` with `eligible[slot] === 1`
   * and `searchable[slot] === 1`, written to `distances` (other slots' entries are left
   * unspecified); returns a histogram of the distances.
   */
  distances(query: Int32Array, eligible: Uint8Array, searchable: Uint8Array, slotCount: number, distances: Uint16Array): Int32Array {
    if (this.#kernel) {
      const scanned = this.#kernel.scan(query, eligible, searchable, slotCount);
      this.#codes = this.#kernel.codes;
      distances.set(scanned.distances);
      return scanned.histogram.slice();
    }
    const histogram = new Int32Array(this.bits + 1);
    const codes = this.#codes;
    const words = this.words;
    const pairs = words & ~1;
    for (let slot = 0, at = 0; slot < slotCount; slot++, at += words) {
      if (eligible[slot] !== 1 || searchable[slot] !== 1) continue;
      let d = 0;
      // Two words at a time: their byte counts (≤ 16 each) add up before the final multiply.
      for (let w = 0; w < pairs; w += 2) {
        let x = codes[at + w]! ^ query[w]!;
        let y = codes[at + w + 1]! ^ query[w + 1]!;
        x -= (x >>> 1) & 0x55555555;
        y -= (y >>> 1) & 0x55555555;
        x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
        y = (y & 0x33333333) + ((y >>> 2) & 0x33333333);
        x = (x + (x >>> 4)) & 0x0f0f0f0f;
        y = (y + (y >>> 4)) & 0x0f0f0f0f;
        d += Math.imul(x + y, 0x01010101) >>> 24;
      }
      if (pairs < words) d += popcount(codes[at + pairs]! ^ query[pairs]!);
      distances[slot] = d;
      histogram[d]!++;
    }
    return histogram;
  }

  /** The raw codes, for snapshots. */
  exportCodes(slotCount: number): Int32Array {
    if (this.#kernel) this.#codes = this.#kernel.codes;
    return this.#codes.slice(0, slotCount * this.words);
  }

  importCodes(codes: Int32Array): void {
    if (!this.#kernel) {
      this.#codes = codes;
      return;
    }
    this.#codes = this.#kernel.reserve(codes.length);
    this.#codes.set(codes);
  }
}
