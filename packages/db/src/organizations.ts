import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { inferOrganizationKind, inferRegion, type Organization, type OrganizationKind } from '@patent-bridge/domain';
import type { Database } from './schema.ts';

/**
 * The key two spellings of one organisation share: no spaces or brackets, lower case.
 * Callers pass Simplified names, so 國立臺灣大學 and 国立台湾大学 meet.
 *
 * @example
 * organizationNameKey('北京理工大学 ') // '北京理工大学'
 */
export function organizationNameKey(name: string): string {
  return name.replace(/[\s\u3000()（）]/g, '').toLowerCase();
}

/**
 * Stable organisation id derived from its name key, so re-imports into a fresh database give the same ids.
 *
 * @example
 * organizationId('北京理工大学') // 'org_…' (always the same)
 */
export function organizationId(name: string): string {
  return `org_${createHash('sha1').update(organizationNameKey(name)).digest('hex').slice(0, 16)}`;
}

/**
 * Makes sure an organisation exists for every name (kind and region inferred from the name)
 * and returns name → id.
 *
 * @example
 * const ids = await ensureOrganizations(db, ['北京理工大学', '张三']);
 */
export async function ensureOrganizations(db: Kysely<Database>, names: Iterable<string>): Promise<Map<string, string>> {
  const byKey = new Map<string, string>();
  for (const name of names) {
    const key = organizationNameKey(name);
    if (key && !byKey.has(key)) byKey.set(key, name.trim());
  }
  const ids = new Map<string, string>();
  const rows = [...byKey.entries()].map(([key, name]) => ({
    id: organizationId(name),
    kind: inferOrganizationKind(name),
    name,
    name_key: key,
    aliases: [] as string[],
    region: JSON.stringify(inferRegion(name)),
    credit_code: null,
  }));
  for (let i = 0; i < rows.length; i += 1000) {
    await db.insertInto('organizations').values(rows.slice(i, i + 1000)).onConflict((oc) => oc.column('name_key').doNothing()).execute();
  }
  for (const row of rows) ids.set(row.name, row.id);
  return ids;
}

/**
 * Creates or updates an organisation explicitly (for partner platforms and admins).
 *
 * @example
 * await saveOrganization(db, { name: '泉城科技有限公司', kind: 'enterprise', aliases: [], region: { city: '济南' } });
 */
export async function saveOrganization(
  db: Kysely<Database>,
  input: { name: string; kind?: OrganizationKind; aliases?: string[]; region?: Organization['region']; creditCode?: string },
): Promise<Organization> {
  const id = organizationId(input.name);
  const kind = input.kind ?? inferOrganizationKind(input.name);
  const region = input.region ?? inferRegion(input.name);
  await db
    .insertInto('organizations')
    .values({ id, kind, name: input.name.trim(), name_key: organizationNameKey(input.name), aliases: input.aliases ?? [], region: JSON.stringify(region), credit_code: input.creditCode ?? null })
    .onConflict((oc) => oc.column('name_key').doUpdateSet({ kind, aliases: input.aliases ?? [], region: JSON.stringify(region), credit_code: input.creditCode ?? null }))
    .execute();
  return (await getOrganization(db, id))!;
}

/**
 * Reads one organisation.
 *
 * @example
 * await getOrganization(db, 'org_…')
 */
export async function getOrganization(db: Kysely<Database>, id: string): Promise<Organization | undefined> {
  const row = await db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const org: Organization = { id: row.id, kind: row.kind as OrganizationKind, name: row.name, aliases: row.aliases, region: row.region };
  if (row.credit_code) org.creditCode = row.credit_code;
  return org;
}

/**
 * Names of organisations by id; unknown ids are left out.
 *
 * @example
 * (await organizationNames(db, ['org_1a2b'])).get('org_1a2b') // '山东农业大学'
 */
export async function organizationNames(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (let i = 0; i < ids.length; i += 5_000) {
    const rows = await db.selectFrom('organizations').select(['id', 'name']).where('id', 'in', ids.slice(i, i + 5_000)).execute();
    for (const r of rows) names.set(r.id, r.name);
  }
  return names;
}
