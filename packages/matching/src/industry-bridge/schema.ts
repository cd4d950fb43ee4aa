/**
 * The shape of `config/industry-ipc-bridge.json`: GB/T 4754 industry groups with their weighted IPC
 * links, and the reverse index from IPC codes to industries.
 */
import { z } from 'zod';

/** Where a link came from: the patents an industry's text finds, the IPC titles it matches, or the chain catalogue. */
export const BridgeSource = z.enum(['corpus', 'ipc-title', 'chain']);
export type BridgeSource = z.infer<typeof BridgeSource>;

/** An IPC subclass (`A23F`), class (`A01`) or group prefix (`G06N 10`), as chain catalogues write them. */
const IpcKey = z.string().regex(/^[A-HY]\d{2}(?:[A-Z](?: \d{1,4}(?:\/\d{2,6})?)?)?$/, 'an IPC class, subclass or group prefix');
const Weight = z.number().gt(0).lte(1);

export const BridgeLink = z.strictObject({
  ipc: IpcKey,
  /** 1 for the industry's strongest link. */
  weight: Weight,
  sources: z.array(BridgeSource).min(1),
});
export type BridgeLink = z.infer<typeof BridgeLink>;

export const BridgeIndustry = z.strictObject({
  /** GB/T 4754-2011 three-digit group, e.g. `153`. */
  code: z.string().regex(/^\d{3}$/),
  name: z.string().min(1),
  /** Strongest first; empty when no source links the industry to patents. */
  links: z.array(BridgeLink),
});
export type BridgeIndustry = z.infer<typeof BridgeIndustry>;

export const ReverseEntry = z.strictObject({
  industry: z.string().regex(/^\d{3}$/),
  /** 1 for the industry this IPC code stands for most (link weight × evidence behind it, normalised per code). */
  weight: Weight,
});
export type ReverseEntry = z.infer<typeof ReverseEntry>;

const Share = z.number().min(0).max(1);

/** Figures the generator measured when it wrote the file (see `docs/industry-bridge.md`). */
export const BridgeQualityRecord = z.strictObject({
  coverage: z.strictObject({ linked: z.number().int(), industries: z.number().int() }),
  reference: z.strictObject({ industries: z.number().int(), hitAt1: Share, hitAt5: Share, mrr: Share }),
  chains: z.strictObject({ industries: z.number().int(), agreementAt5: Share }),
  reverse: z.strictObject({ subclasses: z.number().int(), hitAt1: Share, hitAt3: Share }),
});

export const IndustryBridge = z.strictObject({
  version: z.literal(1),
  about: z.string(),
  sources: z.strictObject({
    industries: z.string(),
    ipcTitles: z.string(),
    chains: z.string(),
    corpus: z.array(z.strictObject({ dataset: z.string(), patents: z.number().int().nonnegative() })),
  }),
  options: z.record(z.string(), z.union([z.number(), z.boolean(), z.array(z.string())])),
  quality: z.strictObject({
    /** The bridge built without the chain catalogue: how far the evidence alone agrees with it. */
    evidenceOnly: BridgeQualityRecord,
    /** The committed bridge. */
    final: BridgeQualityRecord,
  }),
  industries: z.array(BridgeIndustry).min(1),
  /** IPC key (as in the links) → industries, strongest first. */
  ipcIndex: z.record(IpcKey, z.array(ReverseEntry)),
});
export type IndustryBridge = z.infer<typeof IndustryBridge>;
