import type { Kysely } from 'kysely';
import { createDemand, saveOrganization, type Database } from '@patent-bridge/db';
import { loadSampleDemands } from '@patent-bridge/datasets';
import { DemandInput } from '@patent-bridge/domain';

/**
 * Stores the project's sample demands (fictitious, written by the project) and their fictitious
 * enterprises, so a fresh `pnpm start` has demands to match. Does nothing when demands exist.
 *
 * @example
 * await loadSampleDemandsIfEmpty(db) // 20
 */
export async function loadSampleDemandsIfEmpty(db: Kysely<Database>): Promise<number> {
  const { n } = await db.selectFrom('demands').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  if (Number(n) > 0) return 0;
  let created = 0;
  for (const sample of await loadSampleDemands()) {
    const region = { ...(sample.region?.province ? { province: sample.region.province } : {}), ...(sample.region?.city ? { city: sample.region.city } : {}) };
    const enterprise = await saveOrganization(db, { name: sample.enterpriseName, kind: 'enterprise', region });
    const { writtenBy: _writtenBy, note: _note, id, enterpriseName: _name, line: _line, source: _source, ...fields } = sample as unknown as Record<string, unknown>;
    await createDemand(db, DemandInput.parse({ ...fields, region, enterpriseId: enterprise.id }), String(id));
    created++;
  }
  return created;
}
