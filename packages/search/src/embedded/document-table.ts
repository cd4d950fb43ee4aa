/**
 * The document part: which slot holds which document, its revision, and its filterable,
 * sortable and facetable attributes as per-slot columns.
 *
 * Slots are small integers every other part indexes by. A replaced or deleted document's slot
 * is dead until the next merge (postings may still point at it), then reusable.
 */
import type { SearchDocument } from '../documents.ts';
import { growFloat64, growInt32, growUint8 } from './typed-arrays.ts';
import { ValueColumn } from './value-column.ts';

/** `filingYear` column value of a document without one. */
export const NO_YEAR = -0x80000000;

export const VALUE_COLUMNS = ['chain', 'ownerId', 'ownerKind', 'legalStatus', 'type', 'region', 'ipc', 'ipcClass', 'ipcSubclass'] as const;
export type ValueColumnName = (typeof VALUE_COLUMNS)[number];

/** The IPC class (`A01`) and subclass (`A01B`) of every code, without repeats. */
export function ipcGroupsOf(codes: readonly string[]): { classes: string[]; subclasses: string[] } {
  const classes = new Set<string>();
  const subclasses = new Set<string>();
  for (const code of codes) {
    if (typeof code !== 'string') continue;
    const compact = code.trim().toUpperCase();
    if (compact.length >= 3) classes.add(compact.slice(0, 3));
    if (compact.length >= 4) subclasses.add(compact.slice(0, 4));
  }
  return { classes: [...classes], subclasses: [...subclasses] };
}

export class DocumentTable {
  /** Slots handed out so far (live, dead or free); every column is valid below it. */
  slotCount = 0;
  liveCount = 0;
  alive: Uint8Array = new Uint8Array(0);
  ids: Array<string | undefined> = [];
  revision: Float64Array = new Float64Array(0);
  /** 0 patent, 1 demand. */
  kind: Uint8Array = new Uint8Array(0);
  /** 0 public, 1 private. */
  visibility: Uint8Array = new Uint8Array(0);
  openLicence: Uint8Array = new Uint8Array(0);
  filingYear: Int32Array = new Int32Array(0);
  /** NaN when the document has none. */
  screeningScore: Float64Array = new Float64Array(0);
  readonly columns: Record<ValueColumnName, ValueColumn> = Object.fromEntries(VALUE_COLUMNS.map((name) => [name, new ValueColumn()])) as Record<ValueColumnName, ValueColumn>;
  /** Live slots of private documents (few: demands), so visibility costs nothing when there are none. */
  readonly privateSlots = new Set<number>();
  readonly #slotById = new Map<string, number>();
  /** Reusable slots (their postings are gone). */
  #free: number[] = [];
  /** Dead slots whose postings may still exist: reusable after the next merge. */
  #dead: number[] = [];

  /** Dead slots waiting for a merge. */
  get deadCount(): number {
    return this.#dead.length;
  }

  slotOf(id: string): number | undefined {
    return this.#slotById.get(id);
  }

  /** Live slots in slot order, with their ids. */
  *entries(): IterableIterator<[number, string]> {
    for (let slot = 0; slot < this.slotCount; slot++) if (this.alive[slot] === 1) yield [slot, this.ids[slot]!];
  }

  /** Stores a document in a fresh slot and returns the slot. The id must not be live. */
  insert(doc: SearchDocument): number {
    const slot = this.#free.pop() ?? this.slotCount++;
    this.#ensure(slot + 1);
    this.alive[slot] = 1;
    this.ids[slot] = doc.id;
    this.#slotById.set(doc.id, slot);
    this.liveCount++;
    this.revision[slot] = Number.isFinite(doc.revision) ? doc.revision : 0;
    this.kind[slot] = doc.kind === 'demand' ? 1 : 0;
    this.visibility[slot] = doc.visibility === 'public' ? 0 : 1;
    if (this.visibility[slot] === 1) this.privateSlots.add(slot);
    this.openLicence[slot] = doc.openLicence === true ? 1 : 0;
    this.filingYear[slot] = typeof doc.filingYear === 'number' && Number.isInteger(doc.filingYear) ? doc.filingYear : NO_YEAR;
    this.screeningScore[slot] = typeof doc.screeningScore === 'number' && Number.isFinite(doc.screeningScore) ? doc.screeningScore : Number.NaN;
    const ipc = Array.isArray(doc.ipc) ? doc.ipc : [];
    const { classes, subclasses } = ipcGroupsOf(ipc);
    const c = this.columns;
    c.chain.set(slot, doc.chains);
    c.ownerId.set(slot, doc.ownerIds);
    c.ownerKind.set(slot, doc.ownerKinds);
    c.legalStatus.set(slot, doc.legalStatus === undefined ? undefined : [doc.legalStatus]);
    c.type.set(slot, doc.type === undefined ? undefined : [doc.type]);
    c.region.set(slot, doc.regions);
    c.ipc.set(slot, ipc);
    c.ipcClass.set(slot, classes);
    c.ipcSubclass.set(slot, subclasses);
    return slot;
  }

  /** Marks a live slot dead (the document is deleted or replaced). */
  kill(slot: number): void {
    if (this.alive[slot] !== 1) return;
    this.alive[slot] = 0;
    this.privateSlots.delete(slot);
    this.#slotById.delete(this.ids[slot]!);
    this.ids[slot] = undefined;
    this.liveCount--;
    for (const name of VALUE_COLUMNS) this.columns[name].clear(slot);
    this.#dead.push(slot);
  }

  /** After the postings dropped dead slots: their inverted entries go and the slots become reusable. */
  purge(): void {
    for (const name of VALUE_COLUMNS) this.columns[name].purge(this.alive, this.slotCount);
    this.#free.push(...this.#dead);
    this.#dead = [];
  }

  #ensure(capacity: number): void {
    if (capacity <= this.alive.length) return;
    this.alive = growUint8(this.alive, capacity);
    this.revision = growFloat64(this.revision, capacity);
    this.kind = growUint8(this.kind, capacity);
    this.visibility = growUint8(this.visibility, capacity);
    this.openLicence = growUint8(this.openLicence, capacity);
    this.filingYear = growInt32(this.filingYear, capacity, NO_YEAR);
    this.screeningScore = growFloat64(this.screeningScore, capacity, Number.NaN);
  }

  /** Rebuilds the id map and free list after a snapshot restored the columns. */
  restoreIndexes(): void {
    this.#slotById.clear();
    this.privateSlots.clear();
    this.#free = [];
    this.#dead = [];
    this.liveCount = 0;
    for (let slot = 0; slot < this.slotCount; slot++) {
      const id = this.ids[slot];
      if (this.alive[slot] === 1 && id !== undefined) {
        this.#slotById.set(id, slot);
        if (this.visibility[slot] === 1) this.privateSlots.add(slot);
        this.liveCount++;
      } else this.#free.push(slot);
    }
    this.#free.reverse();
  }

  approximateBytes(): number {
    return this.slotCount * (1 + 8 + 1 + 1 + 1 + 4 + 8 + 40) + this.#slotById.size * 80;
  }
}
