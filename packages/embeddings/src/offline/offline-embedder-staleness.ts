/**
 * Whether a saved offline embedder still fits: trained by the running text pipeline, with the
 * settings asked for, on a corpus of about the present size.
 */
import type { OfflineEmbedder } from './offline-embedder.ts';
import { resolveOfflineSettings, type OfflineEmbedderOptions, type OfflineEmbedderSettings } from './offline-embedder-settings.ts';
import { corpusChange, type CorpusChange, type RetrainPolicy } from './retrain-policy.ts';

/** Why a saved model should be retrained, or `current`. */
export type OfflineEmbedderStaleness = 'current' | 'text-pipeline-changed' | 'settings-changed' | CorpusChange;

/**
 * Checks, in this order: the text pipeline version, the settings (`options` resolved against the
 * defaults, so a changed default retrains), and the corpus size against the retrain policy.
 * Any answer but `current` means: retrain, then re-embed the index.
 *
 * @example
 * const reason = offlineEmbedderStaleness(saved, await patents.count());
 * if (reason !== 'current') embedder = trainOfflineEmbedder(corpus);
 */
export function offlineEmbedderStaleness(
  embedder: OfflineEmbedder,
  corpusCount: number,
  options: { options?: OfflineEmbedderOptions; policy?: Partial<RetrainPolicy> } = {},
): OfflineEmbedderStaleness {
  if (!embedder.textPipelineCurrent) return 'text-pipeline-changed';
  if (!sameSettings(embedder.settings, resolveOfflineSettings(options.options))) return 'settings-changed';
  return corpusChange(embedder.trainedOn, corpusCount, options.policy) ?? 'current';
}

function sameSettings(a: Readonly<OfflineEmbedderSettings>, b: Readonly<OfflineEmbedderSettings>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof OfflineEmbedderSettings>;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}
