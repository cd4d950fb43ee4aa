/**
 * A brute-force reference of the embedded engine's semantics, written from the interface's
 * rules and nothing else: it scans every document for every query. The property tests compare
 * the engine (postings, merges, slot reuse, filter plans, heaps) with it.
 *
 * BM25 is computed in the same floating-point order as the engine (fields title → extra →
 * body, query terms in order), so keyword scores agree exactly; cosines agree to ~1e-6.
 */
import type { Facet, SearchDocument, SearchHit, SearchQuery, SearchResult } from '../../src/documents.ts';
import type { TextAnalyzer } from '../../src/embedded/index.ts';
import { COSINE_RESOLUTION } from '../../src/embedded/hybrid-ranking.ts';

export const WEIGHTS = [3, 1.5, 1];
const K1 = 1.2;
const B = 0.75;

/** Whitespace analyzer: terms are the words, lower-cased. */
export const wordAnalyzer: TextAnalyzer = {
  version: 'words-1',
  indexTerms: (text) => text.toLowerCase().split(/\s+/).filter(Boolean),
  queryTerms: (text) => text.toLowerCase().split(/\s+/).filter(Boolean),
};

interface Entry {
  doc: SearchDocument;
  vector?: Float32Array;
}

function facetValues(doc: SearchDocument, facet: Facet): string[] {
  switch (facet) {
    case 'chain': return doc.chains;
    case 'ipcClass': return [...new Set(doc.ipc.map((c) => c.trim().toUpperCase().slice(0, 3)))];
    case 'ipcSubclass': return [...new Set(doc.ipc.map((c) => c.trim().toUpperCase().slice(0, 4)))];
    case 'legalStatus': return doc.legalStatus === undefined ? [] : [doc.legalStatus];
    case 'type': return doc.type === undefined ? [] : [doc.type];
    case 'ownerKind': return doc.ownerKinds;
    case 'openLicence': return [String(doc.openLicence)];
    case 'filingYear': return doc.filingYear === undefined ? [] : [String(doc.filingYear)];
    case 'region': return doc.regions;
  }
}

function passes(doc: SearchDocument, f: SearchQuery['filters']): boolean {
  const any = (values: readonly string[], wanted: readonly string[] | undefined) => !wanted || wanted.length === 0 || values.some((v) => wanted.includes(v));
  if (f.kind && doc.kind !== f.kind) return false;
  if (f.ipcPrefix && f.ipcPrefix.length && !doc.ipc.some((code) => f.ipcPrefix!.some((p) => code.trim().toUpperCase().startsWith(p.trim().toUpperCase())))) return false;
  if (!any(doc.chains, f.chain)) return false;
  if (!any(doc.ownerIds, f.ownerId)) return false;
  if (!any(doc.ownerKinds, f.ownerKind)) return false;
  if (!any(doc.legalStatus === undefined ? [] : [doc.legalStatus], f.legalStatus)) return false;
  if (!any(doc.type === undefined ? [] : [doc.type], f.type)) return false;
  if (!any(doc.regions, f.region)) return false;
  if (typeof f.openLicence === 'boolean' && doc.openLicence !== f.openLicence) return false;
  if (f.filingYearFrom !== undefined || f.filingYearTo !== undefined) {
    if (doc.filingYear === undefined) return false;
    if (f.filingYearFrom !== undefined && doc.filingYear < f.filingYearFrom) return false;
    if (f.filingYearTo !== undefined && doc.filingYear > f.filingYearTo) return false;
  }
  const viewer = f.visibleTo ?? { ownerIds: [] };
  if (doc.visibility !== 'public' && viewer.all !== true && !doc.ownerIds.some((o) => viewer.ownerIds.includes(o))) return false;
  return true;
}

export class ReferenceSearch {
  readonly #entries = new Map<string, Entry>();
  #embedderVersion: string | null = null;

