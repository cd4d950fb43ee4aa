/**
 * The contract against a real Meilisearch server. Meilisearch cannot be installed on the
 * development machines (no Debian or npm package ships it), so this runs only where `MEILI_URL`
 * points at a server (`MEILI_KEY` when it needs a key). Each engine gets its own index
 * (`pb_contract_<run>_<n>`), deleted after the file's tests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { Meilisearch } from 'meilisearch';
import { createMeilisearchEngine } from '../../src/index.ts';
import { describeSearchEngineContract } from './search-engine-contract.ts';

const url = process.env.MEILI_URL;
const apiKey = process.env.MEILI_KEY || undefined;

if (url) {
  const run = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const created: string[] = [];
  let next = 0;

  describeSearchEngineContract(`meilisearch at ${url}`, async () => {
    const indexUid = `pb_contract_${run}_${++next}`;
    created.push(indexUid);
    return createMeilisearchEngine({ url, ...(apiKey ? { apiKey } : {}), indexUid, taskTimeoutMs: 60_000 });
  });

  afterAll(async () => {
    const client = new Meilisearch({ host: url, ...(apiKey ? { apiKey } : {}) });
    await Promise.all(created.map((uid) => client.deleteIndexIfExists(uid)));
  });
} else {
  describe.skip('SearchEngine contract: meilisearch (skipped: MEILI_URL is not set; Meilisearch cannot be installed here, run a server and set MEILI_URL[, MEILI_KEY])', () => {
    it('needs a Meilisearch server', () => {});
  });
}
