/**
 * Traditional and Simplified Chinese: telling them apart and converting Taiwan text to
 * mainland Simplified, so that a Taiwan university's 奈米碳管 finds a mainland 纳米碳管.
 */
/// <reference path="./opencc-js.d.ts" />
import * as OpenCC from 'opencc-js/core';
import type { ConverterFunction } from 'opencc-js/core';
import fromTaiwan from 'opencc-js/from/tw';
import toMainland from 'opencc-js/to/cn';
import simplifiedToTraditional from 'opencc-js/dict/STCharacters';
import { readDataLines } from './data-files.ts';

export type ChineseScript = 'simplified' | 'traditional';

/**
 * Simplified forms that are also standard in Taiwan writing, seen in the
 * tw-university-patents titles (平台, 胜肽, 干扰, 社群, 床, 合并, 游离, 皂, 公里…).
 * They are no evidence that a text is Simplified.
 */
const SHARED_IN_TAIWAN = new Set([...'台胜床群干并游皂里斗唇吃岩秘']);

/**
 * Characters that OpenCC's Taiwan→mainland tables change but that are standard
 * Simplified too, seen in the mainland records: 显著, 什么, 乾隆, 芸薹属, 噁唑, 跖/蹠,
 * and fish names (刺鳊鮈, 长臀鮠, 黑斑原鮡, 多鳞鱚, 鰤鱼) that the 2013 standard re-encoded.
 * They are no evidence that a text is Traditional and are not converted in mainland text.
 */
const STANDARD_IN_BOTH = new Set([...'著么乾薹噁蹠鮈鮠鮡鱚鰤']);

const SHARED = 0;
const TRADITIONAL = 1;
const SIMPLIFIED = 2;
type CharClass = typeof SHARED | typeof TRADITIONAL | typeof SIMPLIFIED;

let taiwanToMainland: ConverterFunction | undefined;
let simplifiedChars: Set<string> | undefined;
let taiwanTerms: ConverterFunction | undefined;
const charClasses = new Map<string, CharClass>();

/** OpenCC tw→cn: Taiwan variants to OpenCC standard, then Traditional to Simplified. */
function converter(): ConverterFunction {
  taiwanToMainland ??= OpenCC.ConverterFactory(fromTaiwan, toMainland);
  return taiwanToMainland;
}

/**
 * Taiwan technical vocabulary to mainland terms (dict/taiwan-terms.txt), applied after
 * the character conversion. Keys are written in Traditional in the file and converted
 * here the same way the text is.
 */
function taiwanTermConverter(): ConverterFunction {
  if (taiwanTerms) return taiwanTerms;
  const convert = converter();
  const pairs: Array<[string, string]> = readDataLines('taiwan-terms.txt').map((line) => {
    const [taiwan, mainland] = line.split(/\s+/);
    if (!taiwan || !mainland) throw new Error(`taiwan-terms.txt: malformed line "${line}"`);
    return [convert(taiwan), mainland];
  });
  taiwanTerms = OpenCC.CustomConverter(pairs);
  return taiwanTerms;
}

/**
 * A character is Traditional-only when the Taiwan→mainland conversion changes it
 * (統→统) and Simplified-only when it has a Traditional counterpart (统→統). Characters
 * correct in both scripts count for neither.
 */
function classify(ch: string): CharClass {
  let cls = charClasses.get(ch);
  if (cls !== undefined) return cls;
  simplifiedChars ??= new Set(
    simplifiedToTraditional.split('|').map((entry) => entry.slice(0, entry.indexOf(' '))),
  );
  if (STANDARD_IN_BOTH.has(ch)) cls = SHARED;
  else if (converter()(ch) !== ch) cls = TRADITIONAL;
  else if (simplifiedChars.has(ch) && !SHARED_IN_TAIWAN.has(ch)) cls = SIMPLIFIED;
  else cls = SHARED;
  charClasses.set(ch, cls);
  return cls;
}

interface ScriptEvidence {
  traditional: number;
  simplified: number;
}

function isCjk(ch: string): boolean {
  // Everything below the CJK radicals block is Latin, Greek, digits or punctuation.
  return ch.charCodeAt(0) >= 0x2e80;
}

function countEvidence(text: string): ScriptEvidence {
  const evidence: ScriptEvidence = { traditional: 0, simplified: 0 };
  for (const ch of text) {
    if (!isCjk(ch)) continue;
    const cls = classify(ch);
    if (cls === TRADITIONAL) evidence.traditional++;
    else if (cls === SIMPLIFIED) evidence.simplified++;
  }
  return evidence;
}

/** Converts only the Traditional-only characters, one by one, leaving everything else. */
function convertTraditionalChars(text: string): string {
  let out = '';
  for (const ch of text) out += isCjk(ch) && classify(ch) === TRADITIONAL ? converter()(ch) : ch;
  return out;
}

/**
 * Tells whether a Chinese text is written in Traditional or Simplified characters.
 *
 * ```ts
 * detectScript('新型CRISPR酶以及系統'); // 'traditional' (統)
 * detectScript('石墨烯复合材料');       // 'simplified'  (复)
 * detectScript('石墨烯');               // 'simplified'  (no evidence either way)
 * ```
 *
 * Counts characters that only Traditional uses (those the Taiwan→mainland conversion
 * changes) against characters that only Simplified uses; characters shared by both
 * scripts count for neither, so one distinctive character decides a short title. Ties,
 * including text without Chinese, are 'simplified'.
 */
export function detectScript(text: string): ChineseScript {
  const { traditional, simplified } = countEvidence(text);
  return traditional > simplified ? 'traditional' : 'simplified';
}

/**
 * Converts Traditional (Taiwan) characters to mainland Simplified.
 *
 * ```ts
 * toSimplified('新型CRISPR酶以及系統'); // '新型CRISPR酶以及系统'
 * toSimplified('奈米碳纖維的製備方法');  // '纳米碳纤维的制备方法'
 * toSimplified('石墨烯复合材料');        // unchanged
 * ```
 *
 * Uses OpenCC's Taiwan→mainland conversion (`tw`→`cn`: phrase-aware, so 著色 becomes
 * 着色 but 著作 stays). When the text as a whole is Traditional it also maps Taiwan
 * technical vocabulary to the mainland term (奈米→纳米, 感測器→传感器, 晶片→芯片,
 * 記憶體→存储器; dict/taiwan-terms.txt). OpenCC's own Taiwan phrase table is not used:
 * it turns every 裝置 into 设备 and 記憶體 into 内存, which is wrong for patents.
 * Mostly-Simplified text only has its few Traditional-only characters replaced one by
 * one: running the whole converter over mainland text would damage it (显著→显着,
 * 破坏→破坯). Text without Traditional-only characters is returned unchanged.
 */
export function toSimplified(text: string): string {
  const { traditional, simplified } = countEvidence(text);
  if (traditional === 0) return text;
  // The character pass after the phrase pass catches what OpenCC leaves in context
  // (a stray 於), so that converting twice changes nothing more.
  if (traditional > simplified) return convertTraditionalChars(taiwanTermConverter()(converter()(text)));
  return convertTraditionalChars(text);
}
