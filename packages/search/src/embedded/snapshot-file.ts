/**
 * The binary file of an index snapshot: named typed-array sections, each 8-byte aligned and
 * written as raw bytes (little-endian, as every platform Node runs on), then a JSON directory
 * and a trailer:
 *
 *   "PBSE" u32 version | section … | directory JSON | u32 directory length | "PBSE"
 *
 * Strings travel as a UTF-8 blob plus a Uint32 offset table. Sections are read one by one into
 * fresh arrays, so loading never holds the whole file in memory at once. Writes go to a
 * temporary file renamed into place, so a crash never leaves a half-written snapshot.
 */
import { closeSync, fsyncSync, openSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { EmbeddedIndexError } from './embedded-index-error.ts';

const MAGIC = 'PBSE';
export const SNAPSHOT_FORMAT_VERSION = 1;

type ArrayKind = 'Int32Array' | 'Uint32Array' | 'Uint16Array' | 'Uint8Array' | 'Float32Array' | 'Float64Array';
type AnyArray = Int32Array | Uint32Array | Uint16Array | Uint8Array | Float32Array | Float64Array;

const CONSTRUCTORS = { Int32Array, Uint32Array, Uint16Array, Uint8Array, Float32Array, Float64Array } as const;

interface Section {
  kind: ArrayKind;
  offset: number;
  length: number;
}

interface Directory {
  meta: unknown;
  sections: Record<string, Section>;
}

function kindOf(array: AnyArray): ArrayKind {
  return array.constructor.name as ArrayKind;
}

export class SnapshotWriter {
  readonly #path: string;
  readonly #temporary: string;
  readonly #fd: number;
  #position = 0;
  readonly #sections: Record<string, Section> = {};

  constructor(path: string) {
    this.#path = path;
    this.#temporary = `${path}.${process.pid}.tmp`;
    this.#fd = openSync(this.#temporary, 'w');
    const head = Buffer.alloc(8);
    head.write(MAGIC, 0, 'latin1');
    head.writeUInt32LE(SNAPSHOT_FORMAT_VERSION, 4);
    this.#write(head);
  }

  #write(bytes: Uint8Array): void {
    let done = 0;
    while (done < bytes.byteLength) done += writeSync(this.#fd, bytes, done, bytes.byteLength - done, this.#position + done);
    this.#position += bytes.byteLength;
  }

  array(name: string, array: AnyArray): void {
    const padding = (8 - (this.#position % 8)) % 8;
    if (padding) this.#write(new Uint8Array(padding));
    this.#sections[name] = { kind: kindOf(array), offset: this.#position, length: array.length };
    this.#write(new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  }

  strings(name: string, values: ReadonlyArray<string | undefined>): void {
    const encoder = new TextEncoder();
    const offsets = new Uint32Array(values.length + 1);
    const parts: Uint8Array[] = [];
    let total = 0;
    values.forEach((value, i) => {
      const bytes = encoder.encode(value ?? '');
      parts.push(bytes);
      total += bytes.byteLength;
      offsets[i + 1] = total;
    });
    const blob = new Uint8Array(total);
    let at = 0;
    for (const part of parts) {
      blob.set(part, at);
      at += part.byteLength;
    }
    this.array(`${name}.offsets`, offsets);
    this.array(`${name}.bytes`, blob);
  }

  /** Writes the directory and trailer and moves the file into place; returns its size. */
  finish(meta: unknown): number {
    const directory = Buffer.from(JSON.stringify({ meta, sections: this.#sections } satisfies Directory), 'utf8');
    this.#write(directory);
    const tail = Buffer.alloc(8);
    tail.writeUInt32LE(directory.byteLength, 0);
    tail.write(MAGIC, 4, 'latin1');
    this.#write(tail);
    fsyncSync(this.#fd);
    closeSync(this.#fd);
    renameSync(this.#temporary, this.#path);
    return this.#position;
  }

  abort(): void {
    try {
      closeSync(this.#fd);
    } catch {
      // already closed
    }
  }
}

export class SnapshotReader {
  readonly #fd: number;
  readonly #directory: Directory;

  constructor(path: string) {
    const invalid = (why: string) => new EmbeddedIndexError('invalid_snapshot', `${path}: ${why}`);
    this.#fd = openSync(path, 'r');
    try {
      const size = statSync(path).size;
      if (size < 16) throw invalid('too short to be a snapshot');
      const head = Buffer.alloc(8);
      readSync(this.#fd, head, 0, 8, 0);
      if (head.toString('latin1', 0, 4) !== MAGIC) throw invalid('not a search index snapshot');
      const version = head.readUInt32LE(4);
      if (version !== SNAPSHOT_FORMAT_VERSION) throw invalid(`snapshot format ${version}, this engine reads ${SNAPSHOT_FORMAT_VERSION}`);
      const tail = Buffer.alloc(8);
      readSync(this.#fd, tail, 0, 8, size - 8);
      if (tail.toString('latin1', 4, 8) !== MAGIC) throw invalid('truncated (no trailer)');
      const length = tail.readUInt32LE(0);
      if (length > size - 16) throw invalid('corrupt directory length');
      const directory = Buffer.alloc(length);
      readSync(this.#fd, directory, 0, length, size - 8 - length);
      this.#directory = JSON.parse(directory.toString('utf8')) as Directory;
    } catch (error) {
      closeSync(this.#fd);
      if (error instanceof EmbeddedIndexError) throw error;
      throw invalid(`unreadable (${(error as Error).message})`);
    }
  }

  get meta(): unknown {
    return this.#directory.meta;
  }

  has(name: string): boolean {
    return name in this.#directory.sections;
  }

  array<K extends ArrayKind>(name: string, kind: K): InstanceType<(typeof CONSTRUCTORS)[K]> {
    const section = this.#directory.sections[name];
    if (!section || section.kind !== kind) throw new EmbeddedIndexError('invalid_snapshot', `snapshot section ${name} is missing or not a ${kind}`);
    const array = new CONSTRUCTORS[kind](section.length) as InstanceType<(typeof CONSTRUCTORS)[K]>;
    const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
    let done = 0;
    while (done < bytes.byteLength) {
      const read = readSync(this.#fd, bytes, done, bytes.byteLength - done, section.offset + done);
      if (read === 0) throw new EmbeddedIndexError('invalid_snapshot', `snapshot section ${name} is truncated`);
      done += read;
    }
    return array;
  }

  strings(name: string): string[] {
    const offsets = this.array(`${name}.offsets`, 'Uint32Array');
    const bytes = this.array(`${name}.bytes`, 'Uint8Array');
    const decoder = new TextDecoder();
    const values: string[] = new Array(offsets.length - 1);
    for (let i = 0; i + 1 < offsets.length; i++) values[i] = decoder.decode(bytes.subarray(offsets[i]!, offsets[i + 1]!));
    return values;
  }

  close(): void {
    closeSync(this.#fd);
  }
}
