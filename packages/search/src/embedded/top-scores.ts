/**
 * Keeps the `k` best (slot, score) pairs seen, in a min-heap on typed arrays. Equal scores
 * prefer the lower slot, so a scan gives the same answer every time.
 */
export class TopScores {
  readonly #slots: Int32Array;
  readonly #scores: Float64Array;
  readonly #k: number;
  #size = 0;

  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
    this.#slots = new Int32Array(this.#k);
    this.#scores = new Float64Array(this.#k);
  }

  get size(): number {
    return this.#size;
  }

  /** The score a new pair must beat once the heap is full (−Infinity before). */
  get threshold(): number {
    return this.#size < this.#k ? -Infinity : this.#scores[0]!;
  }

  /** Whether (aScore, aSlot) ranks below (bScore, bSlot). */
  static #worse(aScore: number, aSlot: number, bScore: number, bSlot: number): boolean {
    return aScore < bScore || (aScore === bScore && aSlot > bSlot);
  }

  push(slot: number, score: number): void {
    if (this.#k === 0) return;
    const slots = this.#slots;
    const scores = this.#scores;
    if (this.#size < this.#k) {
      let i = this.#size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!TopScores.#worse(score, slot, scores[parent]!, slots[parent]!)) break;
        slots[i] = slots[parent]!;
        scores[i] = scores[parent]!;
        i = parent;
      }
      slots[i] = slot;
      scores[i] = score;
      return;
    }
    if (!TopScores.#worse(scores[0]!, slots[0]!, score, slot)) return;
    let i = 0;
    const n = this.#size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (right < n && TopScores.#worse(scores[right]!, slots[right]!, scores[left]!, slots[left]!)) child = right;
      if (!TopScores.#worse(scores[child]!, slots[child]!, score, slot)) break;
      slots[i] = slots[child]!;
      scores[i] = scores[child]!;
      i = child;
    }
    slots[i] = slot;
    scores[i] = score;
  }

  /** The pairs, best first. */
  sorted(): { slots: Int32Array; scores: Float64Array } {
    const order = Array.from({ length: this.#size }, (_, i) => i);
    order.sort((a, b) => this.#scores[b]! - this.#scores[a]! || this.#slots[a]! - this.#slots[b]!);
    return { slots: Int32Array.from(order, (i) => this.#slots[i]!), scores: Float64Array.from(order, (i) => this.#scores[i]!) };
  }
}
