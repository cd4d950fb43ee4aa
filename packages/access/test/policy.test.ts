import { describe, expect, it } from 'vitest';
import {
  bootstrapAdminViewer,
  canGiveMatchFeedback,
  canImportPatents,
  canManageKeys,
  canManageRoadshows,
  canReadPublic,
  canSeeDemand,
  canSeeTask,
  canWriteDemand,
  canWritePatent,
  seesAllTasks,
  taskCreatorOf,
  viewerOf,
  type Viewer,
} from '../src/index.ts';

const UNI = 'org_uni';
const OTHER_UNI = 'org_uni_other';
const SME = 'org_sme';
const OTHER_SME = 'org_sme_other';

const viewers = {
  admin: viewerOf({ id: 'key_admin', role: 'admin' }),
  envAdmin: bootstrapAdminViewer(),
  university: viewerOf({ id: 'key_uni', role: 'university', organizationId: UNI }),
  enterprise: viewerOf({ id: 'key_sme', role: 'enterprise', organizationId: SME }),
  broker: viewerOf({ id: 'key_broker', role: 'broker', organizationId: 'org_broker' }),
  partner: viewerOf({ id: 'key_partner', role: 'partner', organizationId: 'org_partner' }),
} satisfies Record<string, Viewer>;
type Who = keyof typeof viewers;
const everyone = Object.keys(viewers) as Who[];

/** Each rule, and exactly who it lets through; everyone else must be refused. */
const matrix: Array<{ rule: string; check: (v: Viewer) => boolean; allowed: Who[] }> = [
  { rule: 'read the public library', check: canReadPublic, allowed: everyone },
  { rule: 'write a patent owned by the university', check: (v) => canWritePatent(v, { ownerOrganizationIds: [OTHER_UNI, UNI] }), allowed: ['admin', 'envAdmin', 'university'] },
  { rule: 'write a patent owned by another university', check: (v) => canWritePatent(v, { ownerOrganizationIds: [OTHER_UNI] }), allowed: ['admin', 'envAdmin'] },
  { rule: 'write a patent that names the SME as owner', check: (v) => canWritePatent(v, { ownerOrganizationIds: [SME] }), allowed: ['admin', 'envAdmin'] },
  { rule: 'write a patent without known owners', check: (v) => canWritePatent(v, { ownerOrganizationIds: [] }), allowed: ['admin', 'envAdmin'] },
  { rule: 'write the SME’s demand', check: (v) => canWriteDemand(v, { enterpriseId: SME }), allowed: ['admin', 'envAdmin', 'enterprise'] },
  { rule: 'write another SME’s demand', check: (v) => canWriteDemand(v, { enterpriseId: OTHER_SME }), allowed: ['admin', 'envAdmin'] },
  { rule: 'see a public demand of another SME', check: (v) => canSeeDemand(v, { visibility: 'public', enterpriseId: OTHER_SME }), allowed: everyone },
  { rule: 'see the SME’s private demand', check: (v) => canSeeDemand(v, { visibility: 'private', enterpriseId: SME }), allowed: ['admin', 'envAdmin', 'enterprise', 'broker'] },
  { rule: 'see another SME’s private demand', check: (v) => canSeeDemand(v, { visibility: 'private', enterpriseId: OTHER_SME }), allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'manage roadshows', check: canManageRoadshows, allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'upload patents', check: (v) => canImportPatents(v), allowed: ['admin', 'envAdmin', 'university'] },
  { rule: 'import a shared dataset', check: (v) => canImportPatents(v, 'dataset'), allowed: ['admin', 'envAdmin'] },
  { rule: 'manage API keys', check: canManageKeys, allowed: ['admin', 'envAdmin'] },
  { rule: 'see every task', check: seesAllTasks, allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'see a task the university’s key started', check: (v) => canSeeTask(v, { details: { createdBy: { keyId: 'key_uni', organizationId: UNI } } }), allowed: ['admin', 'envAdmin', 'university', 'broker'] },
  { rule: 'see a task another key of the university started', check: (v) => canSeeTask(v, { details: { createdBy: { keyId: 'key_uni_2', organizationId: UNI } } }), allowed: ['admin', 'envAdmin', 'university', 'broker'] },
  { rule: 'see a task another university started', check: (v) => canSeeTask(v, { details: { createdBy: { keyId: 'key_x', organizationId: OTHER_UNI } } }), allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'see a task with no recorded creator', check: (v) => canSeeTask(v, { details: { kind: 'dataset' } }), allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'see a task whose creator is malformed', check: (v) => canSeeTask(v, { details: { createdBy: 'key_uni' } }), allowed: ['admin', 'envAdmin', 'broker'] },
  { rule: 'give feedback on the SME’s matches', check: (v) => canGiveMatchFeedback(v, { enterpriseId: SME }), allowed: ['admin', 'envAdmin', 'enterprise', 'broker'] },
  { rule: 'give feedback on another SME’s matches', check: (v) => canGiveMatchFeedback(v, { enterpriseId: OTHER_SME }), allowed: ['admin', 'envAdmin', 'broker'] },
];

describe('access policy', () => {
  for (const { rule, check, allowed } of matrix) {
    it(`lets exactly ${allowed.join(', ')} ${rule}`, () => {
      const granted = everyone.filter((who) => check(viewers[who]));
      expect(granted).toEqual(allowed);
    });
  }

  it('derives the viewer from the key: own organisation, and private demands for admins and brokers only', () => {
    expect(viewers.enterprise).toEqual({ keyId: 'key_sme', role: 'enterprise', organizationId: SME, organizationIds: [SME], seesAllDemands: false });
    expect(viewers.admin.organizationIds).toEqual([]);
    expect(everyone.filter((who) => viewers[who].seesAllDemands)).toEqual(['admin', 'envAdmin', 'broker']);
    expect(viewers.envAdmin).toMatchObject({ keyId: 'key_bootstrap_admin', role: 'admin', seesAllDemands: true });
    expect(viewerOf({ id: 'key_q', role: 'partner', organizationId: 'org_p', quotaPerMinute: 5 }).quotaPerMinute).toBe(5);
  });

  it('records a task’s creator so that the creator, and only it among the organisations, sees the task again', () => {
    expect(taskCreatorOf(viewers.university)).toEqual({ keyId: 'key_uni', organizationId: UNI });
    expect(taskCreatorOf(viewers.envAdmin)).toEqual({ keyId: 'key_bootstrap_admin' });
    const task = { details: { createdBy: taskCreatorOf(viewers.enterprise) } };
    expect(everyone.filter((who) => canSeeTask(viewers[who], task))).toEqual(['admin', 'envAdmin', 'enterprise', 'broker']);
    const byKeyOnly = { details: { createdBy: { keyId: 'key_uni' } } };
    expect(everyone.filter((who) => canSeeTask(viewers[who], byKeyOnly))).toEqual(['admin', 'envAdmin', 'university', 'broker']);
  });
});
