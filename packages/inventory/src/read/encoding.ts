/**
 * Turning uploaded bytes into text: which encoding a file is in, and which lines are
 * damaged. Chinese university exports come as UTF-8 (with or without a BOM), as
 * GB18030/GBK from older Excel versions, and sometimes as UTF-8 files into which a
 * few GB18030 rows were pasted. The last case must not cost the user the whole file.
 */
import { isAscii, isUtf8 } from 'node:buffer';

export type TextEncodingName = 'utf-8' | 'utf-8-bom' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DecodedText {
  /** The text, without any byte order mark. */
  text: string;
  /** The encoding the bytes were read as. */
  encoding: TextEncodingName;
  /** 1-based physical lines (counted by LF bytes) whose bytes are not valid in `encoding`; ascending. */
  badLines: number[];
  /** One message per entry of `badLines`, in the same order, ready to show to the user. */
  badLineMessages: string[];
}

const LF = 0x0a;

/**
 * Decodes an uploaded text file, detecting its encoding.
 *
 * @example
 * const { text, encoding, badLines } = decodeBytes(await readFile('inventory.csv'));
 * // encoding: 'utf-8' | 'utf-8-bom' | 'gb18030' (or 'utf-16le'/'utf-16be' for Excel "Unicode text")
 * // badLines: [17] when line 17 alone holds GB18030 bytes in an otherwise UTF-8 file
 *
 * Rules, in order: a UTF-8 byte order mark means UTF-8; a UTF-16 byte order mark means
 * UTF-16; bytes that are valid UTF-8 throughout are UTF-8; when most lines that hold
 * non-ASCII bytes are invalid UTF-8 the file is GB18030; otherwise it is a UTF-8 file
 * with some corrupt lines, which are decoded leniently and listed in `badLines` so
 * the caller can reject the rows on them and keep the rest.
 */
export function decodeBytes(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return decodeUtf8(bytes.subarray(3), 'utf-8-bom');
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le', badLines: [], badLineMessages: [] };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be', badLines: [], badLineMessages: [] };
  }
  if (isUtf8(bytes)) {
    return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8', badLines: [], badLineMessages: [] };
  }
  const survey = surveyLines(bytes);
  if (survey.invalidUtf8Lines.length * 2 > survey.nonAsciiLineCount) {
    return decodeGb18030(bytes, survey.nonAsciiLines);
  }
  return decodeUtf8(bytes, 'utf-8', survey.invalidUtf8Lines);
}

/**
 * Whether these bytes, on their own, decode as GB18030 without any error.
 *
 * @example
 * isGb18030(Uint8Array.of(0xd6, 0xd0, 0xce, 0xc4)); // true ('中文')
 * isGb18030(Uint8Array.of(0x81));                   // false (a lead byte with no trail byte)
 */
export function isGb18030(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

interface LineSpan {
  line: number;
  start: number;
  end: number;
}

interface LineSurvey {
  nonAsciiLineCount: number;
  nonAsciiLines: LineSpan[];
  invalidUtf8Lines: LineSpan[];
}

/** Splits at LF bytes (never part of a multi-byte UTF-8 or GB18030 character) and checks each line holding non-ASCII bytes. */
function surveyLines(bytes: Uint8Array): LineSurvey {
  const nonAsciiLines: LineSpan[] = [];
  const invalidUtf8Lines: LineSpan[] = [];
  let line = 1;
  let start = 0;
  while (start <= bytes.length) {
    let end = bytes.indexOf(LF, start);
    if (end === -1) end = bytes.length;
    const content = bytes.subarray(start, end);
    if (!isAscii(content)) {
      const span = { line, start, end };
      nonAsciiLines.push(span);
      if (!isUtf8(content)) invalidUtf8Lines.push(span);
    }
    line++;
    start = end + 1;
  }
  return { nonAsciiLineCount: nonAsciiLines.length, nonAsciiLines, invalidUtf8Lines };
}

function decodeUtf8(bytes: Uint8Array, encoding: 'utf-8' | 'utf-8-bom', knownBad?: LineSpan[]): DecodedText {
  const text = new TextDecoder('utf-8').decode(bytes);
  const bad = knownBad ?? (isUtf8(bytes) ? [] : surveyLines(bytes).invalidUtf8Lines);
  return {
    text,
    encoding,
    badLines: bad.map((span) => span.line),
    badLineMessages: bad.map((span) => {
      const hint = isGb18030(bytes.subarray(span.start, span.end)) ? ' (looks like GB18030 bytes)' : '';
      return `line ${span.line} is not valid UTF-8${hint}; re-save the file as UTF-8`;
    }),
  };
}

function decodeGb18030(bytes: Uint8Array, nonAsciiLines: LineSpan[]): DecodedText {
  const text = new TextDecoder('gb18030').decode(bytes);
  const bad = isGb18030(bytes) ? [] : nonAsciiLines.filter((span) => !isGb18030(bytes.subarray(span.start, span.end)));
  return {
    text,
    encoding: 'gb18030',
    badLines: bad.map((span) => span.line),
    badLineMessages: bad.map(
      (span) => `line ${span.line} is neither valid UTF-8 nor valid GB18030 (the file was read as GB18030); re-save the file as UTF-8`,
    ),
  };
}
