import type { ChainCatalogue, MatchFeature, Patent } from '@patent-bridge/domain';
import { FEATURE_NAMES, type FeatureName, type MatchingConfig } from './config.ts';
import type { DemandProfile } from './demand-profile.ts';
import { chainFeature, ipcFitFeature } from './features/classification.ts';
import { licenceFeature, regionFeature } from './features/deal.ts';
import type { FeatureValue } from './features/feature.ts';
import { ownerKindFeature, screeningFeature, vitalityFeature } from './features/patent-standing.ts';
import { keywordFeature, semanticFeature } from './features/text.ts';
import type { Owner } from './source.ts';

/** Everything known about one demand–patent pair before scoring. */
export interface PairEvidence {
  profile: DemandProfile;
  patent: Patent;
  owners: Owner[];
  /** Cosine of the two embeddings. */
  cosine: number | undefined;
  /** The search engine's normalised BM25 score for the pair, when retrieval saw it. */
  bm25?: number | undefined;
  /** Index terms of the patent's title, abstract and claims. */
  patentTerms: ReadonlySet<string>;
  /** −1…1 from the demand's feedback on similar patents; 0 when there is none. */
  feedback: FeatureValue;
}

export interface ScoredPair {
  patentId: string;
  score: number;
  features: MatchFeature[];
  matchedTerms: string[];
  /** Each feature's reason, strongest contribution first. */
  reasons: string[];
}

export interface ScoringContext {
  config: MatchingConfig;
  catalogue: ChainCatalogue;
  today: Date;
}

function round(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * Scores one pair: every feature's value, its weight and its contribution, and the reasons.
 * The score is the weighted mean of the 0…1 features, moved by feedback, clamped to 0…1.
 *
 * @example
 * const pair = scorePair(evidence, { config, catalogue, today: new Date() });
 * pair.features.find((f) => f.name === 'ipc_fit') // { name: 'ipc_fit', value: 1, weight: 0.12, contribution: 0.12 }
 */
export function scorePair(evidence: PairEvidence, context: ScoringContext): ScoredPair {
  const { profile, patent, owners } = evidence;
  const { config } = context;
  const keyword = keywordFeature(profile.weightedTerms, evidence.patentTerms, evidence.bm25);
  const values: Record<FeatureName, FeatureValue> = {
    semantic: semanticFeature(evidence.cosine),
    keyword,
    ipc_fit: ipcFitFeature(patent.ipcCodes, profile.hints),
    chain: chainFeature(profile.chains, patent.chains.map((c) => c.chain), context.catalogue, profile.chainsInferred),
    vitality: vitalityFeature(patent, context.today),
    licence: licenceFeature(patent, profile.demand),
    region: regionFeature(profile.demand.region, owners, config),
    owner_kind: ownerKindFeature(owners, config),
    screening: screeningFeature(patent.screening),
    feedback: evidence.feedback,
  };
  let totalWeight = 0;
  for (const name of FEATURE_NAMES) if (name !== 'feedback') totalWeight += config.weights[name];
  const features: MatchFeature[] = [];
  const withReasons: Array<{ reason: string; contribution: number }> = [];
  let score = 0;
  for (const name of FEATURE_NAMES) {
    const { value, reason } = values[name];
    const weight = name === 'feedback' ? config.weights.feedback : totalWeight > 0 ? config.weights[name] / totalWeight : 0;
    const contribution = weight * value;
    score += contribution;
    features.push({ name, value: round(value), weight: round(weight), contribution: round(contribution) });
    // Warnings (a dead patent) and what the person said themselves come first, then by contribution.
    const first = (name === 'vitality' && value === 0) || name === 'feedback';
    if (reason && name !== 'keyword') withReasons.push({ reason, contribution: first ? 2 : Math.abs(contribution) });
  }
  withReasons.sort((a, b) => b.contribution - a.contribution);
  return {
    patentId: patent.id,
    score: round(Math.min(1, Math.max(0, score))),
    features,
    matchedTerms: keyword.matched,
    reasons: withReasons.map((r) => r.reason),
  };
}
