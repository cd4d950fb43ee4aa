import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMostlyLatin, isStopWord, normalizeForSearch, toSimplified, tokenize, translateEnglish } from '../src/index.ts';
import { dataFilePath, readDataLines } from '../src/data-files.ts';
import { GLOSSARY_FILE } from '../src/translate.ts';
import { corpusRecords } from './corpus-sample.ts';

const DOMAINS = [
  'general',
  'business',
  'manufacturing',
  'it',
  'future',
  'materials',
  'energy',
  'environment',
  'biomedicine',
  'tcm',
  'food',
  'tea',
  'agriculture',
  'livestock',
  'aquaculture',
];

const entries = readDataLines(GLOSSARY_FILE).map((line) => {
  const [english = '', chinese = '', domain = '', ...rest] = line.split('\t');
  return { line, english, terms: chinese.split('|'), domain, extra: rest.length };
});

/** The distinct content words of a text, as `translateEnglish` reports unknown ones. */
function contentWords(text: string): Set<string> {
  const words = [...normalizeForSearch(text).matchAll(/[\p{L}\p{N}]+/gu)].map(([word]) => word);
  return new Set(words.filter((word) => /\p{L}/u.test(word) && !/\p{Script=Han}/u.test(word) && [...word].length > 1 && !isStopWord(word)));
}

/** Share of the content words of the texts that the glossary translated. */
function translatedShare(texts: string[]): { share: number; content: number; unknown: number } {
  let content = 0;
  let unknown = 0;
  for (const text of texts) {
    content += contentWords(text).size;
    unknown += translateEnglish(text).unknown.length;
  }
  return { share: (content - unknown) / content, content, unknown };
}

