/**
 * The console's client of the patent-bridge API: every call sends `Authorization: Bearer <key>`, and a
 * failed call throws an {@link ApiProblem} carrying the RFC 9457 `detail` the pages show to the user.
 */

export type Role = 'admin' | 'university' | 'enterprise' | 'broker' | 'partner';

/** An RFC 9457 problem answered by the API (or made up here when the network or the body failed). */
export class ApiProblem extends Error {
  override readonly name = 'ApiProblem';
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly errors: { field: string; message: string }[];
  readonly requestId: string | undefined;

  constructor(init: { status: number; code: string; title?: string; detail?: string; errors?: { field: string; message: string }[]; requestId?: string }) {
    const detail = init.detail || init.title || `HTTP ${init.status}`;
    super(detail);
    this.status = init.status;
    this.code = init.code;
    this.detail = detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
  }
}

type Query = Record<string, string | number | boolean | undefined | null | readonly string[]>;

/** `?a=1&b=x,y` from the defined entries of a query object. */
function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(name, Array.isArray(value) ? value.join(',') : String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

async function problemOf(response: Response): Promise<ApiProblem> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as { code?: string; title?: string; detail?: string; errors?: { field: string; message: string }[]; requestId?: string };
    return new ApiProblem({ status: response.status, code: body.code ?? 'http_error', ...body });
  } catch {
    return new ApiProblem({ status: response.status, code: 'http_error', detail: `${response.status} ${response.statusText}${text ? `: ${text.slice(0, 200)}` : ''}` });
  }
}

/** The raw HTTP verbs, bound to one API key. */
export class HttpClient {
  readonly #key: string;
  readonly #base: string;

  constructor(key: string, base = '') {
    this.#key = key;
    this.#base = base;
  }

  async #send(method: string, path: string, init: { query?: Query; json?: unknown; form?: FormData } = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.#key}`, Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (init.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(init.json);
    } else if (init.form) {
      body = init.form;
    }
    let response: Response;
    try {
      response = await fetch(`${this.#base}${path}${queryString(init.query)}`, { method, headers, ...(body !== undefined ? { body } : {}) });
    } catch (error) {
      throw new ApiProblem({ status: 0, code: 'network_error', detail: `the server did not answer (${(error as Error).message})` });
    }
    if (!response.ok) throw await problemOf(response);
    return response;
  }

  async json<T>(method: string, path: string, init: { query?: Query; json?: unknown; form?: FormData } = {}): Promise<T> {
    const response = await this.#send(method, path, init);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  /** A file answer (CSV, ICS…) as a blob, with the file name from `Content-Disposition` or the path. */
  async file(path: string, query?: Query): Promise<{ blob: Blob; filename: string }> {
    const response = await this.#send('GET', path, query ? { query } : {});
    const disposition = response.headers.get('content-disposition') ?? '';
    const named = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1] ?? /filename="?([^";]+)"?/i.exec(disposition)?.[1];
    const filename = named ? decodeURIComponent(named) : (path.split('/').pop() ?? 'download');
    return { blob: await response.blob(), filename };
  }
}

// ---- shapes the console reads (only the fields it uses) ----

export type EditScope = 'any' | 'own' | 'none';
/** `GET /v1/me`: who the key is, what it may do and which console pages to show. */
export interface Me {
  role: Role;
  keyId?: string;
  keyName?: string;
  organizationId?: string;
  organization?: { id: string; name: string; kind?: string } | null;
  permissions?: {
    canImport?: boolean;
    canEditPatents?: EditScope;
    canWriteDemands?: EditScope;
    canGiveMatchFeedback?: boolean;
    canManageRoadshows?: boolean;
    [name: string]: unknown;
  };
  pages?: string[];
}

export interface StatsRow {
  key: string;
  label: string;
  total: number;
  idle: number;
  idleRatio: number;
  expiringWithin12Months: number;
  averageScreeningScore: number | null;
}
export interface InventoryStats {
  asOf: string;
  overall: Omit<StatsRow, 'key' | 'label'>;
  by: Record<'owner' | 'chain' | 'ipcClass' | 'type' | 'legalStatus' | 'inventoryState', StatsRow[]>;
  /** Screening scores (0…100) in ten bins of ten points, the grades, and the patents without a score. */
  screeningScores?: { bins: { from: number; to: number; count: number }[]; byGrade: Record<'A' | 'B' | 'C' | 'D', number>; unscored: number };
  /** Granted patents expiring in the coming months, month by month. */
  expiring?: { months: number; total: number; byMonth: { month: string; count: number }[] };
}

