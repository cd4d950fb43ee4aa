import { describe, expect, it } from 'vitest';
import type { SearchDocument } from '../../src/documents.ts';
import {
  HIGHLIGHT_POST, HIGHLIGHT_PRE, canonicalIpc, hexKey, ipcPrefixesOf, primaryKeyOf, toMeiliDocument, vectorFromStored, wellFormed,
} from '../../src/meilisearch/document-mapping.ts';

const patent: SearchDocument = {
  id: 'pt_0123456789abcdef',
  kind: 'patent',
  title: '一种锂离子电池正极材料',
  body: 'A cathode.',
  extra: 'keywords',
  ipc: ['H01M 4/13', 'H01M 10/0525', 'C01B32/184'],
  chains: ['new-energy'],
  ownerIds: ['org_a', 'org_a'],
  ownerKinds: ['university'],
  legalStatus: 'granted',
  type: 'invention',
  openLicence: true,
  filingYear: 2019,
  regions: ['山东', '济南'],
  visibility: 'public',
  screeningScore: 0.8,
  revision: 3,
};

describe('IPC prefixes', () => {
  it('canonicalises codes and prefixes the same way', () => {
    expect(canonicalIpc('h01m4/13')).toBe('H01M 4/13');
    expect(canonicalIpc(' H01M  10/0525 ')).toBe('H01M 10/0525');
    expect(canonicalIpc('H01M 4/')).toBe('H01M 4/');
    expect(canonicalIpc('a23')).toBe('A23');
    expect(canonicalIpc('H01M ')).toBe('H01M');
  });

  it('lists every prefix: section, class, subclass, main group, subgroup digits', () => {
    expect(ipcPrefixesOf('H01M 4/13')).toEqual(['H', 'H0', 'H01', 'H01M', 'H01M 4', 'H01M 4/', 'H01M 4/1', 'H01M 4/13']);
    expect(ipcPrefixesOf('A23F')).toEqual(['A', 'A2', 'A23', 'A23F']);
  });
});

describe('toMeiliDocument', () => {
  it('stores prefixes, classes and subclasses of all codes, hex owner keys and a hex primary key', () => {
    const stored = toMeiliDocument(patent);
    expect(stored.pk).toBe(Buffer.from(patent.id).toString('hex'));
    expect(stored.pk).toMatch(/^[0-9a-f]+$/);
    expect(stored.ipcPrefixes).toEqual(expect.arrayContaining(['H', 'H01', 'H01M', 'H01M 4/', 'H01M 10/', 'H01M 10/0525', 'C01B 32/', 'C01B 32/184']));
    expect(new Set(stored.ipcPrefixes).size).toBe(stored.ipcPrefixes.length);
    expect(stored.ipcClasses).toEqual(['H01', 'C01']);
    expect(stored.ipcSubclasses).toEqual(['H01M', 'C01B']);
    expect(stored.ownerIds).toEqual(['org_a']);
    expect(stored.ownerKeys).toEqual([hexKey('org_a')]);
    expect(stored).toMatchObject({ id: patent.id, kind: 'patent', filingYear: 2019, screeningScore: 0.8, revision: 3, openLicence: true });
  });

  it('opts out of the embedder explicitly without a vector, and records no embedder version', () => {
    const stored = toMeiliDocument(patent, undefined, 'v1');
    expect(stored._vectors).toEqual({ default: null });
    expect(stored.embedderVersion).toBeUndefined();
  });

  it('stores a vector as user-provided embeddings with its embedder version', () => {
    const stored = toMeiliDocument(patent, new Float32Array([0.5, -0.25, 0.1]), 'bge@1');
    expect(stored._vectors).toEqual({ default: { embeddings: [0.5, -0.25, Math.fround(0.1)], regenerate: false } });
    expect(stored.embedderVersion).toBe('bge@1');
  });

  it('fills absent optional fields with null so filters and sorts see "no value"', () => {
    const { legalStatus: _l, type: _t, filingYear: _f, screeningScore: _s, extra: _e, ...bare } = patent;
    const stored = toMeiliDocument(bare);
    expect(stored).toMatchObject({ legalStatus: null, type: null, filingYear: null, screeningScore: null, extra: '' });
  });

  it('sanitises text: lone surrogates become U+FFFD, highlight markers are removed', () => {
    const stored = toMeiliDocument({ ...patent, title: `a\uD800b${HIGHLIGHT_PRE}c${HIGHLIGHT_POST}`, chains: ['x\uDC00'] });
    expect(stored.title).toBe('a\uFFFDbc');
    expect(stored.chains).toEqual(['x\uFFFD']);
    expect(() => JSON.parse(JSON.stringify(stored))).not.toThrow();
    expect(JSON.stringify(stored)).not.toMatch(/\\ud[89a-f]/i);
  });

  it('gives any id a valid Meilisearch primary key', () => {
    for (const id of ['dm:12', '需求-1', 'a b', 'x'.repeat(200)]) expect(primaryKeyOf(id)).toMatch(/^[0-9a-f]{1,511}$/);
    expect(primaryKeyOf('A')).not.toBe(primaryKeyOf('a'));
  });
});

describe('vectorFromStored', () => {
  it('reads the shapes Meilisearch returns', () => {
    expect(vectorFromStored({ default: { embeddings: [[0.5, 0.25]], regenerate: false } })).toEqual(new Float32Array([0.5, 0.25]));
    expect(vectorFromStored({ default: { embeddings: [0.5, 0.25], regenerate: false } })).toEqual(new Float32Array([0.5, 0.25]));
    expect(vectorFromStored({ default: [0.5] })).toEqual(new Float32Array([0.5]));
  });

  it('is undefined without a vector', () => {
    for (const stored of [undefined, null, {}, { default: null }, { default: { embeddings: [], regenerate: false } }, { other: [1] }]) {
      expect(vectorFromStored(stored)).toBeUndefined();
    }
  });
});

describe('wellFormed', () => {
  it('keeps pairs and replaces lone halves', () => {
    expect(wellFormed('🔋\uD83D\uDD0B')).toBe('🔋🔋');
    expect(wellFormed('\uDC00\uD800')).toBe('\uFFFD\uFFFD');
  });
});
