import { z } from 'zod';
import { Demand, LegalStatus, Match, Patent, PatentType, Task, TaskError, TaskType } from '@patent-bridge/domain';
import { Role } from '@patent-bridge/access';
import { WebhookEventType } from '@patent-bridge/webhooks';

// The shapes of the API's answers, for its description. Request schemas are the ones the routes
// parse with; answers are built by packages whose types are TypeScript interfaces, so they are
// restated here as zod schemas (answers may gain fields: clients must ignore the ones they do not know).

/** RFC 9457 problem document: every error of the API. */
export const ProblemDocument = z.object({
  type: z.string().describe('`https://patent-bridge.dev/problems/<code>`'),
  title: z.string().describe('The HTTP status text'),
  status: z.number().int(),
  code: z.string().describe('Stable, machine-readable: what went wrong, e.g. `patent_not_found`, `invalid_request`, `rate_limited`'),
  detail: z.string().describe('What went wrong and what to do about it, for people'),
  instance: z.string().optional().describe('The request path'),
  requestId: z.string().optional().describe('Quote it when reporting a problem (also in the `X-Request-Id` header)'),
  errors: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('Every invalid field (`invalid_request`)'),
});

export const TaskAccepted = z.object({
  taskId: z.number().int().describe('Poll `GET /v1/tasks/{taskId}`'),
  status: z.literal('enqueued'),
  type: TaskType.optional(),
});

export const TaskView = Task.extend({ taskId: z.number().int(), errorReport: z.string().describe('Where the full error report is') });

export const TaskErrorReport = z.object({ taskId: z.number().int(), errors: z.array(TaskError) });

export const PatentPage = z.object({
  patents: z.array(Patent),
  total: z.number().int().describe('Patents matching the filters, on every page'),
  nextCursor: z.string().optional().describe('Pass as `cursor` for the next page; absent on the last page'),
});

export const DemandPage = z.object({ demands: z.array(Demand), nextCursor: z.string().optional() });

export const PatentSummary = z.object({
  id: z.string(),
  title: z.string(),
  abstract: z.string().optional(),
  applicationNumber: z.string().optional(),
  publicationNumbers: z.array(z.string()),
  ipcCodes: z.array(z.string()),
  chains: z.array(z.string()),
  owners: z.array(z.string()),
  legalStatus: LegalStatus,
  type: PatentType.optional(),
  filingYear: z.number().int().optional(),
  openLicence: z.boolean(),
  screeningScore: z.number().optional(),
});

export const SearchAnswer = z.object({
  hits: z.array(
    z.object({
      item: z.record(z.string(), z.unknown()).describe('A patent summary (`POST /v1/search`) or a demand (`POST /v1/demands/search`)'),
      score: z.number(),
      scoreDetails: z.object({ keyword: z.number().optional(), semantic: z.number().optional(), matchedTerms: z.array(z.string()) }),
      highlights: z.object({ title: z.string(), body: z.string().optional() }).describe('Matched terms wrapped in `<em>`'),
    }),
  ),
  total: z.number().int(),
  facets: z.record(z.string(), z.record(z.string(), z.number().int())).describe('Counts per value of each requested facet'),
  nextCursor: z.string().optional(),
  mode: z.enum(['keyword', 'semantic', 'hybrid']),
  semanticHits: z.number().int().describe('Hits that came from the semantic side'),
  queryTerms: z.array(z.string()).describe('The query as segmented (jieba)'),
  translatedTerms: z.array(z.string()).optional().describe('For an English query: the Chinese terms the glossary searched beside it'),
  embedder: z.object({ id: z.string(), version: z.string() }).optional(),
  tookMs: z.number(),
});

export const SimilarPatents = z.object({ patentId: z.string(), similar: z.array(z.object({ item: PatentSummary, similarity: z.number() })) });

export const DemandMatches = z.object({
  demandId: z.string(),
  source: z.enum(['live', 'stored']),
  weightsVersion: z.string().nullable(),
  matches: z.array(Match.extend({ patent: z.record(z.string(), z.unknown()).optional() })),
});