export interface Patent {
  id: string;
  title: string;
  abstract?: string;
  applicationNumber?: string;
  publicationNumbers: string[];
  ipcCodes: string[];
  applicants: string[];
  owners: string[];
  inventors?: string[];
  ownerOrganizationIds: string[];
  type?: string;
  legalStatus: string;
  inventoryState: string;
  filingDate?: string;
  expiryDate?: string;
  chains: { chain: string; reason: string }[];
  openLicence?: { declared: boolean; feeCny?: number; paymentMode?: string; termYears?: number };
  screening?: { grade: string; score: number; components: { name: string; note?: string; points: number; weight: number }[] };
}
export interface PatentPage {
  patents: Patent[];
  total: number;
  nextCursor?: string;
}

export interface PatentSummary {
  id: string;
  title: string;
  abstract?: string;
  applicationNumber?: string;
  publicationNumbers: string[];
  ipcCodes: string[];
  chains: string[];
  owners: string[];
  legalStatus: string;
  openLicence: boolean;
  type?: string;
  filingYear?: number;
  screeningScore?: number;
}
export interface SearchHit {
  item: PatentSummary;
  score: number;
  highlights?: { title?: string; body?: string };
}
export interface SearchAnswer {
  hits: SearchHit[];
  total: number;
  facets: Record<string, Record<string, number>>;
  mode: string;
  tookMs: number;
  nextCursor?: string;
  /** For an English query: the Chinese glossary terms searched beside it. */
  translatedTerms?: string[];
}

export interface Task {
  id: number;
  type: string;
  status: 'enqueued' | 'processing' | 'succeeded' | 'failed' | 'canceled' | string;
  enqueuedAt?: string;
  finishedAt?: string | null;
  progress?: { done: number; total: number | null };
  counts?: Record<string, number>;
  errorCount?: number;
  details?: Record<string, unknown>;
  error?: { code?: string; message?: string } | null;
}
export interface TaskError {
  source?: string | null;
  line: number;
  field: string;
  message: string;
}

/** `POST /v1/imports/preview`: the file read but not imported. */
export interface ImportPreview {
  filename: string;
  format: string;
  encoding: string;
  headers: string[];
  /** Header → the field it feeds, or null (kept as an extra attribute). */
  mapping: Record<string, string | null>;
  unmappedHeaders: string[];
  missingRequiredFields: { field: string; anyOf: string[]; message: string }[];
  rows: { line: number; cells: Record<string, string> }[];
  rowCount: number;
  errorCount: number;
}

/** An API key as listed (the secret is shown once, when issued). */
export interface ApiKey {
  id: string;
  role: Role;
  label: string;
  prefix?: string;
  organizationId?: string | null;
  createdAt: string;
  revokedAt?: string | null;
}

export interface Organization {
  id: string;
  kind: string;
  name: string;
}
export interface Chain {
  id: string;
  name: string;
  nameEn?: string;
  patents?: number;
  openPublicDemands?: number;
}

export interface DemandInput {
  enterpriseId: string;
  title: string;
  description?: string;
  keywords?: string[];
  chains?: string[];
  region?: { province?: string; city?: string };
  budgetCny?: { min?: number; max?: number };
  licenceModes?: string[];
  maturity?: string;
  visibility?: 'public' | 'private';
  industryCode?: string;
  deadline?: string;
}
export interface Demand extends DemandInput {
  id: string;
  status: 'open' | 'closed';
  createdAt: string;
  updatedAt: string;
}

export interface MatchFeature {
  name: string;
  value: number;
  weight: number;
  contribution: number;
}
export interface PatentMatch {
  demandId: string;
  patentId: string;
  score: number;
  rank: number;
  features: MatchFeature[];
  explanation: string;
  matchedTerms: string[];
  patent?: PatentSummary;
}
export type NotRelevantReason = 'too_early_stage' | 'benefit_unclear' | 'commercial_route_unclear' | 'description_unclear' | 'other';
export type MatchFeedback = { verdict: 'interested'; note?: string } | { verdict: 'not_relevant'; reason: NotRelevantReason; note?: string };

// ---- roadshows (docs: the roadshow API contract) ----

