import { describe, expect, it } from 'vitest';
import { defaultMatchingConfig, FEATURE_NAMES, learnWeights, type FeedbackExample } from '../src/index.ts';

/** Deterministic pseudo-random numbers in 0…1. */
function* numbers(seed: number): Generator<number> {
  let x = seed;
  for (;;) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    yield x / 2 ** 31;
  }
}

describe('learning weights from logged feedback', () => {
  const base = defaultMatchingConfig();

  it('moves weight to the feature that predicts "interested", keeps the total and takes a new version', () => {
    const random = numbers(7);
    const examples: FeedbackExample[] = Array.from({ length: 400 }, () => {
      const features = FEATURE_NAMES.map((name) => ({ name, value: random.next().value as number }));
      const ipc = features.find((f) => f.name === 'ipc_fit')!.value;
      return { features, label: ipc > 0.5 ? 1 : 0 };
    });
    const learned = learnWeights(examples, base, 'match-1-learned');
    expect(learned.version).toBe('match-1-learned');
    expect(learned.weights.ipc_fit).toBeGreaterThan(base.weights.ipc_fit * 1.5);
    expect(learnWeights(examples, base, 'unshrunk', { shrink: 0 }).weights.ipc_fit).toBeGreaterThan(learned.weights.ipc_fit);
    const total = (c: typeof base) => FEATURE_NAMES.filter((n) => n !== 'feedback').reduce((s, n) => s + c.weights[n], 0);
    expect(total(learned)).toBeCloseTo(total(base), 3);
    expect(Object.values(learned.weights).every((w) => w >= 0)).toBe(true);
  });

  it('returns the base configuration when the log holds only one kind of verdict', () => {
    const examples: FeedbackExample[] = [{ features: [{ name: 'semantic', value: 1 }], label: 1 }];
    expect(learnWeights(examples, base, 'x')).toBe(base);
  });
});
