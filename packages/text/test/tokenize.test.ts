import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalizeForSearch, tokenize, tokenizeForIndex } from '../src/index.ts';
import { corpusRecords } from './corpus-sample.ts';

describe('tokenize: Chinese', () => {
  it('segments with the patent dictionary and drops boilerplate', () => {
    expect(tokenize('一种石墨烯复合材料的制备方法')).toEqual(['石墨烯', '复合材料', '制备', '方法']);
    expect(tokenize('本实用新型涉及一种茶叶杀青机，其特征在于：所述杀青机包括机架(1)')).toEqual([
      '茶叶',
      '杀青机',
      '杀青机',
      '机架',
    ]);
  });

  it('removes patent boilerplate and function words', () => {
    const tokens = tokenize(
      '本发明公开了一种用于水稻的施肥装置及其使用方法，其中所述装置包括料斗以及该料斗下方的排肥轴等部件。本实用新型涉及农业机械。',
    );
    for (const stop of ['本发明', '本实用新型', '一种', '所述', '包括', '涉及', '用于', '及其', '以及', '其中', '该', '等', '的', '了', '公开']) {
      expect(tokens).not.toContain(stop);
    }
    expect(tokens).toEqual(['水稻', '施肥', '装置', '方法', '装置', '料斗', '料斗', '排肥轴', '部件', '农业机械']);
  });

  it('keeps 方法 and 装置, which separate process from apparatus patents', () => {
    expect(tokenize('茶叶杀青方法')).toContain('方法');
    expect(tokenize('茶叶杀青装置')).toContain('装置');
  });

  it('keeps single characters that are nouns, drops those that are grammar', () => {
    expect(tokenize('新型CRISPR酶以及系统')).toEqual(['新型', 'crispr', '酶', '系统']);
    expect(tokenize('在犁上安装铲')).toEqual(['犁', '安装', '铲']);
    expect(tokenize('将犁与铲固定在一起')).toEqual(['犁', '铲', '固定']);
  });

  it('gives Traditional and Simplified, full-width and half-width input the same tokens', () => {
    expect(tokenize('新型ＣＲＩＳＰＲ酶以及系統')).toEqual(tokenize('新型CRISPR酶以及系统'));
    expect(tokenize('鋰電池用結著劑')).toEqual(tokenize('锂电池用结着剂'));
    expect(tokenize('奈米碳纖維的製備方法')).toEqual(tokenize('纳米碳纤维的制备方法'));
  });

  it('keepStopWords keeps them', () => {
    expect(tokenize('本发明涉及一种犁', { keepStopWords: true })).toEqual(['本发明', '涉及', '一种', '犁']);
    expect(tokenize('本发明涉及一种犁')).toEqual(['犁']);
  });
});

describe('tokenize: English and mixed text', () => {
  it('stems English words with Porter and drops English stop words', () => {
    expect(tokenize('antenna arrays')).toEqual(['antenna', 'arrai']);
    expect(tokenize('Methods for manufacturing the graphene sheets, wherein said sheets are doped')).toEqual([
      'method',
      'manufactur',
      'graphen',
      'sheet',
      'sheet',
      'dope',
    ]);
  });

  it('handles Chinese mixed with Latin runs', () => {
    expect(tokenize('基于CRISPR-Cas9的基因编辑方法')).toEqual(['crispr', 'cas9', '基因', '编辑', '方法']);
    expect(tokenize('5G通信 antenna arrays')).toEqual(['5g', '通信', 'antenna', 'arrai']);
    expect(tokenize('一种北方旱地农田土壤的N<sub>2</sub>O减排方法')).toContain('n2o');
    expect(tokenize('X射线检测装置')).toEqual(['x射线', '检测', '装置']);
  });

  it('keeps model numbers, drops reference numerals and lone letters', () => {
    expect(tokenize('304不锈钢与18650电池')).toEqual(['304', '不锈钢', '18650', '电池']);
    expect(tokenize('机架(1)与弹簧(17)连接于支点P')).toEqual(['机架', '弹簧', '连接', '支点']);
  });
});

describe('tokenizeForIndex', () => {
  it('adds the dictionary words inside long words before the word itself', () => {
    expect(tokenizeForIndex('锂离子电池正极材料')).toEqual(['离子', '电池', '锂离子', '锂离子电池', '正极', '材料']);
    expect(tokenizeForIndex('一种茶叶杀青机')).toEqual(['茶叶', '杀青', '杀青机']);
  });

  it('drops the parts of a stop word with it', () => {
    expect(tokenizeForIndex('本实用新型涉及一种犁')).toEqual(['犁']);
  });

  it('contains every token of tokenize', () => {
    const text = '基于物联网的智能灌溉系统及其控制方法，涉及5G通信 antenna arrays';
    const index = new Set(tokenizeForIndex(text));
    for (const token of tokenize(text)) expect(index.has(token)).toBe(true);
  });
});

describe('tokenize: properties', () => {
  const chinese = fc.array(fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp)), { maxLength: 40 }).map((a) => a.join(''));
  const anyText = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), chinese);

  it('never throws on arbitrary Unicode and returns clean tokens', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        for (const tokens of [tokenize(text), tokenizeForIndex(text), tokenize(text, { keepStopWords: true })]) {
          for (const token of tokens) {
            expect(token.length).toBeGreaterThan(0);
            expect(token).not.toMatch(/\s/);
            expect(token).toBe(token.toLowerCase());
          }
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('is deterministic', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tokenize(text)).toEqual(tokenize(text));
        expect(tokenizeForIndex(text)).toEqual(tokenizeForIndex(text));
      }),
      { numRuns: 500 },
    );
  });

  it('tokenizeForIndex holds every token of tokenize', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const index = new Set(tokenizeForIndex(text));
        for (const token of tokenize(text)) expect(index.has(token)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same tokens for a text and its search form', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(tokenize(normalizeForSearch(text))).toEqual(tokenize(text));
      }),
      { numRuns: 500 },
    );
  });

  it.skipIf(corpusRecords.length === 0)('tokenises all ~31k dataset records within a generous time budget', () => {
    const started = performance.now();
    let tokens = 0;
    for (const r of corpusRecords) tokens += tokenize(`${r.title}\n${r.abstract}`).length;
    const seconds = (performance.now() - started) / 1000;
    expect(tokens).toBeGreaterThan(500_000);
    // About 1.2 s on a 2-core machine; the budget only catches an order-of-magnitude slip.
    expect(seconds).toBeLessThan(10);
  });
});
