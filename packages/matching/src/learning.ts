import { FEATURE_NAMES, withWeights, type FeatureName, type MatchingConfig } from './config.ts';

/** One logged verdict with the feature values the person saw. */
export interface FeedbackExample {
  features: ReadonlyArray<{ name: string; value: number }>;
  /** 1 interested, 0 not relevant. */
  label: 0 | 1;
}

const LEARNED: readonly FeatureName[] = FEATURE_NAMES.filter((n) => n !== 'feedback');

/**
 * Learns feature weights from logged feedback: a logistic regression of the verdict on the
 * feature values, with weights kept non-negative (a feature can only help), rescaled to the base
 * configuration's total and shrunk towards the base weights (`shrink`, default 0.5), under a new
 * version. Returns the base unchanged when the log holds only one kind of verdict.
 *
 * @example
 * const learned = learnWeights(examples, defaultMatchingConfig(), 'match-1-learned');
 * learned.weights.semantic // e.g. 0.41
 */
export function learnWeights(
  examples: readonly FeedbackExample[],
  base: MatchingConfig,
  version: string,
  options: { epochs?: number; rate?: number; l2?: number; shrink?: number } = {},
): MatchingConfig {
  const positives = examples.filter((e) => e.label === 1).length;
  if (positives === 0 || positives === examples.length) return base;
  const x = examples.map((e) => LEARNED.map((name) => e.features.find((f) => f.name === name)?.value ?? 0));
  const y = examples.map((e) => e.label);
  // Class weights, so a log with few positives does not learn "always no".
  const wPos = examples.length / (2 * positives);
  const wNeg = examples.length / (2 * (examples.length - positives));
  const w = LEARNED.map((name) => base.weights[name]);
  let bias = 0;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 0.001;
  for (let epoch = 0; epoch < (options.epochs ?? 300); epoch++) {
    const grad = new Array<number>(w.length).fill(0);
    let gradBias = 0;
    for (let i = 0; i < x.length; i++) {
      const z = bias + x[i]!.reduce((s, v, j) => s + v * w[j]!, 0);
      const p = 1 / (1 + Math.exp(-z));
      const err = (p - y[i]!) * (y[i] === 1 ? wPos : wNeg);
      for (let j = 0; j < w.length; j++) grad[j]! += err * x[i]![j]!;
      gradBias += err;
    }
    for (let j = 0; j < w.length; j++) w[j] = Math.max(0, w[j]! - rate * (grad[j]! / x.length + l2 * w[j]!));
    bias -= rate * (gradBias / x.length);
  }
  const total = LEARNED.reduce((s, name) => s + base.weights[name], 0);
  const sum = w.reduce((a, b) => a + b, 0);
  if (sum === 0) return base;
  // Shrink towards the base weights: a small log should move the ranking, not replace it.
  const shrink = options.shrink ?? 0.5;
  const blended = (name: FeatureName, j: number) => shrink * base.weights[name] + (1 - shrink) * (w[j]! / sum) * total;
  return withWeights(base, version, Object.fromEntries(LEARNED.map((name, j) => [name, Math.round(blended(name, j) * 10_000) / 10_000])));
}
