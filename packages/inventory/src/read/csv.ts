/**
 * An RFC 4180 CSV parser that survives broken quoting.
 *
 * Real inventory exports are edited by hand in Excel and text editors, and a single
 * stray quote in an abstract would make a plain CSV parser read the rest of the file
 * as one field. Here a record that goes wrong is reported against the physical line
 * it started on, and parsing resumes at the next physical line, so one bad row costs
 * one row.
 */
import type { ReadError } from './record.ts';

export interface CsvRow {
  /** 1-based physical line where the record starts. */
  line: number;
  /** 1-based physical line where the record ends (greater than `line` when a quoted field holds line breaks). */
  endLine: number;
  cells: string[];
}

export interface CsvParseResult {
  /** Every well-formed record, the header row first. */
  rows: CsvRow[];
  /** One error (field 'row') per record that was skipped. */
  errors: ReadError[];
  /** The delimiter used: the one given, or the one detected from the header line. */
  delimiter: string;
}

export interface CsvOptions {
  /** One character; detected from the header line among `,`, `;` and tab when omitted. */
  delimiter?: string;
}

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/**
 * Parses CSV text into rows, skipping (and reporting) malformed records.
 *
 * @example
 * const { rows, errors } = parseCsv('名称,摘要\n一种犁,"翻土, 碎土"\n坏行,"未闭合\n一种耙,平整土地\n');
 * // rows:   [{ line: 1, cells: ['名称', '摘要'] }, { line: 2, cells: ['一种犁', '翻土, 碎土'] },
 * //          { line: 4, cells: ['一种耙', '平整土地'] }]   (each row also carries endLine)
 * // errors: [{ line: 3, field: 'row', message: 'unclosed quote in column 2 (摘要): the quoted text never
 * //            closes before the end of the file; the row was skipped' }]
 *
 * The first non-empty record is the header; its column count is expected of every
 * other record. Blank lines and lines holding only delimiters are skipped silently.
 * A record with extra trailing cells that are all empty (a common spreadsheet
 * artefact) is trimmed to the header's width; any other column-count mismatch is an
 * error. After any error, parsing resumes at the physical line following the one the
 * bad record started on, so an unclosed quote can never swallow the rows after it.
 * A quote inside an unquoted field is kept as a literal character. CRLF and LF line
 * ends are accepted; CRLF inside quoted fields becomes LF.
 *
 * Known limit: after an unclosed quote, the next quote in the file is taken as its
 * closing quote when a delimiter or line break follows it. That happens when a later
 * quoted cell starts with a delimiter or line break (e.g. `",碎土"`); if the column
 * count then also matches, the rows in between are read as one record.
 */
export function parseCsv(text: string, options: CsvOptions = {}): CsvParseResult {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const delimiter = options.delimiter ?? detectDelimiter(text, start);
  if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
    throw new RangeError(`CSV delimiter must be one character other than a quote or a line break, got ${JSON.stringify(delimiter)}`);
  }
  const reader = new RecordReader(text, delimiter.charCodeAt(0));
  const rows: CsvRow[] = [];
  const errors: ReadError[] = [];
  let header: string[] | undefined;
  let pos = start;
  let line = 1;

  while (pos < text.length) {
    const record = reader.read(pos, line);
    if (record.kind === 'ok' && record.cells.every(isBlank)) {
      pos = record.end;
      line = record.endLine + 1;
      continue;
    }
    let problem: string | undefined;
    if (record.kind === 'broken') {
      problem = describeBreak(record, header);
    } else if (header !== undefined && record.cells.length !== header.length) {
      if (record.cells.length > header.length && record.endLine === line && record.cells.slice(header.length).every(isBlank)) {
        record.cells.length = header.length;
      } else {
        problem = describeWidth(record, header);
      }
    }
    if (problem !== undefined) {
      if (header === undefined) {
        errors.push({ line, field: 'row', message: `the header row (line ${line}) is malformed: ${problem}; fix the header and upload again` });
        return { rows, errors, delimiter };
      }
      errors.push({ line, field: 'row', message: `${problem}; the row was skipped` });
      const next = text.indexOf('\n', pos);
      pos = next === -1 ? text.length : next + 1;
      line++;
      continue;
    }
    if (record.kind !== 'ok') continue; // unreachable: broken records always carry a problem
    if (header === undefined) header = record.cells;
    rows.push({ line, endLine: record.endLine, cells: record.cells });
    pos = record.end;
    line = record.endLine + 1;
  }
  return { rows, errors, delimiter };
}

/**
 * Picks the delimiter of a CSV file from its first non-blank line.
 *
 * @example
 * detectDelimiter('申请号;名称;摘要\n…'); // ';'
 *
 * Counts `,`, tab and `;` outside quotes; the most frequent wins, ties in that order;
 * `,` when none occurs.
 */
export function detectDelimiter(text: string, from = 0): string {
  let pos = from;
  while (pos < text.length && (text.charCodeAt(pos) === LF || text.charCodeAt(pos) === CR)) pos++;
  const counts = new Map<number, number>([
    [0x2c, 0],
    [TAB, 0],
    [0x3b, 0],
  ]);
  let quoted = false;
  for (; pos < text.length; pos++) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) break;
    else if (!quoted) {
      const count = counts.get(c);
      if (count !== undefined) counts.set(c, count + 1);
    }
  }
  let best = 0x2c;
  for (const [code, count] of counts) if (count > counts.get(best)!) best = code;
  return String.fromCharCode(best);
}

