import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DemandInput, defaultChainCatalogue, type Chain } from '@patent-bridge/domain';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  DATASET_MANIFEST,
  DatasetError,
  SME_EVAL_FILE,
  SME_EVAL_WRITTEN_BY,
  loadDataset,
  loadIndustryCodes,
  loadSmeEvalDemands,
  sharedDatasetsRoot,
  type PatentDatasetName,
  type SmeEvalDemand,
} from '../src/index.ts';

/** The shared folder, or undefined where it is absent; under CI=true its absence fails the file. */
function sharedRoot(): string | undefined {
  try {
    return sharedDatasetsRoot();
  } catch (error) {
    if (process.env.CI === 'true') throw error;
    return undefined;
  }
}
const ROOT = sharedRoot();

/** The public sets that carry real IPC codes (bdci2021 has only coarse labels, the BIT set none). */
const IPC_DATASETS: PatentDatasetName[] = ['cn-recent-titles-ipc', 'cn-a01-abstracts', 'tw-university-patents'];

/** Characters that exist only in Traditional script (their Simplified forms differ). */
const TRADITIONAL_ONLY = [...'們這與業產機個為來發臺灣術導溫設備測師傳統電動車質養魚廠護顧'];
const HAN = /\p{Script=Han}/u;

let demands: SmeEvalDemand[];

beforeAll(async () => {
  demands = await loadSmeEvalDemands();
});

function text(demand: SmeEvalDemand): string {
  return [demand.title, demand.description, ...demand.keywords].join('\n');
}

