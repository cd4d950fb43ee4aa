import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCpcTitlesEn, sharedDatasetsRoot } from '@patent-bridge/datasets';
import { TEXT_PIPELINE_VERSION, tokenize } from '@patent-bridge/text';
import { agentBase, classifyEnglish, ENGLISH_IPC_TERMS_FILE, loadEnglishIpcTerms } from '../src/english-ipc.ts';
import { buildEnglishIpcTerms, CPC_TITLES_EN_SOURCE, DEFAULT_ENGLISH_IPC_OPTIONS, titleText } from '../scripts/build-english-ipc-terms.ts';

const terms = loadEnglishIpcTerms();

function datasetsRoot(): string | undefined {
  try {
    const root = sharedDatasetsRoot();
    return existsSync(join(root, CPC_TITLES_EN_SOURCE)) ? root : undefined;
  } catch {
    return undefined;
  }
}
const root = datasetsRoot();

/** The subclasses suggested for a text, best first. */
function top(text: string, limit = 5): string[] {
  return classifyEnglish(terms, text, limit).map((match) => match.subclass);
}

describe('config/english-ipc-terms.json', () => {
  it('holds weighted stems for the IPC subclasses, small enough to ship', () => {
    expect(statSync(ENGLISH_IPC_TERMS_FILE).size).toBeLessThan(400 * 1024);
    expect(terms.textPipelineVersion).toBe(TEXT_PIPELINE_VERSION);
    const subclasses = Object.keys(terms.subclasses);
    expect(subclasses.length).toBeGreaterThan(600);
    expect(subclasses).toContain('A01C');
    expect(subclasses.some((code) => code.startsWith('Y'))).toBe(false);
    expect(subclasses).not.toContain('A23V'); // a CPC indexing scheme
    for (const weights of Object.values(terms.subclasses)) {
      const stems = Object.keys(weights);
      expect(stems.length).toBeGreaterThan(0);
      expect(stems.length).toBeLessThanOrEqual(DEFAULT_ENGLISH_IPC_OPTIONS.termsPerSubclass);
      for (const stem of stems) expect(stem).toMatch(/^[a-z0-9]+$/);
    }
  });

  it('stores stems as the text tokenizer makes them, not title text', () => {
    expect(Object.keys(terms.subclasses['A23F'] ?? {})).toContain('tea');
    expect(Object.keys(terms.subclasses['H01M'] ?? {})).toContain(tokenize('batteries')[0]);
    expect(Object.keys(terms.subclasses['A01C'] ?? {})).toContain(tokenize('sowing')[0]);
  });

  it.skipIf(root === undefined)('is what the generator makes from the shared CPC titles', async () => {
    const rebuilt = buildEnglishIpcTerms(await loadCpcTitlesEn(root!));
    expect(rebuilt).toEqual(terms);
  });
});

describe('classifyEnglish', () => {
  it('finds the subclasses of English demand phrases', () => {
    expect(top('green tea processing drum', 3)).toContain('A23F');
    expect(top('welding robot seam tracking', 3).some((code) => code === 'B23K' || code === 'B25J')).toBe(true);
    expect(top('lithium battery electrode')[0]).toBe('H01M');
    expect(top('wheat seeding machine', 3)).toContain('A01C');
    expect(top('heat pump dryer for grain', 5)).toContain('F26B');
    expect(top('antibacterial coating for urinary catheters')[0]).toBe('A61L');
  });

  it('normalises scores so the best is 1, best first, at most `limit`', () => {
    const matches = classifyEnglish(terms, 'Laser welding of aluminium battery trays without porosity', 4);
    expect(matches).toHaveLength(4);
    expect(matches[0]).toEqual({ subclass: 'B23K', score: 1 });
    for (let i = 1; i < matches.length; i++) {
      expect(matches[i]!.score).toBeLessThanOrEqual(matches[i - 1]!.score);
      expect(matches[i]!.score).toBeGreaterThan(0);
    }
    expect(classifyEnglish(terms, 'lithium battery electrode')).toHaveLength(5);
    expect(classifyEnglish(terms, 'lithium battery electrode', 0)).toEqual([]);
  });

  it('gives nothing for Chinese text or for words the titles never use', () => {
    expect(classifyEnglish(terms, '茶叶杀青机')).toEqual([]);
    expect(classifyEnglish(terms, '一种锂离子电池正极材料 lithium')).toEqual([]);
    expect(classifyEnglish(terms, 'quux zorp')).toEqual([]);
    expect(classifyEnglish(terms, '')).toEqual([]);
  });

  it('reads inflections and agent nouns as the titles do', () => {
    expect(top('Lithium batteries')[0]).toBe(top('lithium battery')[0]);
    expect(top('seeder', 3)).toContain('A01C');
    expect(agentBase('seeder', (stem) => stem === 'seed')).toBe('seed');
    expect(agentBase('cutter', (stem) => stem === 'cut')).toBe('cut');
    expect(agentBase('sprayer', (stem) => stem === 'sprai')).toBe('sprai');
    expect(agentBase('water', () => false)).toBe('water');
  });

  it('is deterministic', () => {
    const text = 'Drone scouting of orchards: counting fruit and spotting disease from images';
    expect(classifyEnglish(terms, text, 10)).toEqual(classifyEnglish(terms, text, 10));
  });
});

describe('titleText', () => {
  it('drops references in parentheses and codes, keeps CPC additions in braces', () => {
    expect(titleText('Fertiliser distributors ({combined with seeders} A01C7/06)')).toBe('Fertiliser distributors ');
    expect(titleText('Ploughs with oscillating, digging or piercing tools {driven or not}')).toBe(
      'Ploughs with oscillating, digging or piercing tools driven or not',
    );
    expect(titleText('Harrows (A01B39/00 takes precedence {; fertiliser distributors A01C15/00})')).toBe('Harrows ');
    expect(titleText('Drags {graders for field cultivators}; see B21D')).toBe('Drags graders for field cultivators; see  ');
  });
});
