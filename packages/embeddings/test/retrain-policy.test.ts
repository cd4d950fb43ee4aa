import { describe, expect, it } from 'vitest';
import { corpusChange, shouldRetrain } from '../src/offline/retrain-policy.ts';

describe('shouldRetrain', () => {
  it('retrains once the corpus grew by more than 20%', () => {
    expect(shouldRetrain(10_000, 12_000)).toBe(false);
    expect(shouldRetrain(10_000, 12_001)).toBe(true);
    expect(corpusChange(10_000, 12_001)).toBe('grown');
  });

  it('takes a configurable threshold', () => {
    expect(shouldRetrain(10_000, 12_001, { growth: 0.5 })).toBe(false);
    expect(shouldRetrain(10_000, 10_600, { growth: 0.05 })).toBe(true);
  });

  it('retrains after a large deletion, not a small one', () => {
    expect(shouldRetrain(10_000, 6_000)).toBe(false);
    expect(corpusChange(10_000, 4_999)).toBe('shrunk');
  });

  it('trains as soon as there are documents when the model saw none', () => {
    expect(corpusChange(0, 1)).toBe('first-documents');
    expect(shouldRetrain(0, 0)).toBe(false);
  });

  it('waits for a minimum corpus size when asked', () => {
    expect(shouldRetrain(10, 50, { minimumDocuments: 100 })).toBe(false);
    expect(shouldRetrain(10, 150, { minimumDocuments: 100 })).toBe(true);
  });
});