describe('eval/sme-demands.jsonl (written by the project, fictitious)', () => {
  it('has at least 60 demands with unique ids sme-001, sme-002, … in file order', () => {
    expect(demands.length).toBeGreaterThanOrEqual(60);
    expect(demands.map((d) => d.id)).toEqual(demands.map((_, i) => `sme-${String(i + 1).padStart(3, '0')}`));
    expect(new Set(demands.map((d) => d.id)).size).toBe(demands.length);
  });

  it('labels every demand and its manifest entry as written by the project', () => {
    for (const demand of demands) expect(demand.writtenBy, demand.id).toBe(SME_EVAL_WRITTEN_BY);
    expect(SME_EVAL_WRITTEN_BY).toMatch(/^patent-bridge project \(fictitious/);
    const entry = DATASET_MANIFEST.datasets.find((d) => d.files.includes('eval/sme-demands.jsonl'));
    expect(entry?.writtenBy).toBe('patent-bridge project');
    expect(entry?.records).toBe(demands.length);
    expect(entry?.licence).toContain('fictitious');
  });

  it('is written in an owner’s words, not in claim language', () => {
    for (const demand of demands) {
      expect(text(demand), demand.id).not.toMatch(/一种|一種|所述|其特征|其特徵|装置|裝置|方法|wherein|comprising|characterised in that/i);
      const sentences = demand.description.match(/[。！？!?]|\.(?=\s|$)/g) ?? [];
      expect(sentences.length, `${demand.id}: ${demand.description}`).toBeGreaterThanOrEqual(2);
      expect(sentences.length, `${demand.id}: ${demand.description}`).toBeLessThanOrEqual(5);
      expect(demand.keywords.length, demand.id).toBeGreaterThanOrEqual(2);
      expect(demand.keywords.length, demand.id).toBeLessThanOrEqual(5);
    }
  });

  it('has Simplified, Traditional and English demands, each written in its script', () => {
    const byLanguage = (language: SmeEvalDemand['language']) => demands.filter((d) => d.language === language);
    expect(byLanguage('zh-Hant').length).toBeGreaterThanOrEqual(5);
    expect(byLanguage('en').length).toBeGreaterThanOrEqual(5);
    for (const demand of byLanguage('en')) expect(HAN.test(text(demand)), demand.id).toBe(false);
    for (const demand of byLanguage('zh-Hant')) {
      expect(TRADITIONAL_ONLY.filter((c) => text(demand).includes(c)).length, demand.id).toBeGreaterThanOrEqual(3);
    }
    for (const demand of byLanguage('zh-Hans')) {
      expect(HAN.test(demand.description), demand.id).toBe(true);
      expect(TRADITIONAL_ONLY.filter((c) => text(demand).includes(c)), demand.id).toEqual([]);
    }
  });

  it('comes mostly from Shandong, some from elsewhere', () => {
    const shandong = demands.filter((d) => d.region.province === '山东').length;
    expect(shandong / demands.length).toBeGreaterThan(0.75);
    expect(new Set(demands.filter((d) => d.region.province === '山东').map((d) => d.region.city)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(demands.map((d) => d.region.province)).size).toBeGreaterThanOrEqual(3);
  });

  it('each demand is a valid DemandInput once an enterprise is attached', () => {
    for (const { id, title, description, keywords, industryCode, chains, region, budgetCny, licenceModes, maturity } of demands) {
      const parsed = DemandInput.safeParse({ enterpriseId: id, title, description, keywords, industryCode, chains, region, budgetCny, licenceModes, maturity });
      expect(parsed.success, `${id}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it('names only chains of the catalogue, uses all of them, and each fits the demand', () => {
    const catalogue = new Map(defaultChainCatalogue().chains.map((chain) => [chain.id, chain]));
    const fits = (chain: Chain, demand: SmeEvalDemand) =>
      chain.ipcPrefixes.some((prefix) => demand.relevantIpcSubclasses.some((s) => s.startsWith(prefix) || prefix.startsWith(s))) ||
      chain.industryCodes.includes(demand.industryCode) ||
      chain.keywords.some((keyword) => text(demand).includes(keyword));
    for (const demand of demands) {
      for (const id of demand.chains) {
        const chain = catalogue.get(id);
        expect(chain, `${demand.id}: unknown chain ${id}`).toBeDefined();
        expect(fits(chain!, demand), `${demand.id}: chain ${id} fits neither its IPC labels, its industry nor its words`).toBe(true);
      }
    }
    expect(new Set(demands.flatMap((d) => d.chains))).toEqual(new Set(catalogue.keys()));
  });

  it('labels 1–4 IPC subclasses per demand, across at least 12 IPC classes and every section', () => {
    for (const demand of demands) {
      expect(demand.relevantIpcSubclasses.length, demand.id).toBeGreaterThanOrEqual(1);
      expect(demand.relevantIpcSubclasses.length, demand.id).toBeLessThanOrEqual(4);
      expect(new Set(demand.relevantIpcSubclasses).size, demand.id).toBe(demand.relevantIpcSubclasses.length);
    }
    const classes = new Set(demands.flatMap((d) => d.relevantIpcSubclasses.map((s) => s.slice(0, 3))));
    expect(classes.size).toBeGreaterThanOrEqual(12);
    expect([...new Set([...classes].map((c) => c[0]))].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H']);
  });
});

describe.skipIf(ROOT === undefined)('eval/sme-demands.jsonl against the shared datasets', () => {
  it('names only GB/T 4754 industry codes', async () => {
    const codes = new Set((await loadIndustryCodes(ROOT!)).map((industry) => industry.code));
    for (const demand of demands) expect(codes.has(demand.industryCode), `${demand.id}: ${demand.industryCode}`).toBe(true);
  });

  it('labels only subclasses with at least 15 patents in the public sets, so every demand is answerable', async () => {
    const patents = new Map<string, number>();
    for (const name of IPC_DATASETS) {
      const { records } = await loadDataset(name, { root: ROOT! });
      for (const record of records) {
        const subclasses = new Set((record.fields.ipcCodes ?? '').split(';').map((code) => code.trim().slice(0, 4)));
        for (const subclass of subclasses) patents.set(subclass, (patents.get(subclass) ?? 0) + 1);
      }
    }
    for (const demand of demands) {
      for (const subclass of demand.relevantIpcSubclasses) {
        expect(patents.get(subclass) ?? 0, `${demand.id}: ${subclass}`).toBeGreaterThanOrEqual(15);
      }
    }
  });
});

describe('loadSmeEvalDemands on a broken file', () => {
  const valid = readFileSync(SME_EVAL_FILE, 'utf8').split('\n')[0]!;

  async function loadLines(lines: string[]): Promise<SmeEvalDemand[]> {
    const folder = mkdtempSync(join(tmpdir(), 'pb-sme-eval-'));
    try {
      const file = join(folder, 'demands.jsonl');
      writeFileSync(file, `${lines.join('\n')}\n`);
      return await loadSmeEvalDemands(file);
    } finally {
      rmSync(folder, { recursive: true });
    }
  }

  function changed(patch: Record<string, unknown>): string {
    return JSON.stringify({ ...JSON.parse(valid), ...patch });
  }

  it('reads a valid line, with its line number', async () => {
    const [demand] = await loadLines(['', valid]);
    expect(demand).toMatchObject({ id: 'sme-001', line: 2, writtenBy: SME_EVAL_WRITTEN_BY });
  });

  it('rejects an unlabelled line, naming the line and the field', async () => {
    await expect(loadLines([valid, changed({ id: 'sme-002', writtenBy: 'ACME Ltd' })])).rejects.toThrow(/line 2 is not a valid evaluation demand: writtenBy/);
    await expect(loadLines([changed({ writtenBy: undefined })])).rejects.toThrow(/line 1 .*writtenBy/);
  });

  it('rejects bad labels and fields the format does not have', async () => {
    await expect(loadLines([changed({ relevantIpcSubclasses: ['A23'] })])).rejects.toThrow(/relevantIpcSubclasses\.0: an IPC subclass/);
    await expect(loadLines([changed({ relevantIpcSubclasses: [] })])).rejects.toThrow(/relevantIpcSubclasses/);
    await expect(loadLines([changed({ language: 'zh' })])).rejects.toThrow(/language: language is one of zh-Hans, zh-Hant, en/);
    await expect(loadLines([changed({ industryCode: '15' })])).rejects.toThrow(/industryCode/);
    await expect(loadLines([changed({ region: { province: '山东' } })])).rejects.toThrow(/region\.city/);
    await expect(loadLines([changed({ enterpriseName: '某公司' })])).rejects.toThrow(/enterpriseName/);
  });

  it('rejects a repeated id and a line that is not JSON', async () => {
    await expect(loadLines([valid, valid])).rejects.toThrow(/line 2 repeats id sme-001 of line 1/);
    await expect(loadLines([valid, valid])).rejects.toBeInstanceOf(DatasetError);
    await expect(loadLines([valid, '{"id": "sme-002",'])).rejects.toThrow(/line 2 is not valid JSON/);
  });
});