export type RoadshowState = 'draft' | 'published' | 'held' | 'closed';
export interface PlanMonth {
  month: string;
  kind: 'event' | 'no_event';
  chainId?: string;
  chainName?: string;
  reason: string;
  reasonEn?: string;
  value?: number;
  why?: string;
  /** Events: published (kept), pinned by the broker, or chosen by the optimiser. */
  source?: 'published' | 'pinned' | 'planned';
}
export interface YearPlan {
  months: PlanMonth[];
  leftOut: { chainId: string; chainName: string; why: string[]; reason: string; reasonEn?: string }[];
  warnings: { code: string; month?: string; chainId?: string; message: string; messageEn?: string }[];
  objective?: { value: number; exact: boolean };
}
export interface RoadshowSummary {
  id: string;
  chainId: string;
  chainName: string;
  month: string;
  state: RoadshowState;
  title: string;
  reason?: string;
  lineUpSize: number;
  invitations: number;
  meetings: number;
  updatedAt: string;
}
export interface LineUpChoice {
  rank: number;
  patentId: string;
  title: string;
  ownerOrganizationIds: string[];
  relevance?: number;
  openLicence?: boolean;
  screeningScore?: number;
  reason?: string;
}
export interface Invitation {
  rank: number;
  enterpriseId: string;
  enterpriseName: string;
  strength?: number;
  matchedPatents?: unknown[];
  text?: string;
  /** Set once the SME withdrew from the event. */
  withdrawnAt?: string | null;
}
export interface TimeSlot {
  slot: number;
  startTime: string;
  endTime: string;
}
export interface Agenda {
  items: { kind: string; startTime: string; endTime: string; title: string; presenterName?: string }[];
  meetingSlots: TimeSlot[];
}
export interface Roadshow extends Omit<RoadshowSummary, 'invitations'> {
  invitations: Invitation[];
  lineUp: LineUpChoice[];
  agenda: Agenda | null;
  owners: { id: string; name: string; patentIds?: string[]; availability?: unknown }[];
  schedule: null | { solver?: string; gap?: number; mustMeets?: { requested: number; honoured: number; unmet: number }; fairness?: { smes: number; withMeeting: number; without: number }; diagnoses?: unknown[]; scheduledAt?: string };
  settings?: Record<string, unknown>;
}
export type MeetingPreference = 'must_meet' | 'meet' | 'no';
export interface MeetingRequest {
  enterpriseId: string;
  enterpriseName?: string;
  ownerOrganizationId: string;
  ownerName?: string;
  preference: MeetingPreference;
}
export interface Meeting {
  id: string;
  enterpriseId: string;
  enterpriseName: string;
  ownerOrganizationId: string;
  ownerName: string;
  slot: number;
  table: number;
  value?: number;
  kind?: string;
  /** scheduled, held or cancelled. */
  status?: string;
  intent?: MeetingIntent | null;
  note?: string | null;
}
export type MeetingIntent = 'none' | 'interested' | 'negotiating' | 'agreed';
export interface MeetingConflict {
  /** sme_double_booked, owner_double_booked, table_double_booked, sme_over_cap, owner_unavailable, declined_pair, slot_over_capacity… */
  kind: string;
  /** In English, naming organisations by id. */
  message: string;
  meetingIds: string[];
}
export interface MeetingGrid {
  slots: TimeSlot[];
  tables: number;
  meetings: Meeting[];
  conflicts: MeetingConflict[];
}
/** `details.outcome` of a schedule or cancellation task: what the (re-)solve changed. */
export interface ScheduleOutcome {
  kept: number;
  added: number;
  moved: { meetingId: string; smeId: string; ownerId: string; from: { slot: number; table: number }; to: { slot: number; table: number } }[];
  removed: { meetingId: string; smeId: string; ownerId: string; slot: number; table: number; reason: string }[];
}
export type Cancellation = { kind: 'sme'; smeId: string } | { kind: 'meeting'; smeId: string; ownerId: string } | { kind: 'owner'; ownerId: string; slots?: { from: number; to: number }[] };
export interface ContractInput {
  enterpriseId: string;
  ownerOrganizationId: string;
  patentIds: string[];
  kind: 'licence' | 'assignment';
  valueCny: number;
  /** YYYY-MM-DD */
  signedOn: string;
}
export interface Contract extends ContractInput {
  id: string;
  enterpriseName: string;
  ownerName: string;
  createdAt: string;
}
export interface BuildSettings {
  date: string;
  start?: string;
  location?: string;
  size?: number;
  meetings?: { slots: number; minutes: number; tables: number; smeCap?: number };
}

/** `GET /v1/stats/roadshows`: how matches turn into invitations, requests, meetings and contracts. */
export interface RoadshowFunnel {
  rows: { chainId: string; chainName: string; month: string | null; stages: FunnelStage[] }[];
  total: { stages: FunnelStage[]; contractValueCny?: number };
}
export interface FunnelStage {
  stage: 'matches' | 'invitations' | 'meeting_requests' | 'meetings' | 'contracts' | string;
  count: number;
  enterprises?: number;
  conversion?: number | null;
}

