/**
 * Version of the text pipeline. Indexes record it next to the tokens they store and
 * rebuild when it changes.
 *
 * Bump it whenever `tokenize`/`tokenizeForIndex` output can change for some input:
 * normalisation rules, the Taiwan term list, the stop word lists, the patent dictionary,
 * the stemming or number rules. test/version.test.ts fails until the fingerprint of the
 * word lists recorded there is updated together with this number.
 */
export const TEXT_PIPELINE_VERSION = 1;
