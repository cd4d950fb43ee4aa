import type { ColumnType, Generated, JSONColumnType } from 'kysely';
import type { ChainTag, ImportCounts, OpenLicenceOffer, Provenance, Screening, TaskError } from '@patent-bridge/domain';

/** ISO `YYYY-MM-DD`; the connection returns dates as strings, never as JS Dates. */
type DateString = string;
/** ISO timestamp string; written as string or Date, always read as ISO string. */
type Timestamp = ColumnType<string, string | Date | undefined, string | Date>;

export interface OrganizationTable {
  id: string;
  kind: string;
  name: string;
  /** Simplified, lower-cased, space-free name: the de-duplication key. */
  name_key: string;
  aliases: string[];
  region: JSONColumnType<{ province?: string; city?: string; code?: string }>;
  credit_code: string | null;
  created_at: Timestamp;
}

export interface PatentTable {
  id: string;
  application_number: string | null;
  publication_numbers: string[];
  grant_publication_number: string | null;
  source_id: string | null;
  type: string | null;
  title: string;
  abstract: string | null;
  claims: string | null;
  original: JSONColumnType<{ title: string; abstract?: string; claims?: string } | null>;
  script: string;
  ipc_codes: string[];
  applicants: string[];
  owners: string[];
  inventors: string[];
  owner_organization_ids: string[];
  filing_date: DateString | null;
  filing_year: number | null;
  publication_date: DateString | null;
  grant_date: DateString | null;
  legal_status: string;
  legal_status_raw: string | null;
  legal_status_as_of: DateString | null;
  expiry_date: DateString | null;
  open_licence: JSONColumnType<OpenLicenceOffer | null>;
  open_licence_declared: boolean;
  inventory_state: string;
  transfer_count: number | null;
  license_count: number | null;
  chains: string[];
  chain_tags: JSONColumnType<ChainTag[]>;
  screening: JSONColumnType<Screening | null>;
  screening_score: number | null;
  attributes: JSONColumnType<Record<string, string>>;
  provenance: JSONColumnType<Provenance>;
  /** Hash of the content fields, to tell an unchanged re-import from an update cheaply. */
  content_hash: string;
  /** Bumped on every change: the search index and ETags follow it. */
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PatentNumberTable {
  /** `CN201010110545.X` (application), `CN114081026` (publication serial) or `src:<dataset>:<id>`. */
  number: string;
  kind: 'application' | 'publication' | 'source';
  patent_id: string;
}

export interface PatentChangeTable {
  id: Generated<number>;
  patent_id: string;
  task_id: number | null;
  source: string;
  line: number | null;
  change: 'created' | 'updated';
  fields: string[];
  at: Timestamp;
}

export interface TaskTable {
  id: Generated<number>;
  type: string;
  status: string;
  details: JSONColumnType<Record<string, unknown>>;
  counts: JSONColumnType<ImportCounts>;
  error: JSONColumnType<TaskError | null>;
  error_count: Generated<number>;
  progress: JSONColumnType<{ done: number; total: number } | null>;
  enqueued_at: Timestamp;
  started_at: Timestamp | null;
  finished_at: Timestamp | null;
}

export interface TaskErrorTable {
  task_id: number;
  seq: number;
  source: string | null;
  line: number;
  field: string;
  message: string;
}

/** The uploaded file of an import task, kept until the task has run so a restarted worker can run it. */
export interface TaskPayloadTable {
  task_id: number;
  filename: string;
  options: JSONColumnType<Record<string, unknown>>;
  bytes: Uint8Array;
}

export interface DemandTable {
  id: string;
  enterprise_id: string;
  title: string;
  description: string;
  keywords: string[];
  industry_code: string | null;
  chains: string[];
  region: JSONColumnType<{ province?: string; city?: string; code?: string }>;
  budget_min: number | null;
  budget_max: number | null;
  licence_modes: string[];
  maturity: string | null;
  deadline: DateString | null;
  visibility: string;
  status: string;
  revision: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** Written by triggers on every patent/demand change; drained by the indexer. */
export interface IndexOutboxTable {
  id: Generated<number>;
  kind: 'patent' | 'demand';
  entity_id: string;
  revision: number;
  deleted: Generated<boolean>;
  enqueued_at: Timestamp;
}

export interface DocumentVectorTable {
  kind: 'patent' | 'demand';
  entity_id: string;
  embedder_version: string;
  text_hash: string;
  vector: Uint8Array;
}

export interface EmbedderModelTable {
  version: string;
  embedder_id: string;
  trained_on: number;
  model: Uint8Array;
  created_at: Timestamp;
}

/** The stored top-K of an open demand; `features` is the score breakdown. */
export interface MatchResultTable {
  demand_id: string;
  patent_id: string;
  rank: number;
  score: number;
  features: JSONColumnType<Array<{ name: string; value: number; weight: number; contribution: number }>>;
  explanation: string;
  matched_terms: string[];
  weights_version: string;
  computed_at: Timestamp;
}

export interface MatchFeedbackTable {
  id: Generated<number>;
  demand_id: string;
  patent_id: string;
  verdict: 'interested' | 'not_relevant';
  reason: string | null;
  note: string | null;
  given_by: string | null;
  /** The match as the person saw it, for learning weights offline. */
  score: number | null;
  features: JSONColumnType<Array<{ name: string; value: number; weight: number; contribution: number }>> | null;
  weights_version: string | null;
  created_at: Timestamp;
}

/** Written by triggers on patent/demand changes that can change matches; drained by the matcher. */
export interface MatchQueueTable {
  id: Generated<number>;
  kind: 'patent' | 'demand';
  entity_id: string;
  enqueued_at: Timestamp;
}

/** A partner-API key; only the SHA-256 of its secret is stored. Admin keys have no organisation. */
export interface ApiKeyTable {
  id: string;
  organization_id: string | null;
  role: 'admin' | 'university' | 'enterprise' | 'broker' | 'partner';
  label: string;
  /** The first characters of the secret's random part, to tell keys apart in listings. */
  prefix: string;
  /** SHA-256 of the whole secret, hex. */
  hash: string;
  created_at: Timestamp;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
  quota_per_minute: number | null;
}

export interface Database {
  api_keys: ApiKeyTable;
  demands: DemandTable;
  match_results: MatchResultTable;
  match_feedback: MatchFeedbackTable;
  match_queue: MatchQueueTable;
  document_vectors: DocumentVectorTable;
  embedder_models: EmbedderModelTable;
  index_outbox: IndexOutboxTable;
  task_payloads: TaskPayloadTable;
  organizations: OrganizationTable;
  patents: PatentTable;
  patent_numbers: PatentNumberTable;
  patent_changes: PatentChangeTable;
  tasks: TaskTable;
  task_errors: TaskErrorTable;
}

/**
 * A partner's webhook subscription. `secret` is the signing secret itself (the sender needs it to
 * sign); the API shows it once, at creation. `api_key_id` names the subscribing key, without a foreign key.
 */
export interface WebhookSubscriptionTable {
  id: string;
  api_key_id: string;
  organization_id: string | null;
  url: string;
  events: string[];
  secret: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

/** The outbox of webhook events, written in the same transaction as the change; fanned out by the dispatcher. */
export interface WebhookEventTable {
  id: Generated<number>;
  type: string;
  payload: JSONColumnType<Record<string, unknown>>;
  /** null: every subscriber of the type; otherwise only subscriptions of these organisations. */
  audience: string[] | null;
  created_at: Timestamp;
  dispatched_at: Timestamp | null;
}

/** One attempt to deliver one event to one subscription; the last attempt carries the outcome. */
export interface WebhookDeliveryTable {
  id: Generated<number>;
  subscription_id: string;
  event_id: number;
  attempt: number;
  status: 'pending' | 'succeeded' | 'failed' | 'dead';
  response_status: number | null;
  error: string | null;
  duration_ms: number | null;
  /** When a pending attempt is due; on a failed attempt, when the next one is. */
  next_attempt_at: Timestamp | null;
  created_at: Timestamp;
  /** When the request of this attempt was sent. */
  attempted_at: Timestamp | null;
  /** When the receiver acknowledged it (2xx). */
  delivered_at: Timestamp | null;
}

/** The webhook tables, merged into `Database` (declared above). */
export interface Database {
  webhook_subscriptions: WebhookSubscriptionTable;
  webhook_events: WebhookEventTable;
  webhook_deliveries: WebhookDeliveryTable;
}

/**
 * An `Idempotency-Key` of one API key's POST request: the first request's hash and, once answered,
 * its response (status, key headers, body), replayed to retries until `expires_at`. A response
 * marked `Cache-Control: no-store` (it holds a secret) is not kept: `response_withheld` is true.
 */
export interface IdempotencyKeyTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  method: string;
  path: string;
  status: Generated<'in_progress' | 'completed'>;
  /** Names the request running under the key; a stale one may be taken over after a timeout. */
  lock_token: string;
  locked_at: Timestamp;
  response_status: number | null;
  response_headers: ColumnType<Record<string, string> | null, string | null | undefined, string | null>;
  response_body: Uint8Array | null;
  response_withheld: Generated<boolean>;
  created_at: Timestamp;
  completed_at: Timestamp | null;
  expires_at: Timestamp;
}

/** The idempotency keys table, merged into `Database` (declared above). */
export interface Database {
  idempotency_keys: IdempotencyKeyTable;
}

/** A broker's year plan as last computed: the request and `planYear`'s answer. */
export interface RoadshowPlanTable {
  year: number;
  input: JSONColumnType<Record<string, unknown>>;
  plan: JSONColumnType<Record<string, unknown>>;
  created_by: string | null;
  created_at: Timestamp;
}

/** One month's "one chain per month" event; `line_up`, `agenda` and `schedule` are the planners' answers. */
export interface RoadshowTable {
  id: string;
  chain_id: string;
  month: string;
  state: Generated<'draft' | 'published' | 'held' | 'closed'>;
  reason: Generated<string>;
  settings: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  line_up: JSONColumnType<Array<Record<string, unknown>>, string | undefined, string>;
  excluded: JSONColumnType<Array<Record<string, unknown>>, string | undefined, string>;
  agenda: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  schedule: JSONColumnType<Record<string, unknown> | null, string | null | undefined, string | null>;
  published_at: Timestamp | null;
  held_at: Timestamp | null;
  closed_at: Timestamp | null;
  revision: Generated<number>;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface RoadshowInvitationTable {
  roadshow_id: string;
  enterprise_id: string;
  rank: number;
  strength: number;
  best: number;
  matched: JSONColumnType<Array<Record<string, unknown>>>;
  text: string;
  /** Set when the SME withdrew from the event: it is no longer scheduled. */
  withdrawn_at: Timestamp | null;
}

/** An organisation whose patents are pitched: it sits at a meeting table in its available slots (null: every slot). */
export interface RoadshowOwnerTable {
  roadshow_id: string;
  organization_id: string;
  patent_ids: string[];
  availability: JSONColumnType<Array<{ from: number; to: number }> | null, string | null | undefined, string | null>;
}

export interface MeetingRequestTable {
  roadshow_id: string;
  enterprise_id: string;
  owner_organization_id: string;
  preference: 'must_meet' | 'meet' | 'no';
  updated_at: Generated<string>;
  /** Set when the meeting was called off: the pair is not scheduled again, but the request still counts in the funnel. */
  cancelled_at: Timestamp | null;
}

export interface MeetingTable {
  id: Generated<number>;
  roadshow_id: string;
  enterprise_id: string;
  owner_organization_id: string;
  slot: number;
  table_no: number;
  value: number;
  kind: string;
  status: Generated<'scheduled' | 'cancelled' | 'held'>;
  intent: string | null;
  note: string | null;
  created_at: Generated<string>;
  updated_at: Generated<string>;
}

export interface RoadshowContractTable {
  id: Generated<number>;
  roadshow_id: string;
  enterprise_id: string;
  owner_organization_id: string;
  patent_ids: string[];
  kind: 'licence' | 'assignment';
  value_cny: number;
  signed_on: DateString;
  recorded_by: string | null;
  created_at: Generated<string>;
}

/** The roadshow tables, merged into `Database` (declared above). */
export interface Database {
  roadshow_plans: RoadshowPlanTable;
  roadshows: RoadshowTable;
  roadshow_invitations: RoadshowInvitationTable;
  roadshow_owners: RoadshowOwnerTable;
  meeting_requests: MeetingRequestTable;
  meetings: MeetingTable;
  roadshow_contracts: RoadshowContractTable;
}