const enc = encodeURIComponent;

/**
 * The API, one typed method per endpoint the console uses.
 *
 * @example
 * const api = new PatentBridgeApi('pb_live_…');
 * const { patents } = await api.patents({ chain: 'biomedicine', limit: 20 });
 */
export class PatentBridgeApi {
  readonly http: HttpClient;

  constructor(key: string, base = '') {
    this.http = new HttpClient(key, base);
  }

  me = () => this.http.json<Me>('GET', '/v1/me');
  /** Whether this key may list API keys: only admins may, which tells an admin key apart without `/v1/me`. */
  canListKeys = () => this.http.json<unknown>('GET', '/v1/keys').then(() => true, (e: ApiProblem) => (e.status === 403 ? false : Promise.reject(e)));

  keys = () => this.http.json<ApiKey[]>('GET', '/v1/keys');
  issueKey = (input: { organizationId?: string; role: Role; label: string }) => this.http.json<ApiKey & { secret: string }>('POST', '/v1/keys', { json: input });
  revokeKey = (id: string) => this.http.json<ApiKey>('DELETE', `/v1/keys/${enc(id)}`);
  registerOrganization = (input: { name: string; kind: string }) => this.http.json<Organization>('POST', '/v1/organizations', { json: input });
  tasks = (query: { type?: string; limit?: number } = {}) => this.http.json<{ tasks: Task[] }>('GET', '/v1/tasks', { query });

  inventoryStats = (owner?: string) => this.http.json<InventoryStats>('GET', '/v1/stats/inventory', { query: { owner, top: 20 } });
  chains = () => this.http.json<{ chains: Chain[] }>('GET', '/v1/chains');
  organizations = (query: { kind?: string; q?: string; limit?: number } = {}) => this.http.json<{ organizations: Organization[] }>('GET', '/v1/organizations', { query: { limit: 100, ...query } });

  patents = (query: Query) => this.http.json<PatentPage>('GET', '/v1/patents', { query });
  patent = (id: string) => this.http.json<Patent>('GET', `/v1/patents/${enc(id)}`);
  updatePatent = (id: string, change: Record<string, unknown>) => this.http.json<Patent>('PATCH', `/v1/patents/${enc(id)}`, { json: change });
  search = (request: { q: string; mode?: string; filters?: Record<string, unknown>; facets?: string[]; limit?: number; cursor?: string }) =>
    this.http.json<SearchAnswer>('POST', '/v1/search', { json: request });

  previewImport = (file: File) => {
    const form = new FormData();
    form.set('file', file);
    return this.http.json<ImportPreview>('POST', '/v1/imports/preview', { form });
  };
  uploadInventory = (file: File, mapping?: Record<string, string>) => {
    const form = new FormData();
    if (mapping && Object.keys(mapping).length) form.set('mapping', JSON.stringify(mapping));
    form.set('file', file);
    return this.http.json<{ taskId: number }>('POST', '/v1/imports', { form });
  };
  task = (id: number) => this.http.json<Task>('GET', `/v1/tasks/${id}`);
  taskErrors = (id: number) => this.http.json<{ errors: TaskError[] }>('GET', `/v1/tasks/${id}/errors`, { query: { format: 'json' } });
  taskErrorReport = (id: number) => this.http.file(`/v1/tasks/${id}/errors`, { format: 'csv' });

  demands = (query: Query = {}) => this.http.json<{ demands: Demand[]; nextCursor?: string }>('GET', '/v1/demands', { query: { limit: 100, ...query } });
  demand = (id: string) => this.http.json<Demand>('GET', `/v1/demands/${enc(id)}`);
  createDemand = (input: DemandInput) => this.http.json<Demand>('POST', '/v1/demands', { json: input });
  /** Replaces a demand's profile (every field; what is left out is cleared) and may close or reopen it. */
  updateDemand = (id: string, input: DemandInput & { status?: Demand['status'] }) => this.http.json<Demand>('PUT', `/v1/demands/${enc(id)}`, { json: input });
  matches = (demandId: string, limit = 10) => this.http.json<{ matches: PatentMatch[] }>('GET', `/v1/demands/${enc(demandId)}/matches`, { query: { limit } });
  giveFeedback = (demandId: string, patentId: string, feedback: MatchFeedback) =>
    this.http.json<{ matches: PatentMatch[] }>('POST', `/v1/demands/${enc(demandId)}/matches/${enc(patentId)}/feedback`, { json: feedback });

