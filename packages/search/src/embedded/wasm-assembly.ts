/**
 * Just enough of the WebAssembly binary format to write the engine's two small kernels
 * (`HammingKernel`, `VectorKernel`) as instruction lists in TypeScript: opcodes, LEB128 numbers and
 * a module of one exported function over an imported memory. No build step, no dependency.
 */

/** The few WebAssembly types used here (the project's `lib` has no DOM, where they are declared). */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => WasmMemory;
};

export interface WasmMemory {
  buffer: ArrayBuffer;
  grow(pages: number): number;
}

export const WASM_PAGE_BYTES = 65_536;

/** Value types. */
export const I32 = 0x7f;
export const I64 = 0x7e;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** Opcodes used by the kernels (memory instructions take `memarg`: alignment as log2 bytes, offset). */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  void: 0x40,
  localGet: 0x20,
  localSet: 0x21,
  i32Load: 0x28,
  i64Load: 0x29,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  f64Store: 0x39,
  i32Store16: 0x3b,
  i32Const: 0x41,
  i32Eq: 0x46,
  i32GeU: 0x4f,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Shl: 0x74,
  i64Popcnt: 0x7b,
  i64Add: 0x7c,
  i64Xor: 0x85,
  f64Add: 0xa0,
  i32WrapI64: 0xa7,
} as const;

/** SIMD opcodes (after the 0xfd prefix). */
export const simdOp = {
  v128Load: 0x00,
  v128Const: 0x0c,
  i8x16Shuffle: 0x0d,
  f64x2ExtractLane: 0x21,
  f64x2PromoteLowF32x4: 0x5f,
  f64x2Add: 0xf0,
  f64x2Mul: 0xf2,
} as const;

/**
 * An unsigned LEB128 number (also right for `i32.const` of values below 64).
 *
 * @example
 * unsignedLeb(624485) // [0xe5, 0x8e, 0x26]
 */
export function unsignedLeb(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/**
 * A SIMD instruction: prefix, opcode, immediates.
 *
 * @example
 * simd(simdOp.f64x2Add) // [0xfd, 0xf0, 0x01]
 */
export function simd(opcode: number, ...immediates: number[]): number[] {
  return [0xfd, ...unsignedLeb(opcode), ...immediates];
}

const vector = (items: number[][]) => [...unsignedLeb(items.length), ...items.flat()];
const name = (text: string) => [...unsignedLeb(text.length), ...Array.from(text, (c) => c.charCodeAt(0))];
const section = (id: number, bytes: number[]) => [id, ...unsignedLeb(bytes.length), ...bytes];

const COMPILED = new Map<string, object>();

export interface KernelFunction {
  /** Export name. */
  name: string;
  /** Parameter types (no results). */
  params: number[];
  /** Groups of locals: [count, type]. */
  locals: Array<[number, number]>;
  /** Instructions, without the final `end`. */
  body: number[];
}

/**
 * Compiles a module of one function over an imported memory `env.memory`, and instantiates it
 * on a new memory of one page. Returns the function and the memory.
 *
 * @example
 * const { run, memory } = instantiateKernel({ name: 'scan', params: [I32, I32], locals: [], body: [] });
 */
export function instantiateKernel(fn: KernelFunction, compiled: Map<string, object> = COMPILED): { run: (...args: number[]) => void; memory: WasmMemory } {
  let module = compiled.get(fn.name);
  if (!module) {
    const code = [...vector(fn.locals.map(([count, type]) => [...unsignedLeb(count), type])), ...fn.body, op.end];
    const bytes = new Uint8Array([
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
      ...section(1, vector([[0x60, ...vector(fn.params.map((t) => [t])), 0]])),
      ...section(2, vector([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
      ...section(3, vector([[0]])),
      ...section(7, vector([[...name(fn.name), 0x00, 0]])),
      ...section(10, vector([[...unsignedLeb(code.length), ...code]])),
    ]);
    module = new WebAssembly.Module(bytes);
    compiled.set(fn.name, module);
  }
  const memory = new WebAssembly.Memory({ initial: 1 });
  const run = new WebAssembly.Instance(module, { env: { memory } }).exports[fn.name] as (...args: number[]) => void;
  return { run, memory };
}

/**
 * Grows `memory` to at least `bytes`.
 *
 * @example
 * ensureMemory(memory, 4 * 1024 * 1024);
 */
export function ensureMemory(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / WASM_PAGE_BYTES));
}
