/**
 * The tokens the offline embedder learns and embeds from: the search tokens of
 * `@patent-bridge/text`, so the embedder and keyword search agree on what a word is.
 */
import { tokenize, tokenizeForIndex } from '@patent-bridge/text';
import type { OfflineTokenMode } from './offline-embedder-settings.ts';

/**
 * Tokens of `text` in the given mode.
 *
 * @example
 * textTokens('锂离子电池正极材料', 'words');           // ['锂离子电池', '正极', '材料']
 * textTokens('锂离子电池正极材料', 'words-and-parts'); // ['离子', '电池', '锂离子', '锂离子电池', '正极', '材料']
 */
export function textTokens(text: string, mode: OfflineTokenMode): string[] {
  return mode === 'words' ? tokenize(text) : tokenizeForIndex(text);
}