  upsert(docs: readonly SearchDocument[], vectors?: readonly Float32Array[], version?: string): void {
    if (vectors && [...this.#entries.values()].every((e) => !e.vector)) this.#embedderVersion = version ?? null;
    docs.forEach((doc, i) => {
      const existing = this.#entries.get(doc.id);
      if (existing && existing.doc.revision > doc.revision) return;
      this.#entries.set(doc.id, { doc: structuredClone(doc), ...(vectors?.[i] ? { vector: vectors[i] } : {}) });
    });
  }

  delete(ids: readonly string[]): void {
    for (const id of ids) this.#entries.delete(id);
  }

  get size(): number {
    return this.#entries.size;
  }

  get embedderVersion(): string | null {
    return [...this.#entries.values()].some((e) => e.vector) ? this.#embedderVersion : null;
  }

  search(query: SearchQuery, semanticCandidates = 200): SearchResult {
    const terms = [...new Set(wordAnalyzer.queryTerms(query.q))].slice(0, 64);
    const entries = [...this.#entries.values()].filter((e) => passes(e.doc, query.filters));
    const all = [...this.#entries.values()];
    const n = all.length;
    const fields = (doc: SearchDocument) => [doc.title, doc.extra ?? '', doc.body].map((t) => wordAnalyzer.indexTerms(t));
    const allFields = new Map(all.map((e) => [e.doc.id, fields(e.doc)]));
    const ratio = query.semanticRatio;
    const vector = query.vector;
    const semanticWanted = vector !== undefined && (query.mode === 'semantic' || (query.mode === 'hybrid' && ratio > 0));
    const keywordWanted = query.mode === 'keyword' || (query.mode === 'hybrid' && (ratio < 1 || vector === undefined));

    // Keyword side.
    const keyword = new Map<string, { raw: number; matched: string[] }>();
    let placeholder = false;
    if (keywordWanted && terms.length > 0) {
      const raw = new Map<string, number>();
      const matched = new Map<string, Set<string>>();
      for (let f = 0; f < 3; f++) {
        const total = all.reduce((sum, e) => sum + allFields.get(e.doc.id)![f]!.length, 0);
        const avg = total / n;
        for (const term of terms) {
          const df = all.filter((e) => allFields.get(e.doc.id)![f]!.includes(term)).length;
          if (df === 0) continue;
          const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
          const numerator = WEIGHTS[f]! * idf * (K1 + 1);
          const constant = K1 * (1 - B);
          const perToken = avg > 0 ? (K1 * B) / avg : 0;
          for (const e of entries) {
            const words = allFields.get(e.doc.id)![f]!;
            const tf = words.filter((w) => w === term).length;
            if (tf === 0) continue;
            raw.set(e.doc.id, (raw.get(e.doc.id) ?? 0) + (numerator * tf) / (tf + constant + perToken * words.length));
            (matched.get(e.doc.id) ?? matched.set(e.doc.id, new Set()).get(e.doc.id)!).add(term);
          }
        }
      }
      for (const [id, score] of raw) keyword.set(id, { raw: score, matched: terms.filter((t) => matched.get(id)!.has(t)) });
    } else if (keywordWanted && query.q.trim() === '' && !semanticWanted) {
      placeholder = true;
      for (const e of entries) keyword.set(e.doc.id, { raw: 0, matched: [] });
    }

    // Semantic side: exact cosine, top K.
    const semantic = new Map<string, number>();
    if (semanticWanted) {
      const k = Math.max(semanticCandidates, query.offset + query.limit);
      const scored = entries
        .filter((e) => e.vector && e.vector.some((x) => x !== 0))
        .map((e) => ({ id: e.doc.id, cosine: cosine(vector!, e.vector!) }))
        .sort((a, b) => b.cosine - a.cosine)
        .slice(0, k);
      for (const s of scored) semantic.set(s.id, s.cosine);
    }

    // Merge.
    const kwMax = Math.max(0, ...[...keyword.values()].map((v) => v.raw));
    const semValues = [...semantic.values()];
    const semMin = Math.min(...semValues);
    const semMax = Math.max(...semValues);
    const kwWeight = semanticWanted ? 1 - ratio : 1;
    const semWeight = keyword.size > 0 || (keywordWanted && (terms.length > 0 || placeholder)) ? ratio : 1;
    const ids = new Set([...keyword.keys(), ...semantic.keys()]);
    const byId = new Map(entries.map((e) => [e.doc.id, e.doc]));
    const candidates = [...ids].map((id) => {
      const k = keyword.get(id);
      const s = semantic.get(id);
      const keywordScore = k === undefined ? undefined : kwMax > 0 ? k.raw / kwMax : 1;
      const semanticNorm = s === undefined ? undefined : semMax - semMin > COSINE_RESOLUTION ? (s - semMin) / (semMax - semMin) : 1;
      let score = keywordScore === undefined ? 0 : kwWeight * keywordScore;
      if (semanticNorm !== undefined) score += semWeight * semanticNorm;
      return { id, doc: byId.get(id)!, score, keywordScore: placeholder ? undefined : keywordScore, semanticScore: s, matched: k?.matched ?? [] };
    });

    const sortKeys = query.sort;
    candidates.sort((a, b) => {
      for (const key of sortKeys) {
        const value = (c: (typeof candidates)[number]) => (key.field === 'relevance' ? c.score : key.field === 'filingYear' ? c.doc.filingYear : c.doc.screeningScore);
        const va = value(a);
        const vb = value(b);
        if ((va === undefined) !== (vb === undefined)) return va === undefined ? 1 : -1;
        if (va === undefined || vb === undefined || va === vb) continue;
        return key.direction === 'asc' ? va - vb : vb - va;
      }
      if (a.score !== b.score) return b.score - a.score;
      return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    });

    const facets: SearchResult['facets'] = {};
    for (const facet of new Set(query.facets)) {
      const counts: Record<string, number> = {};
      for (const c of candidates) for (const v of new Set(facetValues(c.doc, facet))) counts[v] = (counts[v] ?? 0) + 1;
      facets[facet] = counts;
    }
    const hits: SearchHit[] = candidates.slice(query.offset, query.offset + query.limit).map((c) => {
      const hit: SearchHit = { id: c.id, score: c.score, matchedTerms: c.matched };
      if (c.keywordScore !== undefined) hit.keywordScore = c.keywordScore;
      if (c.semanticScore !== undefined) hit.semanticScore = c.semanticScore;
      return hit;
    });
    return { hits, total: candidates.length, facets, semanticHits: hits.filter((h) => h.semanticScore !== undefined).length, queryTerms: terms, tookMs: 0 };
  }
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
