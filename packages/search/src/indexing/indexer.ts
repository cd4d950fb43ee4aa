import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { demandFromRow, patentFromRow, type Database } from '@patent-bridge/db';
import type { Organization } from '@patent-bridge/domain';
import type { Embedder } from '@patent-bridge/embeddings';
import type { SearchDocument } from '../documents.ts';
import type { SearchEngine } from '../search-engine.ts';
import { demandDocument, embeddingText, patentDocument, type OwnerLookup } from './projection.ts';

export interface IndexerOptions {
  db: Kysely<Database>;
  engine: SearchEngine;
  embedder: Embedder;
  /** Outbox rows or documents handled per batch (default 1000). */
  batchSize?: number;
  /** Told the ids of every document it indexed or removed (e.g. to invalidate a record cache). */
  onIndexed?: (ids: readonly string[]) => void;
}

export interface IndexProgress {
  done: number;
  total: number;
}

type Kind = SearchDocument['kind'];

/**
 * Keeps the search index in step with the database. Every patent/demand change is written to the
 * `index_outbox` by a trigger in the same transaction; `drain()` indexes what the outbox lists (and
 * only then removes those rows), so a crash at any point loses nothing: the rows are still there on
 * restart, and indexing a document twice replaces it. `rebuild()` recreates the index from the database.
 *
 * @example
 * const indexer = new Indexer({ db, engine, embedder });
 * await indexer.rebuild();   // at start-up of an in-process index
 * await indexer.drain();     // after writes, or on a timer
 */
export class Indexer {
  readonly #db: Kysely<Database>;
  readonly #engine: SearchEngine;
  readonly #embedder: Embedder;
  readonly #batchSize: number;
  readonly #onIndexed: ((ids: readonly string[]) => void) | undefined;
  #draining: Promise<number> | undefined;

  constructor(options: IndexerOptions) {
    this.#db = options.db;
    this.#engine = options.engine;
    this.#embedder = options.embedder;
    this.#batchSize = options.batchSize ?? 1000;
    this.#onIndexed = options.onIndexed;
  }

  get embedderVersion(): string {
    return this.#embedder.version;
  }

