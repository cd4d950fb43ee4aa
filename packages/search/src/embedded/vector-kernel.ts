/**
 * Stored vectors in WebAssembly memory, and the exact re-scoring of candidates as a SIMD
 * function: each float32 vector is read four lanes at a time, widened to float64 and multiplied
 * by the query (already float64), into four running sums (lanes of two `f64x2` accumulators).
 * Lane j adds the products of dimensions j, j+4, j+8… in order, exactly like the four
 * accumulators of the JavaScript loop, and the sums are added up in the same order, so every
 * dot product is bit-for-bit the same; only faster (no bounds checks, two products per
 * instruction).
 *
 * Vectors sit in chunks of `chunkSize` slots, one after another from address 0, so the vector
 * of slot s starts at byte 4·dims·s. Growing the memory replaces every view: read `chunks`
 * again after `addChunk` and `dotProducts`.
 *
 * ```wat
 * (func (export "dots") (param $query i32) (param $candidates i32) (param $count i32) (param $dims i32) (param $out i32)
 *   (loop over k < $count:
 *     $at = 4·$dims·(i32.load $candidates+4k);  $a = $b = (f64x2 0 0)
 *     (loop over i < $dims, step 4:
 *       $v = (v128.load $at)                                   ;; four float32
 *       $a += (f64x2.promote_low_f32x4 $v) · (v128.load $query+8i)
 *       $b += (f64x2.promote_low_f32x4 (high half of $v)) · (v128.load $query+8i+16)
 *       $at += 16)
 *     (f64.store $out+8k (((a[0] + a[1]) + b[0]) + b[1]))))
 * ```
 */
import { ensureMemory, I32, instantiateKernel, op, simd, simdOp, unsignedLeb, V128, type KernelFunction, type WasmMemory } from './wasm-assembly.ts';

function dotsFunction(): KernelFunction {
  const [query, candidates, count, dims, out, k, at, i, a, b, v] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const get = (local: number) => [op.localGet, local];
  const set = (local: number) => [op.localSet, local];
  const i32 = (value: number) => [op.i32Const, ...unsignedLeb(value)]; // values below 64 only
  const zero = simd(simdOp.v128Const, ...new Array<number>(16).fill(0));
  const highHalf = [8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7];
  const queryAt = (offset: number) => [...get(query), ...get(i), ...i32(3), op.i32Shl, op.i32Add, ...simd(simdOp.v128Load, 3, offset)];
  const lane = (local: number, index: number) => [...get(local), ...simd(simdOp.f64x2ExtractLane, index)];
  return {
    name: 'dots',
    params: [I32, I32, I32, I32, I32],
    locals: [
      [3, I32],
      [3, V128],
    ],
    body: [
      op.block, op.void, op.loop, op.void,
      ...get(k), ...get(count), op.i32GeU, op.brIf, 1,
      ...get(candidates), ...get(k), ...i32(2), op.i32Shl, op.i32Add, op.i32Load, 2, 0, ...get(dims), op.i32Mul, ...i32(2), op.i32Shl, ...set(at),
      ...zero, ...set(a), ...zero, ...set(b), ...i32(0), ...set(i),
      op.block, op.void, op.loop, op.void,
      ...get(i), ...get(dims), op.i32GeU, op.brIf, 1,
      ...get(at), ...simd(simdOp.v128Load, 2, 0), ...set(v),
      ...get(a), ...get(v), ...simd(simdOp.f64x2PromoteLowF32x4), ...queryAt(0), ...simd(simdOp.f64x2Mul), ...simd(simdOp.f64x2Add), ...set(a),
      ...get(b), ...get(v), ...get(v), ...simd(simdOp.i8x16Shuffle, ...highHalf), ...simd(simdOp.f64x2PromoteLowF32x4), ...queryAt(16), ...simd(simdOp.f64x2Mul), ...simd(simdOp.f64x2Add), ...set(b),
      ...get(at), ...i32(16), op.i32Add, ...set(at),
      ...get(i), ...i32(4), op.i32Add, ...set(i),
      op.br, 0,
      op.end, op.end,
      ...get(out), ...get(k), ...i32(3), op.i32Shl, op.i32Add,
      ...lane(a, 0), ...lane(a, 1), op.f64Add, ...lane(b, 0), op.f64Add, ...lane(b, 1), op.f64Add,
      op.f64Store, 3, 0,
      ...get(k), ...i32(1), op.i32Add, ...set(k),
      op.br, 0,
      op.end, op.end,
    ],
  };
}

const align16 = (n: number) => (n + 15) & ~15;

/**
 * Vectors of `dims` float32 (a multiple of 4) in WebAssembly memory, chunk by chunk, and the
 * dot products of a query with any of them.
 *
 * @example
 * const kernel = new VectorKernel(256, 4096);
 * kernel.addChunk().set(vector, 0);                     // slot 0
 * kernel.dotProducts(Float64Array.from(query), Int32Array.of(0)) // Float64Array [q·v]
 */
export class VectorKernel {
  readonly dims: number;
  readonly #chunkFloats: number;
  readonly #memory: WasmMemory;
  readonly #dots: (...args: number[]) => void;
  chunks: Float32Array[] = [];

  constructor(dims: number, chunkSize: number) {
    if (dims % 4 !== 0) throw new RangeError(`VectorKernel needs dimensions in fours, not ${dims}`);
    this.dims = dims;
    this.#chunkFloats = dims * chunkSize;
    const { run, memory } = instantiateKernel(dotsFunction());
    this.#dots = run;
    this.#memory = memory;
  }

  /** Whether `dims` suits the kernel. */
  static fits(dims: number): boolean {
    return dims > 0 && dims % 4 === 0;
  }

  get #vectorBytes(): number {
    return this.chunks.length * this.#chunkFloats * 4;
  }

  #ensureBytes(bytes: number): void {
    ensureMemory(this.#memory, bytes);
    const buffer = this.#memory.buffer;
    if (this.chunks.length > 0 && this.chunks[0]!.buffer === buffer) return;
    this.chunks = this.chunks.map((_, c) => new Float32Array(buffer, c * this.#chunkFloats * 4, this.#chunkFloats));
  }

  /** A new chunk of zeros after the others; returns it. */
  addChunk(): Float32Array {
    const at = this.#vectorBytes;
    this.#ensureBytes(at + this.#chunkFloats * 4);
    const chunk = new Float32Array(this.#memory.buffer, at, this.#chunkFloats);
    // The room may have held the last query's scratch.
    chunk.fill(0);
    this.chunks.push(chunk);
    return chunk;
  }

  /**
   * `query · vector(slot)` for each slot of `candidates` (every one below the chunks' end), as
   * the sum of four float64 running sums over dimensions j, j+4, j+8… added in order. The
   * answer is a view, valid until the next `addChunk` or `dotProducts`.
   */
  dotProducts(query64: Float64Array, candidates: Int32Array): Float64Array {
    const count = candidates.length;
    const queryAt = align16(this.#vectorBytes);
    const candidatesAt = queryAt + this.dims * 8;
    const outAt = align16(candidatesAt + count * 4);
    this.#ensureBytes(outAt + count * 8);
    const buffer = this.#memory.buffer;
    new Float64Array(buffer, queryAt, this.dims).set(query64.subarray(0, this.dims));
    new Int32Array(buffer, candidatesAt, count).set(candidates);
    this.#dots(queryAt, candidatesAt, count, this.dims, outAt);
    return new Float64Array(buffer, outAt, count);
  }
}
