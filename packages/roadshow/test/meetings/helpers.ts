import fc from 'fast-check';
import { MeetingInstance, ownerSlots, type MeetingInstanceInput, type PairRequest, type PairScore, type PlacedMeeting } from '../../src/meetings/index.ts';

/** A pair as the brute force sees it, derived from the raw instance on its own. */
interface BrutePair {
  smeId: string;
  ownerId: string;
  must: boolean;
  value: number;
  slots: number[];
}

/** The lexicographic objectives of a schedule: must-meets, kept (when re-solving), SMEs met, value. */
export interface Levels {
  mustMeets: number;
  kept: number;
  smesMet: number;
  value: number;
}

function brutePairs(instance: MeetingInstance): BrutePair[] {
  const score = new Map(instance.scores.map((s) => [`${s.smeId}|${s.ownerId}`, s.score]));
  const answered = new Set(instance.requests.map((r) => `${r.smeId}|${r.ownerId}`));
  const owner = new Map(instance.owners.map((o) => [o.id, ownerSlots(o, instance.slots)]));
  const cap = new Map(instance.smes.map((s) => [s.id, s.cap]));
  const pairs: BrutePair[] = [];
  for (const r of instance.requests) {
    if (r.preference === 'no') continue;
    pairs.push({ smeId: r.smeId, ownerId: r.ownerId, must: r.preference === 'must_meet', value: score.get(`${r.smeId}|${r.ownerId}`) ?? instance.defaultScore, slots: owner.get(r.ownerId)! });
  }
  if (instance.suggestionWeight > 0) {
    for (const s of instance.scores) {
      if (!answered.has(`${s.smeId}|${s.ownerId}`)) pairs.push({ smeId: s.smeId, ownerId: s.ownerId, must: false, value: s.score * instance.suggestionWeight, slots: owner.get(s.ownerId)! });
    }
  }
  return pairs.filter((p) => cap.get(p.smeId)! > 0 && p.slots.length > 0);
}

/** The levels of a set of meetings, computed from the raw instance. */
export function levelsOf(input: MeetingInstanceInput, meetings: readonly PlacedMeeting[]): Levels {
  const instance = MeetingInstance.parse(input);
  const pairs = new Map(brutePairs(instance).map((p) => [`${p.smeId}|${p.ownerId}`, p]));
  const previous = instance.previous ?? [];
  const before = new Map(previous.map((m) => [`${m.smeId}|${m.ownerId}`, m.slot]));
  let mustMeets = 0;
  let kept = 0;
  let value = 0;
  for (const m of meetings) {
    const pair = pairs.get(`${m.smeId}|${m.ownerId}`)!;
    if (pair.must) mustMeets++;
    value += pair.value;
    const old = before.get(`${m.smeId}|${m.ownerId}`);
    if (old !== undefined) kept += old === m.slot ? previous.length + 1 : 1;
  }
  return { mustMeets, kept, smesMet: new Set(meetings.map((m) => m.smeId)).size, value };
}

/** Compares levels lexicographically (must-meets, kept, SMEs met, value); > 0 when `a` is better. */
export function compareLevels(a: Levels, b: Levels, fairness = true): number {
  return a.mustMeets - b.mustMeets || a.kept - b.kept || (fairness ? a.smesMet - b.smesMet : 0) || (Math.abs(a.value - b.value) < 1e-9 ? 0 : a.value - b.value);
}

/**
 * The best levels over every schedule, by enumeration: each pair gets no slot or one slot of
 * its owner's availability, pruned as soon as an SME, an owner, a table count or a cap breaks.
 */
export function bruteForceLevels(input: MeetingInstanceInput, fairness = true): Levels {
  const instance = MeetingInstance.parse(input);
  const pairs = brutePairs(instance);
  const cap = new Map(instance.smes.map((s) => [s.id, s.cap]));
  const smeBusy = new Set<string>();
  const ownerBusy = new Set<string>();
  const perSlot = new Array<number>(instance.slots).fill(0);
  const perSme = new Map<string, number>();
  const chosen: PlacedMeeting[] = [];
  let best: Levels | undefined;
  const visit = (k: number) => {
    if (k === pairs.length) {
      const levels = levelsOf(instance, chosen);
      if (!best || compareLevels(levels, best, fairness) > 0) best = levels;
      return;
    }
    visit(k + 1);
    const pair = pairs[k]!;
    if ((perSme.get(pair.smeId) ?? 0) >= cap.get(pair.smeId)!) return;
    for (const s of pair.slots) {
      if (smeBusy.has(`${pair.smeId}|${s}`) || ownerBusy.has(`${pair.ownerId}|${s}`) || perSlot[s]! >= instance.tables) continue;
      smeBusy.add(`${pair.smeId}|${s}`);
      ownerBusy.add(`${pair.ownerId}|${s}`);
      perSlot[s]!++;
      perSme.set(pair.smeId, (perSme.get(pair.smeId) ?? 0) + 1);
      chosen.push({ smeId: pair.smeId, ownerId: pair.ownerId, slot: s, table: 0 });
      visit(k + 1);
      chosen.pop();
      perSme.set(pair.smeId, perSme.get(pair.smeId)! - 1);
      perSlot[s]!--;
      ownerBusy.delete(`${pair.ownerId}|${s}`);
      smeBusy.delete(`${pair.smeId}|${s}`);
    }
  };
  visit(0);
  return best!;
}

/** How many pairs the brute force would enumerate. */
export function candidateCount(input: MeetingInstanceInput): number {
  return brutePairs(MeetingInstance.parse(input)).length;
}

type Cell = 'must_meet' | 'meet' | 'no' | 'suggested' | 'none';