  /**
   * Indexes everything the outbox lists, batch by batch, until it is empty. Concurrent calls share one run.
   * Returns how many outbox rows were handled.
   *
   * @example
   * await indexer.drain() // 30663
   */
  drain(): Promise<number> {
    this.#draining ??= this.#drainAll().finally(() => {
      this.#draining = undefined;
    });
    return this.#draining;
  }

  async #drainAll(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await this.#db.selectFrom('index_outbox').select(['id', 'kind', 'entity_id']).orderBy('id').limit(this.#batchSize).execute();
      if (rows.length === 0) return handled;
      for (const kind of ['patent', 'demand'] as const) {
        const ids = [...new Set(rows.filter((r) => r.kind === kind).map((r) => r.entity_id))];
        if (ids.length) await this.#indexIds(kind, ids);
      }
      await this.#db.deleteFrom('index_outbox').where('id', 'in', rows.map((r) => r.id)).execute();
      handled += rows.length;
    }
  }

  /**
   * Recreates the index from the database: clears it, indexes every patent and demand (reusing cached
   * vectors), then drops the outbox rows that the rebuild covered.
   *
   * @example
   * await indexer.rebuild((p) => bar.update(p.done));
   */
  async rebuild(onProgress?: (progress: IndexProgress) => void): Promise<number> {
    const watermark = (await this.#db.selectFrom('index_outbox').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst())?.max ?? 0;
    const counts = await Promise.all(
      (['patents', 'demands'] as const).map(async (table) => Number((await this.#db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),
    );
    const total = counts[0]! + counts[1]!;
    await this.#engine.waitFor(await this.#engine.clear());
    let done = 0;
    for (const kind of ['patent', 'demand'] as const) {
      let after = '';
      for (;;) {
        const table = kind === 'patent' ? 'patents' : 'demands';
        const ids = (await this.#db.selectFrom(table).select('id').where('id', '>', after).orderBy('id').limit(this.#batchSize).execute()).map((r) => r.id);
        if (ids.length === 0) break;
        await this.#indexIds(kind, ids);
        after = ids[ids.length - 1]!;
        done += ids.length;
        onProgress?.({ done, total });
      }
    }
    await this.#db.deleteFrom('index_outbox').where('id', '<=', Number(watermark)).execute();
    return done;
  }

  async #indexIds(kind: Kind, ids: string[]): Promise<void> {
    try {
      await this.#indexIdsNow(kind, ids);
    } finally {
      this.#onIndexed?.(ids);
    }
  }

  async #indexIdsNow(kind: Kind, ids: string[]): Promise<void> {
    const docs = kind === 'patent' ? await this.#patentDocuments(ids) : await this.#demandDocuments(ids);
    const present = new Set(docs.map((d) => d.id));
    const gone = ids.filter((id) => !present.has(id));
    if (gone.length) {
      await this.#engine.waitFor(await this.#engine.delete(gone));
      await this.#db.deleteFrom('document_vectors').where('kind', '=', kind).where('entity_id', 'in', gone).execute();
    }
    if (docs.length === 0) return;
    const vectors = await this.#vectorsFor(kind, docs);
    const task = await this.#engine.waitFor(await this.#engine.upsert(docs, vectors, this.#embedder.version));
    if (task.status === 'failed') throw new Error(`indexing ${docs.length} ${kind}s failed: ${task.error?.code}: ${task.error?.message}`);
  }

  async #owners(ids: Iterable<string>): Promise<OwnerLookup> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return new Map();
    const rows = await this.#db.selectFrom('organizations').select(['id', 'kind', 'region']).where('id', 'in', unique).execute();
    return new Map(rows.map((r) => [r.id, { kind: r.kind as Organization['kind'], region: r.region }]));
  }

  async #patentDocuments(ids: string[]): Promise<SearchDocument[]> {
    const rows = await this.#db.selectFrom('patents').selectAll().where('id', 'in', ids).execute();
    const owners = await this.#owners(rows.flatMap((r) => r.owner_organization_ids));
    return rows.map((row) => patentDocument({ ...patentFromRow(row), revision: row.revision }, owners));
  }

  async #demandDocuments(ids: string[]): Promise<SearchDocument[]> {
    const rows = await this.#db.selectFrom('demands').selectAll().where('id', 'in', ids).execute();
    const owners = await this.#owners(rows.map((r) => r.enterprise_id));
    return rows.map((row) => demandDocument({ ...demandFromRow(row), revision: row.revision }, owners));
  }

  /** Vectors for documents, embedding only those whose text (or the embedder) changed since last time. */
  async #vectorsFor(kind: Kind, docs: SearchDocument[]): Promise<Float32Array[]> {
    const version = this.#embedder.version;
    const texts = docs.map(embeddingText);
    const hashes = texts.map((t) => createHash('sha1').update(t).digest('hex'));
    const cached = await this.#db
      .selectFrom('document_vectors')
      .select(['entity_id', 'text_hash', 'vector'])
      .where('kind', '=', kind)
      .where('embedder_version', '=', version)
      .where('entity_id', 'in', docs.map((d) => d.id))
      .execute();
    const byId = new Map(cached.map((c) => [c.entity_id, c]));
    const vectors: Array<Float32Array | undefined> = docs.map((doc, i) => {
      const hit = byId.get(doc.id);
      return hit && hit.text_hash === hashes[i] ? bytesToVector(hit.vector) : undefined;
    });
    const missing = vectors.flatMap((v, i) => (v ? [] : [i]));
    if (missing.length) {
      const fresh = await this.#embedder.embed(missing.map((i) => texts[i]!));
      const rows = missing.map((docIndex, j) => {
        vectors[docIndex] = fresh[j]!;
        return { kind, entity_id: docs[docIndex]!.id, embedder_version: version, text_hash: hashes[docIndex]!, vector: vectorToBytes(fresh[j]!) };
      });
      await this.#db
        .insertInto('document_vectors')
        .values(rows)
        .onConflict((oc) =>
          oc.columns(['kind', 'entity_id']).doUpdateSet((eb) => ({
            embedder_version: eb.ref('excluded.embedder_version'),
            text_hash: eb.ref('excluded.text_hash'),
            vector: eb.ref('excluded.vector'),
          })),
        )
        .execute();
    }
    return vectors as Float32Array[];
  }
}

/**
 * Float32 vector ↔ bytes, for the `document_vectors` cache.
 *
 * @example
 * bytesToVector(vectorToBytes(v)) // equal to v
 */
export function vectorToBytes(vector: Float32Array): Uint8Array {
  return new Uint8Array(vector.buffer.slice(vector.byteOffset, vector.byteOffset + vector.byteLength));
}

export function bytesToVector(bytes: Uint8Array): Float32Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
