// Profiling aid (not a suite): npx tsx scripts/eval/profile-matching.ts [out.cpuprofile]
// Profiles only the matching of 400 demands, after the world is built.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { loadSmeEvalDemands } from '@patent-bridge/datasets';
import type { Demand } from '@patent-bridge/domain';
import { buildMatchingWorld } from './matching-world.ts';

const world = await buildMatchingWorld(new Set(), console.log);
const matcher = world.matcher();
const demands: Demand[] = (await loadSmeEvalDemands()).map((d) => ({ id: d.id, enterpriseId: 'x', title: d.title, description: d.description, keywords: d.keywords, industryCode: d.industryCode, chains: d.chains, region: d.region, licenceModes: d.licenceModes, visibility: 'public', status: 'open', createdAt: '', updatedAt: '' }));
const titles = [...world.patents.values()].slice(0, 300).map((p, i): Demand => ({ id: `t${i}`, enterpriseId: 'x', title: p.title, description: '', keywords: [], chains: [], region: {}, licenceModes: [], visibility: 'public', status: 'open', createdAt: '', updatedAt: '' }));
for (const d of [...demands, ...titles].slice(0, 50)) await matcher.matchDemand(d, { limit: 20 });
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.start');
const started = performance.now();
const all = [...demands, ...titles];
for (const d of all) await matcher.matchDemand(d, { limit: 20 });
console.log(`${all.length} demands in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const { profile } = await session.post('Profiler.stop');
writeFileSync(process.argv[2] ?? 'matching.cpuprofile', JSON.stringify(profile));
process.exit(0);
