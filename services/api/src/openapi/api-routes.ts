import { z } from 'zod';
import { IssueApiKeyInput, type Role } from '@patent-bridge/access';
import { Chain, Demand, DemandInput, MatchFeedback, Organization, Patent } from '@patent-bridge/domain';
import { SearchRequest } from '@patent-bridge/search';
import { WebhookCreateBody, WebhookDeliveriesQuery } from '@patent-bridge/webhooks';
import { Mapping as DemandSheetMapping } from '../routes/demand-imports.ts';
import { ListQuery as DemandListQuery, Update as DemandUpdate } from '../routes/demands.ts';
import { DatasetBody, ImportPreviewAnswer, Mapping as InventoryMapping, MAX_UPLOAD_BYTES } from '../routes/imports.ts';
import { MeAnswer } from '../routes/me.ts';
import { MatchQuery, ReverseQuery } from '../routes/matches.ts';
import { ListQuery as PatentListQuery, PatentOfferPatch } from '../routes/patents.ts';
import { SimilarQuery } from '../routes/search.ts';
import { Query as StatisticsQuery } from '../routes/stats.ts';
import { OrganizationInput, OrganizationListQuery } from '../routes/organizations.ts';
import { ErrorsQuery as TaskErrorsQuery, ListQuery as TaskListQuery } from '../routes/tasks.ts';
import {
  ApiKey,
  DemandMatches,
  DemandPage,
  FeedbackRecorded,
  IndexStatus,
  InventoryStatisticsAnswer,
  PatentMatches,
  PatentPage,
  Readiness,
  SearchAnswer,
  SimilarPatents,
  TaskAccepted,
  TaskErrorReport,
  TaskView,
  WebhookDeliveryPage,
  WebhookSubscription,
} from './answers.ts';
import { describeRoute, type RouteDescription } from './route-description.ts';
import { ROADSHOW_ROUTES } from './roadshow-routes.ts';

const EVERY_ROLE: readonly Role[] = ['admin', 'university', 'enterprise', 'broker', 'partner'];
const UPLOAD_MB = MAX_UPLOAD_BYTES / 1024 / 1024;

const PATENT_KEY = 'The patent id (`pt_…`) or any of its numbers: `ZL 201010110545.X`, `CN201010110545.X`, `201010110545.X`, `CN102364321B`';
const DEMAND_ID = 'The demand id';
const TASK_ID = 'The task id (a positive whole number)';

const accepted = (type: 'import' | 'demand_import' | 'reindex' | 'match') => ({
  description: `The \`${type}\` task: poll it at \`Location\``,
  schema: TaskAccepted,
  headers: ['Location'] as const,
  example: { taskId: 2, status: 'enqueued', ...(type === 'match' ? {} : { type }) },
});

const uploadForm = (mapping: z.ZodType, what: string, mappingExample: string) =>
  ({
    schema: z.object({
      file: z.file().describe(`${what} as CSV (UTF-8, UTF-8 with BOM or GB18030), XLSX or JSON Lines; at most ${UPLOAD_MB} MB`),
      mapping: mapping.optional().describe(`JSON object: column header → field, for headers the importer does not recognise, e.g. \`${mappingExample}\``),
    }),
    partTypes: { mapping: 'application/json' },
  }) as const;

const demandExample = {
  enterpriseId: 'org_3f9a1c',
  title: '名优绿茶自动化杀青设备',
  description: '需要一种能够精确控制温度和时间的连续式杀青设备，适用于龙井等扁形茶的规模化加工。',
  keywords: ['杀青', '绿茶', '自动化'],
  industryCode: '136',
  chains: ['modern-agriculture-food'],
  region: { province: '浙江省', city: '杭州市' },
  budgetCny: { max: 500000 },
  licenceModes: ['non_exclusive', 'open_licence'],
  maturity: 'prototype',
  visibility: 'public',
};

/**
 * Every route the API serves, as the OpenAPI document describes it. A test checks this list
 * against the routes the application actually mounts, both ways.
 */
