import type { MeetingInstanceInput, MeetingOwner, PairRequest, PairScore } from '../src/meetings/index.ts';

/**
 * Mulberry32: a small seeded generator, so every bench run schedules the same roadshow.
 *
 * @example
 * const random = seededRandom(7);
 * random() // 0.…, the same on every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface RoadshowShape {
  smes: number;
  owners: number;
  slots: number;
  tables: number;
  seed: number;
}

/**
 * A realistic roadshow: SMEs ask for 3–8 owners each, drawn by owner popularity (a few
 * universities are in demand, most are not: Zipf weights); about 15% of requests are
 * must-meets; SMEs also answer `no` to 0–2 owners the matcher suggested; scores are
 * right-skewed (lognormal, most pairs modest, a few excellent); caps are 2–4 meetings; a
 * third of the owners come for the morning, the afternoon or a few hours only.
 *
 * @example
 * const instance = roadshowInstance({ smes: 200, owners: 40, slots: 16, tables: 10, seed: 2025 });
 * instance.requests!.length // ≈ 200 × 5.5 requests + the `no` answers
 */
export function roadshowInstance(shape: RoadshowShape): MeetingInstanceInput {
  const random = seededRandom(shape.seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  const owners: MeetingOwner[] = Array.from({ length: shape.owners }, (_, o) => {
    const id = `uni-${String(o + 1).padStart(2, '0')}`;
    const kind = random();
    const half = Math.floor(shape.slots / 2);
    if (kind < 0.12) return { id, availability: [{ from: 0, to: half - 1 }] };
    if (kind < 0.24) return { id, availability: [{ from: half, to: shape.slots - 1 }] };
    if (kind < 0.33) {
      const length = int(3, Math.max(3, half));
      const from = int(0, shape.slots - length);
      return { id, availability: [{ from, to: from + length - 1 }] };
    }
    return { id };
  });
  // Zipf popularity over a shuffled owner order.
  const order = owners.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const weight = new Array<number>(shape.owners).fill(0);
  order.forEach((o, rank) => (weight[o] = 1 / (rank + 1) ** 0.8));
  const pick = (exclude: Set<number>) => {
    let total = 0;
    for (let o = 0; o < shape.owners; o++) if (!exclude.has(o)) total += weight[o]!;
    let r = random() * total;
    for (let o = 0; o < shape.owners; o++) {
      if (exclude.has(o)) continue;
      r -= weight[o]!;
      if (r <= 0) return o;
    }
    return order.find((o) => !exclude.has(o))!;
  };
  const score = () => Math.round(Math.min(1, 0.25 * Math.exp(0.7 * gaussian())) * 1000) / 1000;

  const smes = Array.from({ length: shape.smes }, (_, i) => ({ id: `sme-${String(i + 1).padStart(3, '0')}`, cap: int(2, 4) }));
  const requests: PairRequest[] = [];
  const scores: PairScore[] = [];
  for (const sme of smes) {
    const chosen = new Set<number>();
    const wanted = Math.min(shape.owners, int(3, 8));
    while (chosen.size < wanted) chosen.add(pick(chosen));
    for (const o of chosen) {
      const ownerId = owners[o]!.id;
      requests.push({ smeId: sme.id, ownerId, preference: random() < 0.15 ? 'must_meet' : 'meet' });
      scores.push({ smeId: sme.id, ownerId, score: score() });
    }
    const declined = int(0, 2);
    for (let k = 0; k < declined && chosen.size < shape.owners; k++) {
      const o = pick(chosen);
      chosen.add(o);
      requests.push({ smeId: sme.id, ownerId: owners[o]!.id, preference: 'no' });
      scores.push({ smeId: sme.id, ownerId: owners[o]!.id, score: score() });
    }
  }
  return { slots: shape.slots, tables: shape.tables, smes, owners, requests, scores, suggestionWeight: 0 };
}
