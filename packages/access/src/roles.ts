import { z } from 'zod';
import type { OrganizationKind } from '@patent-bridge/domain';

/**
 * Who holds an API key: the operator (`admin`), a university's tech-transfer office, an SME
 * (`enterprise`), a technology broker, or a partner platform that reads the public library.
 */
export const Role = z.enum(['admin', 'university', 'enterprise', 'broker', 'partner']);
export type Role = z.infer<typeof Role>;

/** Which organisations may hold a key of each role; admin keys belong to no organisation. */
export const ORGANIZATION_KINDS_BY_ROLE: Record<Exclude<Role, 'admin'>, readonly OrganizationKind[]> = {
  university: ['university', 'research_institute'],
  enterprise: ['enterprise'],
  broker: ['broker'],
  partner: ['partner_platform'],
};

/** Who is calling, as every route and policy sees it. */
export interface Viewer {
  /** The API key's id; `BOOTSTRAP_ADMIN_KEY_ID` for the configured admin secret. */
  keyId: string;
  role: Role;
  /** The organisation the key belongs to; absent for admin keys. */
  organizationId?: string;
  /** Organisations whose private records this viewer owns (its own, for now). */
  organizationIds: string[];
  /** Admins and brokers see private demands too. */
  seesAllDemands: boolean;
  /** The key's own quota; absent means the role's default. */
  quotaPerMinute?: number;
}

/** The key id of the admin secret configured in the environment (`PB_ADMIN_KEY`), which has no row. */
export const BOOTSTRAP_ADMIN_KEY_ID = 'key_bootstrap_admin';

/**
 * The viewer of a key.
 *
 * @example
 * viewerOf({ id: 'key_1', role: 'enterprise', organizationId: 'org_tea' })
 * // { keyId: 'key_1', role: 'enterprise', organizationId: 'org_tea', organizationIds: ['org_tea'], seesAllDemands: false }
 */
export function viewerOf(key: { id: string; role: Role; organizationId?: string; quotaPerMinute?: number }): Viewer {
  const viewer: Viewer = {
    keyId: key.id,
    role: key.role,
    organizationIds: key.organizationId ? [key.organizationId] : [],
    seesAllDemands: key.role === 'admin' || key.role === 'broker',
  };
  if (key.organizationId) viewer.organizationId = key.organizationId;
  if (key.quotaPerMinute !== undefined) viewer.quotaPerMinute = key.quotaPerMinute;
  return viewer;
}

/**
 * The viewer of the admin secret from the environment.
 *
 * @example
 * bootstrapAdminViewer() // { keyId: 'key_bootstrap_admin', role: 'admin', organizationIds: [], seesAllDemands: true }
 */
export function bootstrapAdminViewer(): Viewer {
  return viewerOf({ id: BOOTSTRAP_ADMIN_KEY_ID, role: 'admin' });
}
