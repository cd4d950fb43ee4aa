/**
 * One feature's verdict on a demand–patent pair: a value 0…1 (feedback: −1…1) and, when the
 * feature has something to say, a reason in Chinese for the explanation.
 */
export interface FeatureValue {
  value: number;
  reason?: string;
}

/** Clamps to 0…1. */
export function unit(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
