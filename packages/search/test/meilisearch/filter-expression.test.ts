import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildFilterExpression, filterClauses, quoteFilterValue, visibilityClause } from '../../src/meilisearch/filter-expression.ts';
import { hexKey, wellFormed } from '../../src/meilisearch/document-mapping.ts';

/**
 * How Meilisearch reads a double-quoted filter value (crates/filter-parser/src/value.rs):
 * scan to the first `"` not preceded by a backslash (a backslash skips the next character),
 * replace `\"` with `"` if an escaped quote was seen, then un-escape backslash sequences.
 * Returns the value and what follows the closing quote.
 */
function readQuoted(input: string): { value: string; rest: string } {
  if (input[0] !== '"') throw new Error(`not a quoted value: ${input}`);
  let i = 1;
  let escapedQuote = false;
  while (i < input.length && input[i] !== '"') {
    if (input[i] === '\\') {
      if (i + 1 >= input.length) throw new Error('malformed value: trailing backslash');
      escapedQuote ||= input[i + 1] === '"';
      i += 2;
    } else {
      i += 1;
    }
  }
  if (i >= input.length) throw new Error('missing closing quote');
  let raw = input.slice(1, i);
  if (escapedQuote) raw = raw.split('\\"').join('"');
  const simple: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r', '0': '\0' };
  let value = '';
  for (let j = 0; j < raw.length; j++) {
    if (raw[j] !== '\\') {
      value += raw[j];
      continue;
    }
    const next = raw[j + 1];
    if (next === undefined || !(next in simple)) throw new Error(`escape the reference model does not know: \\${next}`);
    value += simple[next];
    j++;
  }
  return { value, rest: input.slice(i + 1) };
}

/** Reads `attribute IN ["a", "b"]` back into its values with the reference model. */
function readInList(clause: string, attribute: string): string[] {
  const head = `${attribute} IN [`;
  expect(clause.startsWith(head)).toBe(true);
  let rest = clause.slice(head.length);
  const values: string[] = [];
  for (;;) {
    const read = readQuoted(rest);
    values.push(read.value);
    if (read.rest.startsWith(', ')) rest = read.rest.slice(2);
    else {
      expect(read.rest).toBe(']');
      return values;
    }
  }
}

const HOSTILE = [
  '" OR visibility = "private',
  "' OR 1=1 --",
  '\\',
  '\\"',
  '\\\\"',
  'a\\',
  '"',
  '""',
  ') OR (',
  'NOT',
  'IN [',
  '_geoRadius(0, 0, 1)',
  '\n\t\r\0',
  '\\u{41}',
  '\\n',
  '🔋电池',
  '\uD800',
  '',
];

describe('quoteFilterValue', () => {
  it('escapes backslashes and double quotes inside double quotes', () => {
    expect(quoteFilterValue('山东')).toBe('"山东"');
    expect(quoteFilterValue('a "b"')).toBe('"a \\"b\\""');
    expect(quoteFilterValue('a\\b')).toBe('"a\\\\b"');
    expect(quoteFilterValue("it's")).toBe('"it\'s"');
  });

  it.each(HOSTILE)('Meilisearch reads %j back unchanged, and nothing after the closing quote', (value) => {
    expect(readQuoted(quoteFilterValue(value))).toEqual({ value: wellFormed(value), rest: '' });
  });

  it('round-trips any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (value) => {
        const read = readQuoted(quoteFilterValue(value));
        return read.rest === '' && read.value === wellFormed(value);
      }),
      { numRuns: 500 },
    );
  });

  it('replaces lone surrogates, which Meilisearch’s JSON parser rejects', () => {
    expect(quoteFilterValue('a\uD800b')).toBe('"a\uFFFDb"');
    expect(quoteFilterValue('🔋')).toBe('"🔋"');
  });
});

describe('buildFilterExpression', () => {
  it('keeps only public documents when nobody is named as viewer', () => {
    expect(buildFilterExpression({})).toBe('visibility = "public"');
    expect(buildFilterExpression({ visibleTo: { ownerIds: [] } })).toBe('visibility = "public"');
  });

  it('opens the viewer’s private documents through hex owner keys, and everything for brokers', () => {
    expect(visibilityClause({ ownerIds: ['org_1', 'Org_1'] })).toBe(`(visibility = "public" OR ownerKeys IN ["${hexKey('org_1')}", "${hexKey('Org_1')}"])`);
    expect(hexKey('org_1')).not.toBe(hexKey('Org_1'));
    expect(buildFilterExpression({ visibleTo: { ownerIds: [], all: true } })).toBeUndefined();
  });

  it('builds every filter, AND-ed', () => {
    const expression = buildFilterExpression({
      kind: 'patent',
      ipcPrefix: ['h01m 4/', 'A23'],
      chain: ['new-energy'],
      ownerId: ['org_a'],
      ownerKind: ['university'],
      legalStatus: ['granted'],
      type: ['invention'],
      openLicence: true,
      filingYearFrom: 2018,
      filingYearTo: 2020,
      region: ['山东'],
      visibleTo: { ownerIds: [], all: true },
    });
    expect(expression).toBe(
      [
        'kind = "patent"',
        'ipcPrefixes IN ["H01M 4/", "A23"]',
        'chains IN ["new-energy"]',
        `ownerKeys IN ["${hexKey('org_a')}"]`,
        'ownerKinds IN ["university"]',
        'legalStatus IN ["granted"]',
        'type IN ["invention"]',
        'openLicence = true',
        'filingYear >= 2018',
        'filingYear <= 2020',
        'regions IN ["山东"]',
      ].join(' AND '),
    );
  });

  it('treats empty lists as no constraint, ignores non-finite years and truncates fractional ones', () => {
    expect(filterClauses({ chain: [], region: [], ipcPrefix: [], filingYearFrom: Number.NaN, filingYearTo: Infinity, visibleTo: { ownerIds: [], all: true } })).toEqual([]);
    expect(filterClauses({ filingYearFrom: 2019.7, visibleTo: { ownerIds: [], all: true } })).toEqual(['filingYear >= 2019']);
  });

  it('an empty IPC prefix matches every document that has a code, as "starts with" does', () => {
    expect(filterClauses({ ipcPrefix: ['A23', '  '], visibleTo: { ownerIds: [], all: true } })).toEqual(['ipcPrefixes IS NOT EMPTY']);
  });

  it.each(HOSTILE)('a hostile value %j stays one quoted value in every list filter', (value) => {
    const clauses = filterClauses({ chain: [value], region: [value, 'x'], legalStatus: [value], visibleTo: { ownerIds: [value] } });
    expect(readInList(clauses[0]!, 'chains')).toEqual([wellFormed(value)]);
    expect(readInList(clauses[1]!, 'legalStatus')).toEqual([wellFormed(value)]);
    expect(readInList(clauses[2]!, 'regions')).toEqual([...new Set([wellFormed(value), 'x'])]);
    const visibility = clauses[3]!;
    expect(visibility.startsWith('(visibility = "public" OR ')).toBe(true);
    expect(readInList(visibility.slice('(visibility = "public" OR '.length, -1), 'ownerKeys')).toEqual([hexKey(value)]);
  });
});
