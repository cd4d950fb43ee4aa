/**
 * The matcher's evaluation set (`datasets/eval/sme-demands.jsonl`): SME technology demands in an
 * owner's words, each labelled with the IPC subclasses whose patents would answer it. No public set
 * of real SME demands exists, so the patent-bridge project wrote these itself; every line says so.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DemandInput, Region, type LicenceMode, type Maturity } from '@patent-bridge/domain';
import { DatasetError } from './dataset.ts';
import { PACKAGE_ROOT } from './location.ts';

/** The label every evaluation demand carries: who wrote it, and that it is made up. */
export const SME_EVAL_WRITTEN_BY = 'patent-bridge project (fictitious demand written for evaluation)';

/** Where the evaluation demands live, inside this package. */
export const SME_EVAL_FILE = join(PACKAGE_ROOT, 'eval', 'sme-demands.jsonl');
const SOURCE = 'eval/sme-demands.jsonl';

export const SME_EVAL_LANGUAGES = ['zh-Hans', 'zh-Hant', 'en'] as const;
export type SmeEvalLanguage = (typeof SME_EVAL_LANGUAGES)[number];

/**
 * One evaluation demand. The fields it shares with a posted demand (`title` … `maturity`) follow the
 * domain's `DemandInput`, so `{ enterpriseId, ...demand }` minus the labels is a valid one.
 */
export interface SmeEvalDemand {
  /** `sme-001`, `sme-002`, … */
  id: string;
  title: string;
  /** Two to five sentences: the business problem, the product, costs, what was tried. */
  description: string;
  /** 2–5 plain words the owner would use. */
  keywords: string[];
  /** GB/T 4754 (2011) three-digit industry code. */
  industryCode: string;
  /** Chain ids from `packages/domain/config/chains.json`. */
  chains: string[];
  region: { province: string; city: string };
  budgetCny?: { min?: number; max?: number };
  /** Empty when the demand states no preference. */
  licenceModes: LicenceMode[];
  maturity?: Maturity;
  language: SmeEvalLanguage;
  /** The label: 1–4 IPC subclasses (`A01D`, `H02S`) whose patents would answer the demand. */
  relevantIpcSubclasses: string[];
  /** A short topic tag (`tea`, `battery`), for reporting results per topic. */
  domain: string;
  writtenBy: typeof SME_EVAL_WRITTEN_BY;
  /** 1-based line in `eval/sme-demands.jsonl`. */
  line: number;
}

// This package takes zod only through the domain, so the schema is built from the domain's own:
// the fields an evaluation demand shares with a posted demand are checked by DemandInput's rules.
const nonEmpty = DemandInput.shape.enterpriseId;

const SmeEvalLine = DemandInput.pick({ title: true, budgetCny: true, licenceModes: true, maturity: true }).extend({
  id: nonEmpty.regex(/^sme-\d{3}$/, 'ids are written sme-NNN'),
  description: nonEmpty.max(2_000),
  keywords: DemandInput.shape.keywords.unwrap().min(2).max(5),
  industryCode: DemandInput.shape.industryCode.unwrap(),
  chains: DemandInput.shape.chains.unwrap().min(1),
  region: Region.required({ province: true, city: true }),
  language: nonEmpty.refine((value) => (SME_EVAL_LANGUAGES as readonly string[]).includes(value), `language is one of ${SME_EVAL_LANGUAGES.join(', ')}`),
  relevantIpcSubclasses: nonEmpty.regex(/^[A-H]\d{2}[A-Z]$/, 'an IPC subclass is written like A01D').array().min(1).max(4),
  domain: nonEmpty.regex(/^[a-z][a-z0-9-]*$/, 'a domain tag is lower-case words joined by -'),
  writtenBy: nonEmpty.refine((value) => value === SME_EVAL_WRITTEN_BY, `writtenBy is "${SME_EVAL_WRITTEN_BY}"`),
});

/**
 * Reads and checks the evaluation demands (`file` defaults to the project's set). The file is the
 * project's own, so any line that is not a valid, labelled demand, or that repeats an id, is a
 * `DatasetError` naming the line and the field; nothing is skipped.
 *
 * @example
 * const demands = await loadSmeEvalDemands();
 * demands[0]
 * // { id: 'sme-001', title: '春茶采摘雇不到人，想找适合山地茶园的采茶机', industryCode: '016',
 * //   chains: ['modern-agriculture-food'], relevantIpcSubclasses: ['A01D'], language: 'zh-Hans', line: 1, … }
 * demands.filter((d) => d.language === 'en').map((d) => d.title)
 * await loadSmeEvalDemands('/tmp/more-demands.jsonl') // another file in the same format
 */
export async function loadSmeEvalDemands(file: string = SME_EVAL_FILE): Promise<SmeEvalDemand[]> {
  const source = file === SME_EVAL_FILE ? SOURCE : file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DatasetError(`evaluation demands file ${file} is missing`, { cause });
  }
  const demands: SmeEvalDemand[] = [];
  const lineOfId = new Map<string, number>();
  text.split('\n').forEach((raw, index) => {
    if (raw.trim() === '') return;
    const line = index + 1;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (cause) {
      throw new DatasetError(`${source} line ${line} is not valid JSON`, { cause });
    }
    const parsed = SmeEvalLine.safeParse(value);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`);
      throw new DatasetError(`${source} line ${line} is not a valid evaluation demand: ${problems.join('; ')}`);
    }
    const earlier = lineOfId.get(parsed.data.id);
    if (earlier !== undefined) throw new DatasetError(`${source} line ${line} repeats id ${parsed.data.id} of line ${earlier}`);
    lineOfId.set(parsed.data.id, line);
    demands.push({ ...(parsed.data as Omit<SmeEvalDemand, 'line'>), line });
  });
  return demands;
}