  planYear = (body: { year: number; minSupply?: number; minDemand?: number; minGapMonths?: number; fromMonth?: string; blackouts?: { month: string; label: string }[] }) =>
    this.http.json<{ year: number; plan: YearPlan; roadshows: RoadshowSummary[] }>('POST', '/v1/roadshows/plan', { json: body });
  storedPlan = (year: number) => this.http.json<{ year: number; plan: YearPlan; createdAt: string }>('GET', `/v1/roadshows/plans/${year}`);
  roadshows = (query: { year?: number; state?: RoadshowState } = {}) => this.http.json<{ items: RoadshowSummary[] }>('GET', '/v1/roadshows', { query });
  roadshow = (id: string) => this.http.json<Roadshow>('GET', `/v1/roadshows/${enc(id)}`);
  buildRoadshow = (id: string, settings: BuildSettings) => this.http.json<Roadshow>('POST', `/v1/roadshows/${enc(id)}/build`, { json: settings });
  moveRoadshow = (id: string, step: 'publish' | 'hold' | 'close') => this.http.json<Roadshow>('POST', `/v1/roadshows/${enc(id)}/${step}`, { json: {} });
  meetingRequests = (id: string) => this.http.json<{ requests: MeetingRequest[] }>('GET', `/v1/roadshows/${enc(id)}/meeting-requests`);
  putMeetingRequests = (id: string, body: { enterpriseId?: string; requests: { ownerOrganizationId: string; preference: MeetingPreference }[] }) =>
    this.http.json<{ requests: MeetingRequest[] }>('PUT', `/v1/roadshows/${enc(id)}/meeting-requests`, { json: body });
  schedule = (id: string, keepCurrent = false) => this.http.json<{ taskId: number }>('POST', `/v1/roadshows/${enc(id)}/schedule`, { json: { keepCurrent } });
  meetings = (id: string) => this.http.json<MeetingGrid>('GET', `/v1/roadshows/${enc(id)}/meetings`);
  moveMeeting = (id: string, meetingId: string, to: { slot: number; table?: number }) => this.http.json<MeetingGrid>('PATCH', `/v1/roadshows/${enc(id)}/meetings/${enc(meetingId)}`, { json: to });
  cancelMeetings = (id: string, cancellations: Cancellation[]) => this.http.json<{ taskId: number }>('POST', `/v1/roadshows/${enc(id)}/cancellations`, { json: { cancellations } });
  recordOutcome = (id: string, meetingId: string, outcome: { status: 'held' | 'cancelled'; intent?: MeetingIntent; note?: string }) =>
    this.http.json<MeetingGrid>('POST', `/v1/roadshows/${enc(id)}/meetings/${enc(meetingId)}/outcome`, { json: outcome });
  contracts = (id: string) => this.http.json<{ contracts: Contract[] }>('GET', `/v1/roadshows/${enc(id)}/contracts`);
  recordContract = (id: string, contract: ContractInput) => this.http.json<Contract>('POST', `/v1/roadshows/${enc(id)}/contracts`, { json: contract });
  roadshowExport = (id: string, name: 'agenda.ics' | 'agenda.csv' | 'agenda.html' | 'meetings.csv' | 'calendar.ics', participant?: string) =>
    this.http.file(`/v1/roadshows/${enc(id)}/exports/${name}`, participant ? { participant } : undefined);
  roadshowFunnel = (year: number) => this.http.json<RoadshowFunnel>('GET', '/v1/stats/roadshows', { query: { year } });
}

/**
 * Polls a task until it succeeds or fails, reporting each state seen.
 *
 * @example
 * const done = await waitForTask(api, taskId, (task) => setProgress(task.progress));
 */
export async function waitForTask(api: PatentBridgeApi, id: number, onProgress: (task: Task) => void, options: { intervalMs?: number; signal?: AbortSignal } = {}): Promise<Task> {
  for (;;) {
    if (options.signal?.aborted) throw new ApiProblem({ status: 0, code: 'aborted', detail: 'stopped waiting' });
    const task = await api.task(id);
    onProgress(task);
    if (task.status === 'succeeded' || task.status === 'failed' || task.status === 'canceled') return task;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 400));
  }
}

/**
 * Hands a blob to the browser as a file download.
 *
 * @example
 * const { blob, filename } = await api.taskErrorReport(7);
 * saveFile(blob, filename);
 */
export function saveFile(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
