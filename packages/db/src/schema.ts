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

export interface Database {
  demands: DemandTable;
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
