import { describe, expect, it } from 'vitest';
import { decodeBytes, isGb18030 } from '../../src/read/encoding.ts';
import { encodeGb18030 } from '../fixtures/malformed.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const join = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

describe('decodeBytes', () => {
  it('reads plain UTF-8', () => {
    expect(decodeBytes(utf8('名称,摘要\n一种犁,翻土\n'))).toEqual({ text: '名称,摘要\n一种犁,翻土\n', encoding: 'utf-8', badLines: [], badLineMessages: [] });
  });

  it('reads UTF-8 with a BOM and drops the BOM', () => {
    const result = decodeBytes(join(Uint8Array.of(0xef, 0xbb, 0xbf), utf8('名称\n一种犁\n')));
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.text).toBe('名称\n一种犁\n');
    expect(result.badLines).toEqual([]);
  });

  it('detects a whole GB18030 file', () => {
    const text = '申请号,名称,摘要\n201010110545.X,一种结合指针分析的软件安全漏洞动态检测方法,本发明公开了一种检测方法。\nabc,def,ghi\n';
    const bytes = encodeGb18030(text);
    expect(new TextDecoder('gb18030').decode(bytes)).toBe(text);
    expect(decodeBytes(bytes)).toEqual({ text, encoding: 'gb18030', badLines: [], badLineMessages: [] });
  });

  it('keeps a UTF-8 file with a few GB18030 lines as UTF-8 and names the bad lines', () => {
    const bytes = join(
      utf8('名称,摘要\n一种犁,翻土\n'),
      encodeGb18030('一种耙,平整土地\n'),
      utf8('一种锄,除草\nascii,only\n一种镰,收割\n'),
      encodeGb18030('一种播种机,播种'),
    );
    const result = decodeBytes(bytes);
    expect(result.encoding).toBe('utf-8');
    expect(result.badLines).toEqual([3, 7]);
    expect(result.badLineMessages).toEqual([
      'line 3 is not valid UTF-8 (looks like GB18030 bytes); re-save the file as UTF-8',
      'line 7 is not valid UTF-8 (looks like GB18030 bytes); re-save the file as UTF-8',
    ]);
    const lines = result.text.split('\n');
    expect(lines[1]).toBe('一种犁,翻土');
    expect(lines[3]).toBe('一种锄,除草');
    expect(lines[2]).toContain('\ufffd');
  });

  it('says nothing about GB18030 when the bad bytes are not GB18030 either', () => {
    const bytes = join(utf8('名称\n一种犁\n一种耙\n'), Uint8Array.of(0x41, 0xff, 0x0a), utf8('一种锄\n'));
    const result = decodeBytes(bytes);
    expect(result.encoding).toBe('utf-8');
    expect(result.badLines).toEqual([4]);
    expect(result.badLineMessages).toEqual(['line 4 is not valid UTF-8; re-save the file as UTF-8']);
  });

  it('reads a BOM file with a bad line as UTF-8 with that line reported', () => {
    const bytes = join(Uint8Array.of(0xef, 0xbb, 0xbf), utf8('名称\n'), encodeGb18030('一种耙\n'), utf8('一种锄\n'));
    const result = decodeBytes(bytes);
    expect(result.encoding).toBe('utf-8-bom');
    expect(result.badLines).toEqual([2]);
  });

  it('reports lines of a GB18030 file that are not GB18030 either', () => {
    const bytes = join(encodeGb18030('名称\n一种犁\n一种耙\n'), Uint8Array.of(0x81, 0x0a), encodeGb18030('一种锄\n'));
    const result = decodeBytes(bytes);
    expect(result.encoding).toBe('gb18030');
    expect(result.badLines).toEqual([4]);
    expect(result.badLineMessages[0]).toMatch(/^line 4 is neither valid UTF-8 nor valid GB18030/);
  });

  it('reads UTF-16 with a byte order mark (Excel "Unicode text")', () => {
    const text = '名称\t摘要\n一种犁\t翻土\n';
    const le = new Uint8Array(2 + text.length * 2);
    le.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      le[2 + i * 2] = text.charCodeAt(i) & 0xff;
      le[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    expect(decodeBytes(le)).toMatchObject({ text, encoding: 'utf-16le', badLines: [] });
  });

  it('isGb18030 checks bytes strictly', () => {
    expect(isGb18030(encodeGb18030('中文'))).toBe(true);
    expect(isGb18030(Uint8Array.of(0x81))).toBe(false);
  });
});