describe('dict/en-zh-glossary.tsv', () => {
  it('is the project-written glossary, with at least 600 well-formed entries', () => {
    const text = readFileSync(dataFilePath(GLOSSARY_FILE), 'utf8');
    expect(text.split('\n')[0]).toBe('# written by the patent-bridge project');
    expect(entries.length).toBeGreaterThanOrEqual(600);
    for (const entry of entries) {
      expect(entry.extra, entry.line).toBe(0);
      expect(entry.english, entry.line).toBe(entry.english.toLowerCase());
      expect(entry.english, entry.line).toMatch(/^[a-z0-9][a-z0-9 '-]*[a-z0-9]$/);
      expect(DOMAINS, entry.line).toContain(entry.domain);
      expect(new Set(entry.terms).size, entry.line).toBe(entry.terms.length);
      for (const term of entry.terms) {
        expect(term, entry.line).toMatch(/\p{Script=Han}/u);
        expect(toSimplified(term), entry.line).toBe(term);
      }
    }
  });

  it('covers every domain of the chains, agriculture most', () => {
    const perDomain = new Map<string, number>();
    for (const entry of entries) perDomain.set(entry.domain, (perDomain.get(entry.domain) ?? 0) + 1);
    for (const domain of DOMAINS) expect(perDomain.get(domain) ?? 0, domain).toBeGreaterThanOrEqual(20);
    const agriculture = (perDomain.get('agriculture') ?? 0) + (perDomain.get('livestock') ?? 0) + (perDomain.get('aquaculture') ?? 0);
    expect(agriculture).toBeGreaterThan(Math.max(...DOMAINS.filter((d) => !['agriculture', 'livestock', 'aquaculture'].includes(d)).map((d) => perDomain.get(d) ?? 0)));
  });

  it('has no two entries that stem alike (loading would fail)', () => {
    expect(() => translateEnglish('robot')).not.toThrow();
    const english = entries.map((entry) => entry.english);
    expect(new Set(english).size).toBe(english.length);
  });

  it.skipIf(corpusRecords.length === 0)('uses Chinese terms found in patents: 90% occur at least 3 times in cn-recent + cn-a01', () => {
    const text = corpusRecords
      .filter((record) => record.dataset === 'cn-recent-titles-ipc' || record.dataset === 'cn-a01-abstracts')
      .map((record) => `${record.title}\n${record.abstract}`)
      .join('\n')
      .toLowerCase();
    const terms = [...new Set(entries.flatMap((entry) => entry.terms))];
    const found = terms.filter((term) => {
      const needle = term.toLowerCase();
      let seen = 0;
      for (let at = text.indexOf(needle); at !== -1 && seen < 3; at = text.indexOf(needle, at + needle.length)) seen++;
      return seen >= 3;
    });
    expect(found.length / terms.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('translateEnglish', () => {
  it('translates the doc comment examples', () => {
    expect(translateEnglish('Automatic seam tracking for our welding robots')).toEqual({
      terms: ['自动', '焊缝跟踪', '焊缝', '焊接', '机器人'],
      unknown: [],
    });
    expect(translateEnglish('A heat pump dryer for green tea')).toEqual({ terms: ['热泵', '烘干机', '干燥机', '绿茶'], unknown: [] });
    expect(translateEnglish('Robotic deburring of castings, Jiaozhou')).toEqual({
      terms: ['机器人', '去毛刺', '铸造'],
      unknown: ['jiaozhou'],
    });
  });

  it('prefers the longest phrase over its single words', () => {
    expect(translateEnglish('heat pump').terms).toEqual(['热泵']);
    expect(translateEnglish('seam tracking').terms).toContain('焊缝跟踪');
    expect(translateEnglish('seam tracking').terms).not.toContain('跟踪');
    expect(translateEnglish('tracking').terms).toEqual(['跟踪', '追踪']);
    expect(translateEnglish('lithium-ion battery cathode').terms).toEqual(['锂离子电池', '正极', '阴极']);
    expect(translateEnglish('traditional Chinese medicine').terms).toEqual(['中药', '中医']);
  });

  it('matches phrases with their stop words but never across other words or punctuation', () => {
    expect(translateEnglish('no-till seeding').terms).toEqual(['免耕', '种子', '播种']);
    expect(translateEnglish('tilling').terms).toEqual(['耕作']);
    expect(translateEnglish('internet of things').terms).toEqual(['物联网']);
    expect(translateEnglish('heat and pump').terms).not.toContain('热泵');
    expect(translateEnglish('the heat, pump').terms).not.toContain('热泵');
  });

  it('matches by stem: inflections and derived forms find the same entry', () => {
    for (const word of ['robot', 'robots', 'robotic', 'Robots']) expect(translateEnglish(word).terms).toEqual(['机器人']);
    expect(translateEnglish('welding robots').terms).toEqual(translateEnglish('welding robot').terms);
    expect(translateEnglish('seeds').terms).toEqual(translateEnglish('seeding').terms);
    expect(translateEnglish('harvesters').terms).toEqual(translateEnglish('harvesting').terms);
    expect(translateEnglish('fertiliser').terms).toEqual(translateEnglish('fertilizer').terms);
  });

  it('reports unknown content words once, and neither stop words nor numbers', () => {
    const result = translateEnglish('The Qingdao factory of Qingdao Foo Ltd needs 300 widgets and the widgets');
    expect(result.unknown).toEqual(['qingdao', 'foo', 'ltd', 'needs', 'widgets']);
    expect(result.terms).toEqual(['工厂']);
    expect(translateEnglish('the of and with 2024').unknown).toEqual([]);
  });

  it('passes Chinese through untouched and reports none of it as unknown', () => {
    for (const text of ['茶叶杀青机', '一种石墨烯复合材料的制备方法', '奈米碳纖維的製備方法']) {
      expect(translateEnglish(text)).toEqual({ terms: tokenize(text), unknown: [] });
    }
    expect(translateEnglish('We need a 杀青机 for green tea')).toEqual({ terms: ['杀青机', '绿茶'], unknown: ['need'] });
    expect(translateEnglish('green tea杀青机')).toEqual({ terms: ['绿茶', '杀青机'], unknown: [] });
  });

  it('returns each term once, in text order', () => {
    const { terms } = translateEnglish('Green tea drying: the tea dryer dries green tea leaves');
    expect(terms).toEqual([...new Set(terms)]);
    expect(terms.indexOf('绿茶')).toBeLessThan(terms.indexOf('烘干机'));
  });

  it('is deterministic and only returns glossary terms for English input', () => {
    const vocabulary = entries.map((entry) => entry.english);
    const glossaryTerms = new Set(entries.flatMap((entry) => entry.terms));
    const words = fc.array(fc.oneof(fc.constantFrom(...vocabulary), fc.constantFrom('and', 'the', 'of', ',', 'quux', 'Qingdao')), { maxLength: 12 });
    fc.assert(
      fc.property(words, (parts) => {
        const text = parts.join(' ');
        const first = translateEnglish(text);
        expect(translateEnglish(text)).toEqual(first);
        expect(new Set(first.terms).size).toBe(first.terms.length);
        for (const term of first.terms) expect(glossaryTerms.has(term)).toBe(true);
        for (const word of first.unknown) expect(contentWords(text).has(word)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

/** Ten English demands as an SME would write them (written by the patent-bridge project). */
const SAMPLE_DEMANDS = [
  'Automatic seam tracking for our welding robots; we weld thick steel plates and the seams drift.',
  'We need a heat pump dryer for green tea leaves that keeps the drying temperature stable.',
  'Looking for a no-till wheat seeder that does not clog in heavy corn straw.',
  'Our pig farm wants automatic feeding and manure removal with better ventilation in summer.',
  'Recirculating aquaculture system for shrimp with online water quality monitoring and aeration.',
  'Low-temperature superfine grinding of Chinese herbal medicine without losing active ingredients.',
  'Lithium battery pack with a battery management system that gives early warning of thermal runaway.',
  'Machine vision inspection of surface defects on cold-rolled steel sheets.',
  'Biodegradable mulch film for cotton fields that breaks down after harvest.',
  'Organic fertilizer from chicken manure by fast aerobic composting with deodorization.',
];

const EVAL_FILE = fileURLToPath(new URL('../../../datasets/eval/sme-demands.jsonl', import.meta.url));

function englishEvalDemands(): string[] {
  if (!existsSync(EVAL_FILE)) return [];
  return readFileSync(EVAL_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as { language: string; title: string; description: string })
    .filter((demand) => demand.language === 'en')
    .map((demand) => `${demand.title}. ${demand.description}`);
}

describe('coverage of English SME demands', () => {
  it('translates at least 60% of the content words of the sample demands', () => {
    const { share } = translatedShare(SAMPLE_DEMANDS);
    expect(share).toBeGreaterThanOrEqual(0.6);
    for (const text of SAMPLE_DEMANDS) expect(translateEnglish(text).terms.length).toBeGreaterThanOrEqual(3);
  });

  const evalDemands = englishEvalDemands();
  it.skipIf(evalDemands.length === 0)('translates at least 60% of the content words of the English evaluation demands', () => {
    expect(evalDemands.length).toBeGreaterThanOrEqual(6);
    const { share } = translatedShare(evalDemands);
    expect(share).toBeGreaterThanOrEqual(0.6);
    for (const text of evalDemands) expect(translateEnglish(text).terms.length).toBeGreaterThanOrEqual(3);
  });
});

describe('isMostlyLatin', () => {
  it('tells English from Chinese by the share of Han characters among the letters', () => {
    expect(isMostlyLatin('Laser welding of aluminium battery trays')).toBe(true);
    expect(isMostlyLatin('Tea fixation (杀青) machine for green tea')).toBe(true);
    expect(isMostlyLatin('茶叶杀青机 for green tea')).toBe(false);
    expect(isMostlyLatin('一种石墨烯复合材料的制备方法')).toBe(false);
    expect(isMostlyLatin('基于CRISPR-Cas9的基因编辑方法')).toBe(false);
    expect(isMostlyLatin('2024')).toBe(false);
    expect(isMostlyLatin('')).toBe(false);
  });
});
