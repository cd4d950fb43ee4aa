import { z } from 'zod';

/**
 * Legal status, collapsed from the many CNIPA wordings to what matters for transfer:
 * `granted` (in force), `pending` (published, under examination), `lapsed` (fees not paid / terminated),
 * `expired` (term ended), `invalidated`, `rejected`, `withdrawn`, `unknown`.
 */
export const LegalStatus = z.enum(['granted', 'pending', 'lapsed', 'expired', 'invalidated', 'rejected', 'withdrawn', 'unknown']);
export type LegalStatus = z.infer<typeof LegalStatus>;

const RULES: Array<[RegExp, LegalStatus]> = [
  [/(期限届满|期限屆滿|expired)/i, 'expired'],
  [/(无效|無效|invalid)/i, 'invalidated'],
  [/(驳回|駁回|reject)/i, 'rejected'],
  [/(撤回|放弃|放棄|withdraw|abandon)/i, 'withdrawn'],
  [/(终止|終止|失效|未缴|未繳|lapse|terminat|dead|inactive)/i, 'lapsed'],
  [/(授权|授權|有效|维持|維持|granted|active|in force|valid)/i, 'granted'],
  [/(审查|審查|公开|公開|申请|申請|pending|published|examination)/i, 'pending'],
];

/**
 * Reads a legal status wording from an export.
 *
 * @example
 * parseLegalStatus('授权')                 // 'granted'
 * parseLegalStatus('未缴年费专利权终止')     // 'lapsed'
 * parseLegalStatus('实质审查的生效')         // 'pending'
 */
export function parseLegalStatus(text: string): LegalStatus | undefined {
  for (const [pattern, status] of RULES) if (pattern.test(text)) return status;
  return undefined;
}
