import type { Role, Viewer } from '../roles.ts';

/** Requests per minute a key of each role may make unless the key has its own quota; `null` is unlimited. */
export type RoleQuotas = Record<Role, number | null>;

export const DEFAULT_ROLE_QUOTAS: Readonly<RoleQuotas> = {
  admin: null,
  university: 600,
  enterprise: 600,
  broker: 600,
  partner: 120,
};

/**
 * A viewer's quota per window: its key's own, else its role's; `undefined` when unlimited.
 *
 * @example
 * quotaFor({ role: 'partner' })                      // 120
 * quotaFor({ role: 'partner', quotaPerMinute: 1000 }) // 1000
 * quotaFor({ role: 'admin' })                        // undefined
 */
export function quotaFor(viewer: Pick<Viewer, 'role' | 'quotaPerMinute'>, quotas: Partial<RoleQuotas> = {}): number | undefined {
  if (viewer.quotaPerMinute !== undefined) return viewer.quotaPerMinute;
  const quota = viewer.role in quotas ? quotas[viewer.role] : DEFAULT_ROLE_QUOTAS[viewer.role];
  return quota ?? undefined;
}