export const API_ROUTES: readonly RouteDescription[] = [
  // Service
  describeRoute({
    method: 'get',
    path: '/health',
    summary: 'Liveness',
    description: '200 once start-up has finished, 503 while starting.',
    tags: ['Service'],
    roles: 'public',
    responses: { 200: { description: 'Started', schema: z.object({ status: z.literal('ok') }) }, 503: { description: 'Starting', schema: z.object({ status: z.literal('starting') }) } },
  }),
  describeRoute({
    method: 'get',
    path: '/ready',
    summary: 'Readiness, per dependency',
    description: "Each dependency's state (database, queue, search index, embedder). 200 while the API can serve (started and the database answers), even when degraded; 503 otherwise.",
    tags: ['Service'],
    roles: 'public',
    responses: { 200: { description: 'Serving (`ok` or `degraded`)', schema: Readiness }, 503: { description: 'Starting, or the database does not answer', schema: Readiness } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/openapi.json',
    summary: 'This API description (OpenAPI 3.1)',
    tags: ['Service'],
    roles: 'public',
    responses: { 200: { description: 'The OpenAPI document', schema: z.record(z.string(), z.unknown()) } },
  }),
  describeRoute({
    method: 'get',
    path: '/docs',
    summary: 'This API description as a readable page',
    description: 'A self-contained HTML page (no external resources) that renders `/v1/openapi.json`.',
    tags: ['Service'],
    roles: 'public',
    responses: { 200: { description: 'The documentation page', contentType: 'text/html', schema: z.string() } },
  }),

  // Patents
  describeRoute({
    method: 'get',
    path: '/v1/patents',
    summary: 'List patents, filtered, with cursor pagination',
    tags: ['Patents'],
    roles: EVERY_ROLE,
    query: PatentListQuery,
    responses: { 200: { description: 'One page of patents', schema: PatentPage }, 400: 'Invalid filter (`invalid_request`), unknown chain (`unknown_chain`) or cursor (`invalid_cursor`)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/patents/{id}',
    summary: 'One patent, by id or any of its numbers',
    tags: ['Patents'],
    roles: EVERY_ROLE,
    params: { id: PATENT_KEY },
    responses: { 200: { description: 'The patent', schema: Patent }, 400: 'The id is longer than 64 characters (`invalid_patent_id`)', 404: 'No patent has this id or number (`patent_not_found`)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/patents/{id}/similar',
    summary: 'Patents like this one (semantic neighbours)',
    tags: ['Patents', 'Search'],
    roles: EVERY_ROLE,
    params: { id: PATENT_KEY },
    query: SimilarQuery,
    responses: {
      200: { description: 'The most similar patents', schema: SimilarPatents },
      404: 'No such patent (`patent_not_found`)',
      409: 'The patent is not in the search index yet (`not_indexed_yet`)',
      503: 'The search index is not ready yet (`search_unavailable`)',
    },
  }),

  describeRoute({
    method: 'patch',
    path: '/v1/patents/{id}',
    summary: "Change a patent's open-licence offer and inventory state",
    description:
      'A JSON merge patch of `openLicence` (开放许可: `declared`, `feeCny`, `paymentMode`, `termYears`; `null` removes a field, `"openLicence": null` withdraws the offer) and `inventoryState` (转化状态). Universities change only patents their organisation owns; admins any. Other fields are refused, each named. The screening is recomputed, the change logged, and the search index and matches follow. Send the `ETag` of your last read in `If-Match` to change only the version you saw (412 otherwise). Answers the updated patent with its new `ETag`.',
    tags: ['Patents'],
    roles: ['admin', 'university'],
    params: { id: PATENT_KEY },
    body: { content: { 'application/json': { schema: PatentOfferPatch, example: { openLicence: { declared: true, feeCny: 20000, paymentMode: 'annual', termYears: 3 }, inventoryState: 'idle' } } } },
    responses: {
      200: { description: 'The updated patent (unchanged when the patch changes nothing)', schema: Patent, headers: ['ETag'] },
      400: 'Invalid or unknown field (`invalid_request`, each in `errors`), or a contradictory offer (`invalid_offer`: a free licence with a fee)',
      403: 'Not your organisation\'s patent, or not a university or admin key (`forbidden`)',
      404: 'No patent has this id or number (`patent_not_found`)',
      412: 'The patent changed since the version named in `If-Match` (`precondition_failed`, with `currentETag`)',
      415: 'Not JSON (`unsupported_media_type`)',
    },
  }),

  // Search
  describeRoute({
    method: 'post',
    path: '/v1/search',
    summary: 'Search patents: keyword, semantic or hybrid',
    description: 'Keyword (BM25 over jieba terms), semantic (embeddings) or hybrid (min-max normalised blend, `semanticRatio`). Hits carry the patent summary, the highlighted title and abstract, and per-hit score details. A read: it is not counted as a write by the rate limiter.',
    tags: ['Search'],
    roles: EVERY_ROLE,
    body: { content: { 'application/json': { schema: SearchRequest, example: { q: '茶叶杀青', mode: 'hybrid', semanticRatio: 0.5, filters: { chain: ['modern-agriculture-food'], legalStatus: ['granted'] }, facets: ['chain', 'legalStatus'], limit: 10 } } } },
    responses: { 200: { description: 'Ranked hits, facets and the next cursor', schema: SearchAnswer }, 400: 'Invalid request or cursor (`invalid_request`, `invalid_cursor`)', 503: 'The search index is not ready yet (`search_unavailable`)' },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/demands/search',
    summary: 'Search SME demands',
    description: 'The same request as `POST /v1/search`, over demands. Private demands are found only by their enterprise, brokers and admins.',
    tags: ['Search', 'Demands'],
    roles: EVERY_ROLE,
    body: { content: { 'application/json': { schema: SearchRequest, example: { q: '杀青设备', mode: 'keyword', limit: 10 } } } },
    responses: { 200: { description: 'Ranked demand hits', schema: SearchAnswer }, 400: 'Invalid request or cursor', 503: 'The search index is not ready yet (`search_unavailable`)' },
  }),

  // Demands
  describeRoute({
    method: 'post',
    path: '/v1/demands',
    summary: 'Post a technology demand',
    description: 'An enterprise key posts for its own enterprise; admins for any.',
    tags: ['Demands'],
    roles: ['admin', 'enterprise'],
    body: { content: { 'application/json': { schema: DemandInput, example: demandExample } } },
    responses: { 201: { description: 'The stored demand', schema: Demand, headers: ['Location'] }, 400: 'Invalid demand, or unknown enterprise (`unknown_enterprise`)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/demands',
    summary: 'List demands you can see',
    tags: ['Demands'],
    roles: EVERY_ROLE,
    query: DemandListQuery,
    responses: { 200: { description: 'One page of demands', schema: DemandPage } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/demands/{id}',
    summary: 'One demand',
    tags: ['Demands'],
    roles: EVERY_ROLE,
    params: { id: DEMAND_ID },
    responses: { 200: { description: 'The demand', schema: Demand }, 404: 'No demand with this id that you can see (`demand_not_found`)' },
  }),
  describeRoute({
    method: 'put',
    path: '/v1/demands/{id}',
    summary: 'Replace a demand',
    description: 'Only the enterprise that posted it (or an admin); the enterprise cannot change.',
    tags: ['Demands'],
    roles: ['admin', 'enterprise'],
    params: { id: DEMAND_ID },
    body: { content: { 'application/json': { schema: DemandUpdate, example: { ...demandExample, status: 'open' } } } },
    responses: { 200: { description: 'The updated demand', schema: Demand }, 400: 'Invalid demand, or another enterprise (`enterprise_immutable`)', 404: 'No demand with this id that you can see (`demand_not_found`)' },
  }),
  describeRoute({
    method: 'delete',
    path: '/v1/demands/{id}',
    summary: 'Delete a demand',
    tags: ['Demands'],
    roles: ['admin', 'enterprise'],
    params: { id: DEMAND_ID },
    responses: { 204: 'Deleted', 404: 'No demand with this id that you can see (`demand_not_found`)' },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/demands/imports',
    summary: 'Import a sheet of demands',
    description: 'Multipart upload of a demand sheet; each row becomes a demand of its enterprise (created when new). Rejected rows are in the task\'s error report.',
    tags: ['Demands', 'Imports and tasks'],
    roles: ['admin', 'broker'],
    body: { content: { 'multipart/form-data': uploadForm(DemandSheetMapping, 'The demand sheet', '{"需求单位":"enterprise"}') } },
    responses: {
      202: accepted('demand_import'),
      400: 'No file, an empty one, an unknown form field or an invalid mapping (`file_missing`, `file_empty`, `unknown_field`, `invalid_mapping`)',
      413: `The file is larger than ${UPLOAD_MB} MB (\`file_too_large\`)`,
      415: 'Not multipart/form-data (`unsupported_media_type`)',
    },
  }),

  // Matching
  describeRoute({
    method: 'get',
    path: '/v1/demands/{id}/matches',
    summary: "A demand's matching patents, explained",
    description: '`source=live` (default) ranks now, feedback included; `source=stored` returns the batch job\'s top-K. Each match has a score, its feature breakdown, an explanation in Chinese and the weights version.',
    tags: ['Matching'],
    roles: EVERY_ROLE,
    params: { id: DEMAND_ID },
    query: MatchQuery,
    responses: {
      200: { description: 'Ranked matches', schema: DemandMatches },
      400: 'The demand has no text to match (`demand_without_text`)',
      404: 'No demand with this id that you can see (`demand_not_found`)',
      503: 'The search index is not ready yet (`matching_unavailable`)',
    },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/patents/{id}/matches',
    summary: 'The enterprises and demands a patent answers',
    tags: ['Matching'],
    roles: EVERY_ROLE,
    params: { id: PATENT_KEY },
    query: ReverseQuery,
    responses: { 200: { description: 'Enterprises (best score first) and their matching demands', schema: PatentMatches }, 404: 'No such patent (`patent_not_found`)', 503: 'The search index is not ready yet (`matching_unavailable`)' },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/demands/{id}/matches/{patentId}/feedback',
    summary: 'Feedback on one match',
    description: 'Interested, or not relevant with a reason. Applies at once to the live ranking, and the stored top-K is recomputed.',
    tags: ['Matching'],
    roles: ['admin', 'enterprise', 'broker'],
    params: { id: DEMAND_ID, patentId: PATENT_KEY },
    body: { content: { 'application/json': { schema: MatchFeedback, example: { verdict: 'not_relevant', reason: 'benefit_unclear', note: '投入太大' } } } },
    responses: { 201: { description: 'The recorded feedback and the re-ranked matches', schema: FeedbackRecorded }, 404: 'No such demand or patent (`demand_not_found`, `patent_not_found`)' },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/matches/rebuild',
    summary: "Recompute every open demand's stored matches",
    tags: ['Matching'],
    roles: ['admin', 'broker'],
    responses: { 202: accepted('match'), 503: 'The search index is not ready yet (`matching_unavailable`)' },
  }),

  // Imports and tasks
  describeRoute({
    method: 'post',
    path: '/v1/imports',
    summary: 'Import patents: upload an inventory, or a public dataset by name',
    description: 'Multipart `file` (universities, for their own stock; admins), or JSON `{"dataset": "<name>|all"}` (admins). Every record received ends as exactly one of imported, updated, unchanged, merged or rejected.',
    tags: ['Imports and tasks'],
    roles: ['admin', 'university'],
    body: {
      content: {
        'multipart/form-data': uploadForm(InventoryMapping, 'The inventory', '{"专利名称":"title"}'),
        'application/json': { schema: DatasetBody, example: { dataset: 'all' } },
      },
    },
    responses: {
      202: accepted('import'),
      400: 'No file, an empty one, an unknown field, an invalid mapping or an unknown dataset (`file_missing`, `file_empty`, `unknown_field`, `invalid_mapping`, `unknown_dataset`)',
      413: `The file is larger than ${UPLOAD_MB} MB (\`file_too_large\`)`,
      415: 'Neither multipart/form-data nor JSON (`unsupported_media_type`)',
    },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/imports/preview',
    summary: 'Preview an inventory upload: column mapping, missing required fields, first rows',
    description: 'The same multipart upload as `POST /v1/imports` (`file`, optional `mapping`), read but not imported; nothing is written. For a university key, a column naming the owner or applicant is required too.',
    tags: ['Imports and tasks'],
    roles: ['admin', 'university'],
    body: { content: { 'multipart/form-data': uploadForm(InventoryMapping, 'The inventory', '{"专利名称":"title"}') } },
    responses: {
      200: { description: 'How the file will be read', schema: ImportPreviewAnswer },
      400: 'No file, an empty one, an unknown field, a mapping that cannot apply, or a file no reader opens (`file_missing`, `file_empty`, `unknown_field`, `invalid_mapping`, `unreadable_file`)',
      413: `The file is larger than ${UPLOAD_MB} MB (\`file_too_large\`)`,
      415: 'Not multipart/form-data (`unsupported_media_type`)',
    },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/tasks',
    summary: 'List tasks, newest first',
    description: 'Admins and brokers see every task; other keys the tasks they or their organisation started.',
    tags: ['Imports and tasks'],
    roles: EVERY_ROLE,
    query: TaskListQuery,
    responses: { 200: { description: 'The tasks', schema: z.object({ tasks: z.array(TaskView.omit({ taskId: true, errorReport: true })) }) } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/tasks/{id}',
    summary: 'A task: status, reconciled counts, first errors, progress',
    tags: ['Imports and tasks'],
    roles: EVERY_ROLE,
    params: { id: TASK_ID },
    responses: { 200: { description: 'The task', schema: TaskView }, 400: 'Not a task id (`invalid_task_id`)', 404: 'No task with this id that you can see (`task_not_found`)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/tasks/{id}/errors',
    summary: "A task's full error report",
    description: 'CSV (UTF-8 with BOM, for spreadsheets) by default; `format=json` for JSON.',
    tags: ['Imports and tasks'],
    roles: EVERY_ROLE,
    params: { id: TASK_ID },
    query: TaskErrorsQuery,
    responses: {
      200: {
        description: 'The error report: `source,line,field,message` (CSV), or JSON with `format=json`',
        contentType: 'text/csv',
        schema: z.string(),
        example: 'source,line,field,message\r\npatents.csv,7,applicationNumber,校验位错误\r\n',
        alternatives: { 'application/json': TaskErrorReport },
      },
      400: 'Not a task id (`invalid_task_id`)',
      404: 'No task with this id that you can see (`task_not_found`)',
    },
  }),

  // Statistics and index
  describeRoute({
    method: 'get',
    path: '/v1/stats/inventory',
    summary: 'Inventory statistics',
    description: 'Per owner, chain, IPC class, type, legal status and inventory state: counts, idle ratio, patents expiring within 12 months; the screening-score distribution (ten bins, grades) and the expiring patents by month. A university key counts its own organisation unless `owner` says otherwise (`owner=all`: the whole library). `format=text` for a table.',
    tags: ['Statistics and index'],
    roles: EVERY_ROLE,
    query: StatisticsQuery,
    responses: { 200: { description: 'The statistics (a text table with `format=text`)', schema: InventoryStatisticsAnswer, alternatives: { 'text/plain': z.string() } } },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/organizations',
    summary: 'Register an organisation (university, enterprise, broker, partner platform)',
    tags: ['Organisations and chains'],
    roles: ['admin', 'broker'],
    body: { content: { 'application/json': { schema: OrganizationInput, example: { name: '济南泉城茶业有限公司', kind: 'enterprise', region: { province: '山东', city: '济南' } } } } },
    responses: { 201: { description: 'The organisation (the same name gives the same id)', schema: Organization, headers: ['Location'] } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/organizations',
    summary: 'Organisations, by kind or name, in cursor pages',
    tags: ['Organisations and chains'],
    roles: EVERY_ROLE,
    query: OrganizationListQuery,
    responses: { 200: { description: 'A page of organisations', schema: z.object({ organizations: z.array(Organization), nextCursor: z.string().optional() }) } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/organizations/{id}',
    summary: 'One organisation',
    tags: ['Organisations and chains'],
    roles: EVERY_ROLE,
    params: { id: 'The organisation id (`org_…`)' },
    responses: { 200: { description: 'The organisation', schema: Organization } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/chains',
    summary: 'The industrial chains, with their patent and open public demand counts',
    tags: ['Organisations and chains'],
    roles: EVERY_ROLE,
    responses: { 200: { description: 'The chain catalogue', schema: z.object({ version: z.string(), chains: z.array(Chain.extend({ patents: z.number().int(), openPublicDemands: z.number().int() })) }) } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/chains/{id}',
    summary: 'One industrial chain',
    tags: ['Organisations and chains'],
    roles: EVERY_ROLE,
    params: { id: 'The chain id, e.g. `biomedicine`' },
    responses: { 200: { description: 'The chain', schema: Chain.extend({ patents: z.number().int(), openPublicDemands: z.number().int() }) } },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/stats/index',
    summary: 'Search index size, embedder version, outbox lag',
    tags: ['Statistics and index'],
    roles: EVERY_ROLE,
    responses: { 200: { description: 'The index status', schema: IndexStatus } },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/index/rebuild',
    summary: 'Rebuild the search index from the database',
    tags: ['Statistics and index'],
    roles: ['admin'],
    responses: { 202: accepted('reindex') },
  }),

  // API keys
  describeRoute({
    method: 'get',
    path: '/v1/me',
    summary: 'Who this key is, and what it may do',
    description: 'Role, organisation, key name and quota, the permissions as flags, and the console pages to show.',
    tags: ['API keys'],
    roles: EVERY_ROLE,
    responses: { 200: { description: 'The key and its permissions', schema: MeAnswer } },
  }),
  describeRoute({
    method: 'post',
    path: '/v1/keys',
    summary: 'Issue an API key',
    description: 'The secret is in this answer only (`Cache-Control: no-store`); it is never shown again. Admin keys belong to no organisation, every other role to exactly one of a matching kind. A retry with the same `Idempotency-Key` does not show the secret again (409 `idempotency_response_withheld`, with the key\'s `location`).',
    tags: ['API keys'],
    roles: ['admin'],
    body: { content: { 'application/json': { schema: IssueApiKeyInput, example: { role: 'partner', organizationId: 'org_partner_1', label: '合作平台正式环境', quotaPerMinute: 600 } } } },
    responses: { 201: { description: 'The key, with its secret', schema: ApiKey.extend({ secret: z.string().describe('`pb_live_…`: store it now') }), headers: ['Location'] }, 400: 'Invalid key request (`invalid_request` and the codes of the key rules)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/keys',
    summary: 'List API keys',
    tags: ['API keys'],
    roles: ['admin'],
    query: z.object({ organization: z.string().optional().describe("Only this organisation's keys") }),
    responses: { 200: { description: 'The keys (never their secrets)', schema: z.array(ApiKey) } },
  }),
  describeRoute({
    method: 'delete',
    path: '/v1/keys/{id}',
    summary: 'Revoke an API key',
    description: 'The key stops working at once; its webhooks are deactivated.',
    tags: ['API keys'],
    roles: ['admin'],
    params: { id: 'The key id (`key_…`)' },
    responses: { 200: { description: 'The revoked key', schema: ApiKey }, 404: 'No such key (`key_not_found`)' },
  }),

  // Webhooks
  describeRoute({
    method: 'post',
    path: '/v1/webhooks',
    summary: 'Subscribe to events',
    description: 'Deliveries are signed with the subscription\'s secret (in this answer only) and retried with backoff. A key may hold at most 20 subscriptions.',
    tags: ['Webhooks'],
    roles: EVERY_ROLE,
    body: { content: { 'application/json': { schema: WebhookCreateBody, example: { url: 'https://partner.example/hooks/patent-bridge', events: ['patent.imported', 'match.created'] } } } },
    responses: {
      201: { description: 'The subscription, with its signing secret', schema: WebhookSubscription.extend({ secret: z.string() }), headers: ['Location'] },
      400: 'Invalid subscription, or unknown organisation (`unknown_organization`)',
      403: 'The organisation is not yours (`organization_not_yours`), or the credential has no key (`key_required`)',
      409: 'Too many subscriptions for this key (`too_many_webhooks`), or an `Idempotency-Key` conflict',
    },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/webhooks',
    summary: "Your key's subscriptions (all of them, for an admin)",
    tags: ['Webhooks'],
    roles: EVERY_ROLE,
    responses: { 200: { description: 'The subscriptions', schema: z.object({ webhooks: z.array(WebhookSubscription) }) } },
  }),
  describeRoute({
    method: 'delete',
    path: '/v1/webhooks/{id}',
    summary: 'Delete a subscription',
    tags: ['Webhooks'],
    roles: EVERY_ROLE,
    params: { id: 'The subscription id' },
    responses: { 204: 'Deleted', 404: 'No subscription of yours with this id (`webhook_not_found`)' },
  }),
  describeRoute({
    method: 'get',
    path: '/v1/webhooks/{id}/deliveries',
    summary: "A subscription's delivery log, newest first",
    tags: ['Webhooks'],
    roles: EVERY_ROLE,
    params: { id: 'The subscription id' },
    query: WebhookDeliveriesQuery,
    responses: { 200: { description: 'One page of delivery attempts', schema: WebhookDeliveryPage }, 404: 'No subscription of yours with this id (`webhook_not_found`)' },
  }),
  ...ROADSHOW_ROUTES,
];
