import { createHash } from 'node:crypto';
import type { DemandInput, Script } from '@patent-bridge/domain';
import { organizationNameKey } from '@patent-bridge/db';
import { normalizeForSearch } from '@patent-bridge/text';

/** What a demand row says, in the shape of `DemandInput` less the enterprise id; the title is always there. */
export type DemandContent = Partial<Omit<DemandInput, 'enterpriseId'>> & { title: string };

/**
 * A validated demand row before it meets the database. `content` holds only what the row said: a
 * field left empty is absent, so a re-import never resets what a user changed through the API.
 */
export interface DemandDraft {
  line: number;
  source: string;
  /** The enterprise's name, Simplified; it becomes (or finds) an organisation. */
  enterprise: string;
  /** The demand's id in the sheet's own system. */
  externalId?: string;
  content: DemandContent;
  script: Script;
  /** The row's own text where it was converted from Traditional Chinese. */
  original?: { enterprise?: string; title?: string; description?: string; keywords?: string[] };
}

/**
 * The form titles are compared in when a row has no external id: Simplified, lower case, without
 * spaces, punctuation or symbols.
 *
 * @example
 * demandTitleKey('滾筒殺青機 溫度控制！') === demandTitleKey('滚筒杀青机温度控制') // true
 */
export function demandTitleKey(title: string): string {
  return normalizeForSearch(title).replace(/[\s\p{P}\p{S}]/gu, '');
}

/**
 * What identifies the demand a row describes within its enterprise: the external id when there is
 * one, else the normalised title.
 *
 * @example
 * demandIdentity({ externalId: 'XQ-7', … }) // 'ext:XQ-7'
 * demandIdentity({ content: { title: '杀青机' }, … }) // 'title:杀青机'
 */
export function demandIdentity(draft: Pick<DemandDraft, 'externalId' | 'content'>): string {
  return draft.externalId !== undefined ? `ext:${draft.externalId}` : `title:${demandTitleKey(draft.content.title)}`;
}

/**
 * The key two rows of one import share when they describe the same demand.
 *
 * @example
 * demandKey({ enterprise: '泉城茶厂', externalId: 'XQ-7', … }) // '泉城茶厂\u0000ext:XQ-7'
 */
export function demandKey(draft: Pick<DemandDraft, 'enterprise' | 'externalId' | 'content'>): string {
  return `${organizationNameKey(draft.enterprise)}\u0000${demandIdentity(draft)}`;
}

/**
 * Stable demand id from the enterprise and the row's identity, so importing the same sheet into a
 * fresh database gives the same ids, and a re-import finds the demands it created.
 *
 * @example
 * demandIdFor('org_…', 'ext:XQ-7') // 'dm_…' (16 hex digits, always the same)
 */
export function demandIdFor(enterpriseId: string, identity: string): string {
  return `dm_${createHash('sha1').update(`${enterpriseId}\u0000${identity}`).digest('hex').slice(0, 16)}`;
}

/**
 * Folds a duplicate row into the first row of its demand: the first row's values win and the
 * duplicate fills the fields the first left empty.
 *
 * @example
 * mergeDemandDrafts({ content: { title: 'A', keywords: ['x'] }, … }, { content: { title: 'A', maturity: 'pilot' }, … })
 * // content { title: 'A', keywords: ['x'], maturity: 'pilot' }
 */
export function mergeDemandDrafts(first: DemandDraft, duplicate: DemandDraft): DemandDraft {
  return { ...first, content: { ...duplicate.content, ...first.content } };
}
