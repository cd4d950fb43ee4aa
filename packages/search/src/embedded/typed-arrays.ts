/**
 * Growing typed arrays: per-slot columns double-ish (×1.5) when a slot beyond their end is written.
 */

type TypedArray = Int32Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Uint16Array<ArrayBuffer> | Uint8Array<ArrayBuffer> | Float32Array<ArrayBuffer> | Float64Array<ArrayBuffer>;

function grownLength(current: number, needed: number): number {
  return Math.max(needed, Math.ceil(current * 1.5), 1024);
}

function grow<T extends TypedArray>(array: TypedArray | Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array, needed: number, create: (length: number) => T, fill?: number): T {
  if (needed <= array.length) return array as T;
  const next = create(grownLength(array.length, needed));
  next.set(array as never);
  if (fill !== undefined) next.fill(fill, array.length);
  return next;
}

export const growInt32 = (a: Int32Array, n: number, fill?: number): Int32Array<ArrayBuffer> => grow(a, n, (l) => new Int32Array(l), fill);
export const growUint32 = (a: Uint32Array, n: number): Uint32Array<ArrayBuffer> => grow(a, n, (l) => new Uint32Array(l));
export const growUint16 = (a: Uint16Array, n: number): Uint16Array<ArrayBuffer> => grow(a, n, (l) => new Uint16Array(l));
export const growUint8 = (a: Uint8Array, n: number): Uint8Array<ArrayBuffer> => grow(a, n, (l) => new Uint8Array(l));
export const growFloat32 = (a: Float32Array, n: number): Float32Array<ArrayBuffer> => grow(a, n, (l) => new Float32Array(l));
export const growFloat64 = (a: Float64Array, n: number, fill?: number): Float64Array<ArrayBuffer> => grow(a, n, (l) => new Float64Array(l), fill);
