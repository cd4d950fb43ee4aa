import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeForSearch, normalizeText } from '../src/index.ts';
import { corpusSample } from './corpus-sample.ts';

describe('normalizeText: full-width folding', () => {
  it('folds full-width letters and digits to ASCII', () => {
    expect(normalizeText('新型ＣＲＩＳＰＲ酶以及系統')).toBe('新型CRISPR酶以及系統');
    expect(normalizeText('７Ｔ雙埠靜態隨機存取記憶體')).toBe('7T雙埠靜態隨機存取記憶體');
    expect(normalizeText('ａｂｃｘｙｚ０１２９')).toBe('abcxyz0129');
  });

  it('folds full-width symbols and turns the ideographic space into a space', () => {
    expect(normalizeText('１．５～３．０％')).toBe('1.5~3.0%');
    expect(normalizeText('读取／写入　速度')).toBe('读取/写入 速度');
    expect(normalizeText('Ｐ＋Ｎ＝＜＞［］＃＆')).toBe('P+N=<>[]#&');
  });

  it('keeps Chinese sentence punctuation full-width', () => {
    expect(normalizeText('支点（Ｐ４）之间，通过弹簧；其特征：是？好！')).toBe('支点（P4）之间，通过弹簧；其特征：是？好！');
  });

  it('does not change case or script', () => {
    expect(normalizeText('Graphene 石墨烯 系統')).toBe('Graphene 石墨烯 系統');
  });
});

describe('normalizeText: junk from real exports', () => {
  it('removes the stray end marker of the cn-a01 abstracts, full-width or not', () => {
    expect(normalizeText('上述四连杆机构（３）下降。$＃!')).toBe('上述四连杆机构（3）下降。');
    expect(normalizeText('便于携带。$#!')).toBe('便于携带。');
    expect(normalizeText('便于携带。$#! ')).toBe('便于携带。');
  });

  it('strips formatting markup but keeps its text', () => {
    expect(normalizeText('一种北方旱地农田土壤的N<sub>2</sub>O减排方法')).toBe('一种北方旱地农田土壤的N2O减排方法');
    expect(normalizeText('低剂量<sup>60</sup>Co-γ射线')).toBe('低剂量60Co-γ射线');
    expect(normalizeText('<b>本发明</b>涉及<i>一种</i>犁<b />')).toBe('本发明涉及一种犁');
    expect(normalizeText('过<SUP>60</SUP>C<SUB>or</SUB>射线')).toBe('过60Cor射线');
    expect(normalizeText('一种N,N<tag01>-二环已基碳二亚胺')).toBe('一种N,N-二环已基碳二亚胺');
  });

  it('removes formula images, numbering comments and page marks', () => {
    expect(normalizeText('通过扎<img file="D2009101912935A00011.tif" wi="57" he="56" />固定')).toBe('通过扎固定');
    expect(normalizeText('等优点。<!--1-->')).toBe('等优点。');
    expect(normalizeText('方程式为：<img file="a.TIF" wi="1" he="1" /></maths>本发明')).toBe('方程式为：本发明');
    expect(normalizeText('结构的改善。<pb pnum="1" />')).toBe('结构的改善。');
  });

  it('keeps angle brackets that are not markup', () => {
    expect(normalizeText('800mg/L<Na+<1000mg/L')).toBe('800mg/L<Na+<1000mg/L');
    expect(normalizeText('步骤<1>和<2>')).toBe('步骤<1>和<2>');
  });

  it('decodes HTML entities, including double-encoded ones', () => {
    expect(normalizeText('温度条件下（&lt;18℃）表现')).toBe('温度条件下（<18℃）表现');
    expect(normalizeText('-1&lt;A&lt;-0.5 &amp;lt;x')).toBe('-1<A<-0.5 <x');
    expect(normalizeText('&#65;&#x42;&nbsp;C')).toBe('AB C');
  });

  it('removes question marks that stand for lost characters', () => {
    expect(normalizeText('所述的弯曲导线符合方程???????????，其中')).toBe('所述的弯曲导线符合方程，其中');
    expect(normalizeText('有利于提高资源利用率。?')).toBe('有利于提高资源利用率。');
    // A single "?" between Latin letters or digits cannot be restored and stays.
    expect(normalizeText('基于家鼠(mus?musculus)')).toBe('基于家鼠(mus?musculus)');
  });

  it('joins hard-wrapped Chinese lines and collapses other whitespace', () => {
    expect(normalizeText('另一头(6B)则可\n以和耙片(3)的毂(8)连接。当螺\r\n旋圈收紧')).toBe('另一头(6B)则可以和耙片(3)的毂(8)连接。当螺旋圈收紧');
    expect(normalizeText('  5G通信 \t antenna\n\narrays  ')).toBe('5G通信 antenna arrays');
    expect(normalizeText('石墨烯 电池')).toBe('石墨烯 电池');
    expect(normalizeText('a\u200Bb\uFEFFc\u00A0d')).toBe('abc d');
  });

  it('removes broken UTF-16 (lone surrogates)', () => {
    expect(normalizeText('石墨\uD800烯')).toBe('石墨烯');
    expect(normalizeText('\uDFFF')).toBe('');
  });
});

describe('normalizeForSearch', () => {
  it('adds Traditional→Simplified and lower case', () => {
    expect(normalizeForSearch('新型ＣＲＩＳＰＲ酶以及系統')).toBe('新型crispr酶以及系统');
    expect(normalizeForSearch('5G通信 Antenna Arrays')).toBe('5g通信 antenna arrays');
  });
});

describe('idempotence', () => {
  const tricky = fc.constantFrom(
    '&lt;', '&amp;', 'lt;', '<', '>', 'b', 'sub', '/', '$', '#', '!', '＄', '＃', '！', '?', '？',
    '\n', ' ', '　', '。', '石', '墨', '烯', '系統', 'Ａ', '&#65;', '&#x26;', '<!--', '-->', '<img ', '\uD800',
  );
  const mixed = fc.array(fc.oneof(tricky, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 30 }).map((parts) => parts.join(''));

  it('normalizeText(normalizeText(x)) === normalizeText(x) for any text', () => {
    fc.assert(
      fc.property(fc.oneof(mixed, fc.string({ unit: 'binary' })), (text) => {
        const once = normalizeText(text);
        expect(normalizeText(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  it('normalizeForSearch is idempotent for any text', () => {
    fc.assert(
      fc.property(fc.oneof(mixed, fc.string({ unit: 'binary' })), (text) => {
        const once = normalizeForSearch(text);
        expect(normalizeForSearch(once)).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it.skipIf(corpusSample.length === 0)('is idempotent on real patent titles and abstracts', () => {
    for (const text of corpusSample) {
      const once = normalizeText(text);
      expect(normalizeText(once)).toBe(once);
      const search = normalizeForSearch(text);
      expect(normalizeForSearch(search)).toBe(search);
    }
  });

  it.skipIf(corpusSample.length === 0)('leaves no known junk in real records', () => {
    for (const text of corpusSample) {
      const out = normalizeText(text);
      expect(out).not.toMatch(/\$[#＃]!|<\/?(sub|sup|b|i|img|maths)[\s/>]|<!--|&lt;|\?\?|[Ａ-Ｚａ-ｚ０-９　]/i);
    }
  });
});
