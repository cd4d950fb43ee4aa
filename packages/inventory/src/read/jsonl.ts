/**
 * JSON Lines in the project's own schema: one object per line whose keys are input
 * field names. Meant for exports from other systems and for re-importing what the
 * project itself wrote; a bad line costs that line only.
 */
import { plainNumber } from './cell-text.ts';
import { PATENT_FIELD_VOCABULARY, type FieldVocabulary } from './columns.ts';
import type { InputField, RawRecord, ReadError } from './record.ts';

/** Fields that hold several values; in JSON Lines they may be arrays, joined with ';'. */
export const MULTI_VALUED_FIELDS: ReadonlySet<InputField> = PATENT_FIELD_VOCABULARY.multiValued;

export interface JsonlParseResult<F extends string = InputField> {
  records: RawRecord<F>[];
  errors: ReadError[];
  /** Every key seen, in order of first appearance. */
  keys: string[];
}

/**
 * Reads JSON Lines text into records.
 *
 * @example
 * parseJsonl('{"title":"一种犁","applicants":["甲大学","乙公司"],"transferCount":2}\n{"titel":"x"}\n');
 * // records: [{ line: 1, fields: { title: '一种犁', applicants: '甲大学;乙公司', transferCount: '2' } }]
 * // errors:  [{ line: 2, field: 'row', message: 'unknown key "titel" …; the line was skipped' }]
 *
 * Blank lines are skipped. Strings are trimmed and empty ones left out, as are nulls;
 * numbers are written without exponent; booleans become 'true'/'false'; arrays of
 * strings or numbers are allowed for applicants, owners, inventors and ipcCodes. A
 * line that is not JSON or not an object (field 'json'), has unknown keys (field
 * 'row'), or holds a value of the wrong kind (field = the key) is skipped. Keys are
 * patent input fields unless `vocabulary` names other fields.
 */
export function parseJsonl<F extends string = InputField>(
  text: string,
  options: { source?: string | undefined; vocabulary?: FieldVocabulary<F> | undefined } = {},
): JsonlParseResult<F> {
  const vocabulary = options.vocabulary ?? (PATENT_FIELD_VOCABULARY as unknown as FieldVocabulary<F>);
  const known: ReadonlySet<string> = new Set(vocabulary.fields);
  const records: RawRecord<F>[] = [];
  const errors: ReadError[] = [];
  const keys = new Set<string>();
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = index + 1;
    const raw = lines[index]!.trim();
    if (raw === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, field: 'json', message: `line ${line} is not valid JSON (${(error as Error).message}); the line was skipped` });
      continue;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const kind = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      errors.push({ line, field: 'json', message: `line ${line} is ${kind}, expected a JSON object; the line was skipped` });
      continue;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    for (const [key] of entries) keys.add(key);
    const unknown = entries.map(([key]) => key).filter((key) => !known.has(key));
    if (unknown.length > 0) {
      const names = unknown.map((key) => JSON.stringify(key)).join(', ');
      errors.push({
        line,
        field: 'row',
        message: `unknown ${unknown.length === 1 ? 'key' : 'keys'} ${names} (keys must be input fields: ${vocabulary.fields.join(', ')}); the line was skipped`,
      });
      continue;
    }
    const record: RawRecord<F> = { line, fields: {} };
    if (options.source !== undefined) record.source = options.source;
    let ok = true;
    for (const [key, fieldValue] of entries) {
      const field = key as F;
      const converted = fieldText(fieldValue, vocabulary.multiValued.has(field));
      if (converted.error !== undefined) {
        errors.push({ line, field, message: `${field} ${converted.error}; the line was skipped` });
        ok = false;
      } else if (converted.text !== undefined) {
        record.fields[field] = converted.text;
      }
    }
    if (ok) records.push(record);
  }
  return { records, errors, keys: [...keys] };
}

function fieldText(value: unknown, multiValued: boolean): { text?: string; error?: string } {
  if (value === null || value === undefined) return {};
  if (Array.isArray(value)) {
    if (!multiValued) return { error: 'must be a string or a number, not a list' };
    const parts: string[] = [];
    for (const item of value) {
      const part = scalarText(item);
      if (part === null) return { error: 'must be a list of strings' };
      if (part !== '') parts.push(part);
    }
    return parts.length > 0 ? { text: parts.join(';') } : {};
  }
  const text = scalarText(value);
  if (text === null) {
    return { error: multiValued ? 'must be a string or a list of strings, not an object' : 'must be a string or a number, not an object' };
  }
  return text === '' ? {} : { text };
}

/** A scalar's text, '' for empty, null when the value is not a scalar. */
function scalarText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? plainNumber(value) : null;
  if (typeof value === 'boolean') return String(value);
  if (value === null) return '';
  return null;
}
