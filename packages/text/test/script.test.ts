import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { detectScript, normalizeText, toSimplified } from '../src/index.ts';
import { corpusRecords } from './corpus-sample.ts';

describe('detectScript', () => {
  it('recognises Traditional titles from Taiwan, even short ones', () => {
    expect(detectScript('新型ＣＲＩＳＰＲ酶以及系統')).toBe('traditional');
    expect(detectScript('細胞壞死抑制劑與相關方法')).toBe('traditional');
    expect(detectScript('製造混合式基材的方法')).toBe('traditional');
    expect(detectScript('裡面')).toBe('traditional');
    expect(detectScript('台灣')).toBe('traditional');
  });

  it('recognises Simplified text', () => {
    expect(detectScript('新型CRISPR酶以及系统')).toBe('simplified');
    expect(detectScript('一种茶叶杀青机')).toBe('simplified');
  });

  it('counts shared characters for neither script; no evidence means simplified', () => {
    expect(detectScript('石墨烯')).toBe('simplified');
    expect(detectScript('胜肽')).toBe('simplified'); // 胜 is also standard in Taiwan (胜肽)
    expect(detectScript('')).toBe('simplified');
    expect(detectScript('antenna arrays')).toBe('simplified');
  });

  it('does not take characters standard in both scripts as Traditional', () => {
    expect(detectScript('效果显著')).toBe('simplified'); // 著
    expect(detectScript('什么')).toBe('simplified'); // 么
    expect(detectScript('芸薹属')).toBe('simplified'); // 薹
  });

  it('lets the majority decide mixed text', () => {
    expect(detectScript('控制装置系統')).toBe('simplified'); // 装 vs 統: tie
    expect(detectScript('控制裝置系統')).toBe('traditional');
  });
});

describe('toSimplified', () => {
  it('converts real Taiwan titles to mainland Simplified', () => {
    expect(toSimplified('新型ＣＲＩＳＰＲ酶以及系統')).toBe('新型ＣＲＩＳＰＲ酶以及系统');
    expect(toSimplified('細胞壞死抑制劑與相關方法')).toBe('细胞坏死抑制剂与相关方法');
    expect(toSimplified('可增加牛樟芝子實體及提升三萜類之牛樟芝培養基')).toBe('可增加牛樟芝子实体及提升三萜类之牛樟芝培养基');
    expect(toSimplified('鋰電池用結著劑')).toBe('锂电池用结着剂');
  });

  it('maps Taiwan technical vocabulary to the mainland term', () => {
    expect(toSimplified('奈米碳纖維的製備方法')).toBe('纳米碳纤维的制备方法');
    expect(toSimplified('感測器及其製造方法')).toBe('传感器及其制造方法');
    expect(toSimplified('７Ｔ雙埠靜態隨機存取記憶體')).toBe('７Ｔ双端口静态随机存取存储器');
    expect(toSimplified('橙黃醯胺雙肽衍生物用於治療')).toBe('橙黄酰胺双肽衍生物用于治疗');
    expect(toSimplified('智慧財產權管理系統')).toBe('知识产权管理系统');
  });

  it('keeps mainland patent vocabulary that OpenCC’s phrase table would change', () => {
    expect(toSimplified('防噴裝置')).toBe('防喷装置'); // not 设备
    expect(toSimplified('天線陣列')).toBe('天线阵列'); // not 数组
  });

  it('leaves mainland text alone, including characters OpenCC would damage', () => {
    for (const text of ['本发明显著提高了产量', '不破坏土层', '芸薹属蔬菜', '不论什么组合', '石墨烯复合材料']) {
      expect(toSimplified(text)).toBe(text);
    }
  });

  it('replaces only the stray Traditional characters of mainland text', () => {
    expect(toSimplified('一种计算机大数据用防盜警报装置')).toBe('一种计算机大数据用防盗警报装置');
    expect(toSimplified('显著提高，能同時利用')).toBe('显著提高，能同时利用');
  });

  it('is idempotent', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fff }).map((cp) => String.fromCodePoint(cp));
    const text = fc.array(fc.oneof(han, fc.constantFrom('統', '裝', '置', '著', '奈米', '記憶體', 'a', ' ')), { maxLength: 20 }).map((a) => a.join(''));
    fc.assert(
      fc.property(text, (t) => {
        const once = toSimplified(t);
        expect(toSimplified(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });
});

describe.skipIf(corpusRecords.length === 0)('on the shared datasets', () => {
  const taiwan = corpusRecords.filter((r) => r.dataset === 'tw-university-patents');
  const mainland = corpusRecords.filter((r) => r.dataset !== 'tw-university-patents');

  it('detects every mainland record as Simplified', () => {
    const wrong = mainland.filter((r) => detectScript(`${r.title}\n${r.abstract}`) !== 'simplified');
    expect(wrong.map((r) => r.title)).toEqual([]);
  });

  it('detects at least 97% of the Taiwan titles as Traditional (the rest use only shared characters)', () => {
    const traditional = taiwan.filter((r) => detectScript(r.title) === 'traditional').length;
    expect(traditional / taiwan.length).toBeGreaterThan(0.97);
  });

  it('leaves no Traditional evidence in converted Taiwan titles', () => {
    const left = taiwan.map((r) => toSimplified(normalizeText(r.title))).filter((t) => detectScript(t) === 'traditional');
    expect(left).toEqual([]);
  });
});