type RecordRead =
  | { kind: 'ok'; cells: string[]; end: number; endLine: number; multilineColumn: number | undefined }
  | {
      kind: 'broken';
      reason: 'unclosed-quote' | 'text-after-quote';
      /** 1-based column where the problem is. */
      column: number;
      /** The physical line where the problem shows. */
      problemLine: number;
      /** 1-based column of the first quoted field that ran across a line break, if any. */
      multilineColumn: number | undefined;
    };

/** Reads one record starting at a given position; knows nothing about headers or recovery. */
class RecordReader {
  readonly #text: string;
  readonly #delimiter: number;

  constructor(text: string, delimiter: number) {
    this.#text = text;
    this.#delimiter = delimiter;
  }

  read(pos: number, line: number): RecordRead {
    const text = this.#text;
    const n = text.length;
    const d = this.#delimiter;
    const cells: string[] = [];
    let p = pos;
    let currentLine = line;
    let multilineColumn: number | undefined;

    for (;;) {
      const quoteAt = this.#quoteStart(p);
      if (quoteAt !== -1) {
        const column = cells.length + 1;
        let q = quoteAt + 1;
        let close: number;
        let escaped = false;
        for (;;) {
          close = text.indexOf('"', q);
          if (close === -1) {
            return { kind: 'broken', reason: 'unclosed-quote', column, problemLine: currentLine, multilineColumn: multilineColumn ?? column };
          }
          if (text.charCodeAt(close + 1) !== QUOTE) break;
          escaped = true;
          q = close + 2;
        }
        let value = text.slice(quoteAt + 1, close);
        const breaks = countLineFeeds(value);
        if (breaks > 0) {
          currentLine += breaks;
          multilineColumn ??= column;
          if (value.includes('\r\n')) value = value.replaceAll('\r\n', '\n');
        }
        if (escaped) value = value.replaceAll('""', '"');
        cells.push(value);
        p = this.#skipSpaces(close + 1);
        if (p >= n) return { kind: 'ok', cells, end: n, endLine: currentLine, multilineColumn };
        const c = text.charCodeAt(p);
        if (c === d) {
          p++;
          continue;
        }
        if (c === LF) return { kind: 'ok', cells, end: p + 1, endLine: currentLine, multilineColumn };
        if (c === CR && text.charCodeAt(p + 1) === LF) return { kind: 'ok', cells, end: p + 2, endLine: currentLine, multilineColumn };
        return { kind: 'broken', reason: 'text-after-quote', column, problemLine: currentLine, multilineColumn };
      }

      let k = p;
      let c = 0;
      while (k < n) {
        c = text.charCodeAt(k);
        if (c === d || c === LF || (c === CR && text.charCodeAt(k + 1) === LF)) break;
        k++;
      }
      cells.push(text.slice(p, k));
      if (k >= n) return { kind: 'ok', cells, end: n, endLine: currentLine, multilineColumn };
      if (c === d) {
        p = k + 1;
        continue;
      }
      return { kind: 'ok', cells, end: c === LF ? k + 1 : k + 2, endLine: currentLine, multilineColumn };
    }
  }

  /** Position of the opening quote when the field at `p` is quoted (spaces before the quote allowed), else -1. */
  #quoteStart(p: number): number {
    const text = this.#text;
    const c = text.charCodeAt(p);
    if (c === QUOTE) return p;
    if (c !== SPACE && !(c === TAB && this.#delimiter !== TAB)) return -1;
    const q = this.#skipSpaces(p);
    return text.charCodeAt(q) === QUOTE ? q : -1;
  }

  /** Skips spaces (and tabs, unless tab is the delimiter) — allowed around quoted fields. */
  #skipSpaces(p: number): number {
    const text = this.#text;
    while (p < text.length) {
      const c = text.charCodeAt(p);
      if (c === SPACE || (c === TAB && this.#delimiter !== TAB)) p++;
      else break;
    }
    return p;
  }
}

function countLineFeeds(value: string): number {
  let count = 0;
  let at = value.indexOf('\n');
  while (at !== -1) {
    count++;
    at = value.indexOf('\n', at + 1);
  }
  return count;
}

function isBlank(cell: string): boolean {
  return cell.trim() === '';
}

function columnName(column: number, header: string[] | undefined): string {
  const name = header?.[column - 1]?.trim();
  return name ? `column ${column} (${name})` : `column ${column}`;
}

function describeBreak(record: Extract<RecordRead, { kind: 'broken' }>, header: string[] | undefined): string {
  if (record.multilineColumn !== undefined) {
    const where = columnName(record.multilineColumn, header);
    const how =
      record.reason === 'unclosed-quote'
        ? 'never closes before the end of the file'
        : `runs past the end of the line and the record breaks on line ${record.problemLine} (text after a closing quote)`;
    return `unclosed quote in ${where}: the quoted text ${how}`;
  }
  // Only a text-after-quote break can stay on one line: an unclosed quote always runs on.
  return `text after the closing quote in ${columnName(record.column, header)}; a quote inside a quoted field must be doubled ("")`;
}

function describeWidth(record: Extract<RecordRead, { kind: 'ok' }>, header: string[]): string {
  const width = `the record has ${record.cells.length} columns, expected ${header.length}`;
  if (record.multilineColumn === undefined) return `the row has ${record.cells.length} columns, expected ${header.length}`;
  return `unclosed quote in ${columnName(record.multilineColumn, header)}: the quoted text runs to line ${record.endLine} and ${width}`;
}
