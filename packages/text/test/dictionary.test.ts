import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isStopWord, patentTermsVersion, segment } from '../src/index.ts';
import { dataFilePath } from '../src/data-files.ts';

const require = createRequire(import.meta.url);
const { Jieba } = require('@node-rs/jieba') as typeof import('@node-rs/jieba');
const { dict } = require('@node-rs/jieba/dict.js') as typeof import('@node-rs/jieba/dict.js');
/** jieba with its default dictionary only: what segmentation would be without ours. */
const plainJieba = Jieba.withDict(dict);

const entries = readFileSync(dataFilePath('patent-terms.txt'), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '' && !line.startsWith('#'));
const words = entries.map((line) => line.split(' ')[0] ?? '');

describe('patent dictionary', () => {
  it.each([
    ['一种石墨烯复合材料的制备方法', '石墨烯'],
    ['一种茶叶杀青机', '杀青机'],
    ['基于物联网的智能灌溉系统', '物联网'],
    ['一种渔线轮', '渔线轮'],
    ['基于区块链的溯源方法', '区块链'],
    ['试管苗生根培养基', '试管苗'],
    ['一种新型开沟器', '开沟器'],
  ])('keeps the domain term whole in %s', (text, term) => {
    expect(plainJieba.cut(text, true)).not.toContain(term); // jieba alone splits it
    expect(segment(text)).toContain(term);
  });

  it('segments lower-cased mixed Latin–Chinese words whole (x射线)', () => {
    expect(plainJieba.cut('x射线检测装置', true)).not.toContain('x射线');
    expect(segment('X射线检测装置')).toContain('x射线');
  });

  it('segments boilerplate as one unit so it can be dropped as a stop word', () => {
    expect(plainJieba.cut('其特征在于', true)).toContain('特征');
    expect(segment('其特征在于')).toEqual(['其特征在于']);
    expect(isStopWord('其特征在于')).toBe(true);
  });

  it('does not glue a stop word to its neighbour (设有|机架, not 设|有机架)', () => {
    expect(segment('机身上设有机架')).toContain('机架');
    expect(words).not.toContain('有机架');
  });

  it('is a versioned file of a sensible size in jieba format', () => {
    expect(patentTermsVersion()).toMatch(/^\d+$/);
    expect(entries.length).toBeGreaterThan(2000);
    expect(entries.length).toBeLessThan(30000);
    for (const line of entries) expect(line).toMatch(/^\S+ \d+ [a-z]+$/);
    expect(new Set(words).size).toBe(words.length);
    for (const word of words) {
      expect([...word].length).toBeGreaterThanOrEqual(2);
      expect(word).toBe(word.toLowerCase());
    }
  });

  it('contains no stop words except the boilerplate it exists to join', () => {
    const stop = words.filter((w) => isStopWord(w));
    expect(stop.sort()).toEqual(['其特征在于', '其特征是', '本申请', '本外观设计', '特征在于', '特征是'].sort());
  });
});
