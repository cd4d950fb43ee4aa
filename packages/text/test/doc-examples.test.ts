/** The examples in the doc comments of the public functions, checked. */
import { describe, expect, it } from 'vitest';
import {
  detectScript,
  isStopWord,
  normalizeForSearch,
  normalizeText,
  patentTermsVersion,
  segment,
  toSimplified,
  tokenize,
  tokenizeForIndex,
} from '../src/index.ts';
import { latinTokens } from '../src/english.ts';

describe('doc comment examples', () => {
  it('normalizeText / normalizeForSearch', () => {
    expect(normalizeText('新型ＣＲＩＳＰＲ酶以及系統 ')).toBe('新型CRISPR酶以及系統');
    expect(normalizeText('N<sub>2</sub>O减排方法')).toBe('N2O减排方法');
    expect(normalizeText('…四连杆机构（３）下降。$＃!')).toBe('…四连杆机构（3）下降。');
    expect(normalizeForSearch('新型ＣＲＩＳＰＲ酶以及系統')).toBe('新型crispr酶以及系统');
    expect(normalizeForSearch('5G通信 Antenna')).toBe('5g通信 antenna');
  });

  it('detectScript / toSimplified', () => {
    expect(detectScript('新型CRISPR酶以及系統')).toBe('traditional');
    expect(detectScript('石墨烯复合材料')).toBe('simplified');
    expect(detectScript('石墨烯')).toBe('simplified');
    expect(toSimplified('新型CRISPR酶以及系統')).toBe('新型CRISPR酶以及系统');
    expect(toSimplified('奈米碳纖維的製備方法')).toBe('纳米碳纤维的制备方法');
    expect(toSimplified('石墨烯复合材料')).toBe('石墨烯复合材料');
    expect(toSimplified('著色劑組成物')).toBe('着色剂组成物');
    expect(toSimplified('著作權管理系統')).toBe('著作权管理系统');
  });

  it('isStopWord / patentTermsVersion', () => {
    expect(isStopWord('所述')).toBe(true);
    expect(isStopWord('的')).toBe(true);
    expect(isStopWord('wherein')).toBe(true);
    expect(isStopWord('方法')).toBe(false);
    expect(patentTermsVersion()).toBe('1');
  });

  it('segment / latinTokens', () => {
    expect(segment('石墨烯复合材料的制备方法')).toEqual(['石墨烯', '复合材料', '的', '制备', '方法']);
    expect(segment('基于CRISPR-Cas9的基因编辑')).toEqual(['基于', 'crispr', 'cas9', '的', '基因', '编辑']);
    expect(latinTokens('crispr-cas9', false)).toEqual(['crispr', 'cas9']);
    expect(latinTokens('antenna arrays', false)).toEqual(['antenna', 'arrai']);
  });

  it('tokenize / tokenizeForIndex', () => {
    expect(tokenize('一种石墨烯复合材料的制备方法')).toEqual(['石墨烯', '复合材料', '制备', '方法']);
    expect(tokenize('新型ＣＲＩＳＰＲ酶以及系統')).toEqual(['新型', 'crispr', '酶', '系统']);
    expect(tokenize('5G通信 antenna arrays')).toEqual(['5g', '通信', 'antenna', 'arrai']);
    expect(tokenizeForIndex('锂离子电池正极材料')).toEqual(['离子', '电池', '锂离子', '锂离子电池', '正极', '材料']);
    expect(tokenize('锂离子电池正极材料')).toEqual(['锂离子电池', '正极', '材料']);
  });
});