/**
 * Random instances: every SME–owner cell is a must-meet, a meet, a no, a scored suggestion or
 * nothing; owners are available everywhere or in one window; caps 0–`maxCap`.
 */
export function instanceArbitrary(limits: { smes: number; owners: number; slots: number; tables: number; maxCap: number }): fc.Arbitrary<MeetingInstanceInput> {
  return fc
    .record({
      slots: fc.integer({ min: 1, max: limits.slots }),
      tables: fc.integer({ min: 1, max: limits.tables }),
      caps: fc.array(fc.oneof({ weight: 1, arbitrary: fc.constant(0) }, { weight: 8, arbitrary: fc.integer({ min: 1, max: limits.maxCap }) }), { minLength: Math.max(1, limits.smes - 1), maxLength: limits.smes }),
      windows: fc.array(fc.option(fc.tuple(fc.nat(limits.slots - 1), fc.nat(limits.slots - 1)), { nil: undefined, freq: 2 }), { minLength: Math.min(2, limits.owners), maxLength: limits.owners }),
      cells: fc.array(
        fc.record({ cell: fc.constantFrom<Cell>('must_meet', 'must_meet', 'meet', 'meet', 'meet', 'no', 'suggested', 'none'), score: fc.integer({ min: 0, max: 12 }) }),
        { minLength: limits.smes * limits.owners, maxLength: limits.smes * limits.owners },
      ),
      suggestionWeight: fc.constantFrom(0, 0.5, 1),
    })
    .map(({ slots, tables, caps, windows, cells, suggestionWeight }) => {
      const smes = caps.map((cap, i) => ({ id: `s${i}`, cap }));
      const owners = windows.map((w, o) =>
        w === undefined ? { id: `o${o}` } : { id: `o${o}`, availability: [{ from: Math.min(w[0], w[1], slots - 1), to: Math.min(Math.max(w[0], w[1]), slots - 1) }] },
      );
      const requests: PairRequest[] = [];
      const scores: PairScore[] = [];
      smes.forEach((sme, i) =>
        owners.forEach((owner, o) => {
          const { cell, score } = cells[i * limits.owners + o]!;
          if (cell === 'none') return;
          if (cell !== 'suggested') requests.push({ smeId: sme.id, ownerId: owner.id, preference: cell });
          if (cell === 'suggested' || score % 3 !== 0) scores.push({ smeId: sme.id, ownerId: owner.id, score: score / 4 });
        }),
      );
      return { slots, tables, smes, owners, requests, scores, suggestionWeight, defaultScore: 1.25 };
    });
}

/**
 * Instances whose must-meets all fit together: a random valid schedule is planted first and
 * some of its pairs become must-meets; the other requests are random.
 */
export function plantedArbitrary(limits: { smes: number; owners: number; slots: number; tables: number }): fc.Arbitrary<{ instance: MeetingInstanceInput; planted: PlacedMeeting[] }> {
  return fc
    .record({
      slots: fc.integer({ min: 2, max: limits.slots }),
      tables: fc.integer({ min: 1, max: limits.tables }),
      smes: fc.integer({ min: 2, max: limits.smes }),
      owners: fc.integer({ min: 2, max: limits.owners }),
      seed: fc.integer({ min: 1, max: 2 ** 30 }),
    })
    .map(({ slots, tables, smes: smeCount, owners: ownerCount, seed }) => {
      let state = seed;
      const random = () => ((state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0) / 4_294_967_296);
      const int = (n: number) => Math.floor(random() * n);
      const owners = Array.from({ length: ownerCount }, (_, o) => {
        if (random() < 0.6) return { id: `o${o}` };
        const from = int(slots);
        return { id: `o${o}`, availability: [{ from, to: from + int(slots - from) }] };
      });
      const open = owners.map((o) => ownerSlots(o, slots));
      const planted: PlacedMeeting[] = [];
      const busy = new Set<string>();
      const used = new Set<string>();
      const perSlot = new Array<number>(slots).fill(0);
      for (let attempt = 0; attempt < smeCount * 2; attempt++) {
        const sme = int(smeCount);
        const owner = int(ownerCount);
        const slot = open[owner]![int(open[owner]!.length)];
        if (slot === undefined || used.has(`${sme}|${owner}`) || busy.has(`s${sme}|${slot}`) || busy.has(`o${owner}|${slot}`) || perSlot[slot]! >= tables) continue;
        busy.add(`s${sme}|${slot}`).add(`o${owner}|${slot}`);
        used.add(`${sme}|${owner}`);
        perSlot[slot]!++;
        planted.push({ smeId: `s${sme}`, ownerId: `o${owner}`, slot, table: 0 });
      }
      const plantedCount = new Map<string, number>();
      for (const m of planted) plantedCount.set(m.smeId, (plantedCount.get(m.smeId) ?? 0) + 1);
      const smes = Array.from({ length: smeCount }, (_, i) => ({ id: `s${i}`, cap: (plantedCount.get(`s${i}`) ?? 0) + int(3) }));
      const requests: PairRequest[] = [];
      const scores: PairScore[] = [];
      for (let i = 0; i < smeCount; i++) {
        for (let o = 0; o < ownerCount; o++) {
          const isPlanted = used.has(`${i}|${o}`);
          const roll = random();
          const preference = isPlanted ? (roll < 0.7 ? 'must_meet' : 'meet') : roll < 0.45 ? 'meet' : roll < 0.6 ? 'no' : undefined;
          if (!preference) continue;
          requests.push({ smeId: `s${i}`, ownerId: `o${o}`, preference });
          scores.push({ smeId: `s${i}`, ownerId: `o${o}`, score: Math.round(random() ** 2 * 100) / 100 });
        }
      }
      return { instance: { slots, tables, smes, owners, requests, scores, suggestionWeight: 0 }, planted };
    });
}