export const PatentMatches = z.object({
  patentId: z.string(),
  weightsVersion: z.string(),
  enterprises: z.array(z.object({ enterprise: z.object({ id: z.string(), name: z.string().optional() }), bestScore: z.number(), demandIds: z.array(z.string()) })),
  matches: z.array(z.record(z.string(), z.unknown()).describe('A match with its demand')),
});

export const FeedbackRecorded = z.object({
  id: z.union([z.string(), z.number()]),
  demandId: z.string(),
  patentId: z.string(),
  verdict: z.enum(['interested', 'not_relevant']),
  reason: z.string().optional(),
  note: z.string().optional(),
  createdAt: z.string(),
  matches: z.array(Match).describe("The demand's matches, re-ranked with the feedback"),
});

export const InventoryStatisticsAnswer = z.object({
  asOf: z.string(),
  overall: z.record(z.string(), z.unknown()),
  by: z.record(z.string(), z.array(z.record(z.string(), z.unknown()))).describe('Groups per owner, chain, IPC class, type, legal status and inventory state'),
  scope: z.object({ ownerOrganizationIds: z.array(z.string()) }).optional().describe('The organisations counted; absent for the whole library'),
  screeningScores: z.object({
    bins: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })).describe('Ten bins of ten points; the last includes 100'),
    byGrade: z.object({ A: z.number().int(), B: z.number().int(), C: z.number().int(), D: z.number().int() }),
    unscored: z.number().int(),
  }),
  expiring: z.object({
    months: z.literal(12),
    total: z.number().int().describe('Granted patents whose term ends within 12 months'),
    byMonth: z.array(z.object({ month: z.string().describe('`YYYY-MM`'), count: z.number().int() })).describe('Each calendar month the window touches, from this one'),
  }),
});

export const IndexStatus = z.object({ engine: z.string(), documents: z.number().int(), embedderVersion: z.string().nullable(), outboxPending: z.number().int(), ready: z.boolean() });

export const ApiKey = z.object({
  id: z.string(),
  role: Role,
  organizationId: z.string().optional(),
  label: z.string(),
  prefix: z.string().describe('Shown as `pb_live_<prefix>…` to tell keys apart'),
  createdAt: z.string(),
  lastUsedAt: z.string().optional(),
  revokedAt: z.string().optional(),
  quotaPerMinute: z.number().int().optional(),
});

export const WebhookSubscription = z.object({
  id: z.string(),
  apiKeyId: z.string(),
  organizationId: z.string().nullable(),
  url: z.string(),
  events: z.array(WebhookEventType),
  active: z.boolean(),
  createdAt: z.string(),
});

export const WebhookDeliveryPage = z.object({
  deliveries: z.array(
    z.object({
      id: z.string(),
      subscriptionId: z.string(),
      eventId: z.string(),
      eventType: WebhookEventType,
      attempt: z.number().int(),
      status: z.enum(['pending', 'succeeded', 'failed', 'dead']),
      responseStatus: z.number().int().nullable(),
      error: z.string().nullable(),
      durationMs: z.number().int().nullable(),
      nextAttemptAt: z.string().nullable(),
      createdAt: z.string(),
      attemptedAt: z.string().nullable(),
      deliveredAt: z.string().nullable(),
    }),
  ),
  nextCursor: z.string().optional(),
});

const DependencyCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
export const Readiness = z.object({
  status: z.enum(['ok', 'degraded', 'unavailable', 'starting']),
  checks: z.object({ database: DependencyCheck, queue: DependencyCheck, search: DependencyCheck, embedder: DependencyCheck }),
});

/** The answers worth a name in `components.schemas`. */
export const NAMED_ANSWERS: ReadonlyMap<z.ZodType, string> = new Map<z.ZodType, string>([
  [ProblemDocument, 'Problem'],
  [Patent, 'Patent'],
  [Demand, 'Demand'],
  [Task, 'Task'],
  [Match, 'Match'],
  [PatentSummary, 'PatentSummary'],
  [ApiKey, 'ApiKey'],
  [WebhookSubscription, 'WebhookSubscription'],
]);
