/**
 * A small deterministic random source, so that training on the same corpus with the same seed
 * gives bit-identical vectors on every machine.
 */

/**
 * 32-bit counter-based generator: each draw mixes the advancing counter with an integer
 * finaliser (multiply-xorshift rounds). Not for cryptography; good enough for random projections.
 *
 * @example
 * const random = new SeededRandom(42);
 * random.uniform();  // 0.63… (always the same for seed 42)
 * random.gaussian(); // a standard normal draw
 */
export class SeededRandom {
  #counter: number;
  #spare: number | undefined;

  constructor(seed: number) {
    this.#counter = (Math.trunc(seed) ^ 0x5bd1e995) >>> 0;
  }

  /**
   * Uniform in [0, 1).
   *
   * @example
   * new SeededRandom(1).uniform(); // same value on every run
   */
  uniform(): number {
    this.#counter = (this.#counter + 0x9e3779b9) >>> 0;
    let x = this.#counter;
    x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
    x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
    x ^= x >>> 16;
    return (x >>> 0) / 4294967296;
  }

  /**
   * Standard normal (Box–Muller, the second draw kept for the next call).
   *
   * @example
   * const start = Float64Array.from({ length: 8 }, () => random.gaussian());
   */
  gaussian(): number {
    if (this.#spare !== undefined) {
      const value = this.#spare;
      this.#spare = undefined;
      return value;
    }
    const u = 1 - this.uniform(); // (0, 1]
    const v = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.#spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }
}
