import type { Kysely } from 'kysely';
import type { Database } from '@patent-bridge/db';
import type { ChainCatalogue, Demand, Match, Patent } from '@patent-bridge/domain';
import { embeddingText, patentSummary, type PatentSummary, type SearchViewer } from '@patent-bridge/search';
import { tokenizeForIndex } from '@patent-bridge/text';
import type { MatchingConfig } from './config.ts';
import { demandProfile, withCandidateHints, type DemandProfile, type IndustryLinks, type ProfileContext } from './demand-profile.ts';
import { explainMatch } from './explanation.ts';
import { cosine, feedbackFeature, feedbackOf, type DemandFeedback } from './feedback.ts';
import { loadEnglishIpcTerms } from './english-ipc.ts';
import { industryLinksOf, loadIndustryBridge } from './industry-bridge.ts';
import { scorePair, type ScoredPair } from './pair-score.ts';
import type { MatchingSource } from './source.ts';

/** A match with the patent it points to, as the demand's owner sees it. */
export interface PatentMatch extends Match {
  patent: PatentSummary;
}

/** A match with the demand it points to, as a patent's owner or a broker sees it. */
export interface DemandMatch extends Match {
  demand: Pick<Demand, 'id' | 'title' | 'enterpriseId' | 'industryCode' | 'chains' | 'region' | 'visibility'>;
  enterprise: { id: string; name?: string };
}

export interface MatcherOptions {
  config: MatchingConfig;
  catalogue: ChainCatalogue;
  /** GB/T 4754 → IPC links; the committed bridge (`config/industry-ipc-bridge.json`) by default. */
  industries?: IndustryLinks;
  /** The day remaining terms are counted from (tests pin it). */
  today?: () => Date;
}

const MAX_CLAIMS = 1500;
const TOP_FOR_HINTS = 20;

/**
 * Ranks licensing candidates in both directions with one set of features: demand → patents
 * (hybrid-search candidates, re-ranked) and patent → demands (the same pair scores, grouped by
 * enterprise). Every match carries its score, breakdown, explanation and weights version.
 */
export class Matcher {
  readonly #source: MatchingSource;
  readonly #db: Kysely<Database>;
  readonly #options: MatcherOptions;
  readonly #patentTerms = new Map<string, { updatedAt: string; terms: Set<string> }>();

  constructor(source: MatchingSource, db: Kysely<Database>, options: MatcherOptions) {
    this.#source = source;
    this.#db = db;
    this.#options = { ...options, industries: options.industries ?? industryLinksOf(loadIndustryBridge()) };
    this.#profiles = { catalogue: options.catalogue, industries: this.#options.industries, english: loadEnglishIpcTerms() };
  }

  readonly #profiles: ProfileContext;

  get config(): MatchingConfig {
    return this.#options.config;
  }

  /**
   * The patents that answer a demand, best first. Patents the demand dismissed are left out and
   * patents like them demoted (`feedback` may be passed when the caller read it already, as the
   * batch job does). Throws `DemandWithoutTextError` for a demand with no usable text.
   *
   * @example
   * const matches = await matcher.matchDemand(demand, { limit: 10 });
   * matches[0] // { patentId, score, rank: 1, features: [...], explanation: '需求"…"与专利名称中的"…"匹配；…', patent: {...} }
   */
  async matchDemand(demand: Demand, options: { limit?: number; feedback?: DemandFeedback } = {}): Promise<PatentMatch[]> {
    const { config } = this.#options;
    const limit = options.limit ?? config.topK;
    const profile = demandProfile(demand, this.#profiles);
    const [vector] = await this.#source.embed([this.#demandEmbeddingText(demand, profile)]);
    const retrieved = await this.#source.retrieve({ q: profile.queryText, vector: vector!, filters: { kind: 'patent' }, limit: config.candidates });
    const feedback = options.feedback ?? (await feedbackOf(this.#db, [demand.id])).get(demand.id) ?? { dismissed: new Set<string>(), interested: new Set<string>() };
    const ids = retrieved.map((r) => r.id).filter((id) => !feedback.dismissed.has(id));
    const patents = await this.#source.patents(ids);
    const owners = await this.#source.owners([...patents.values()].flatMap((p) => p.ownerOrganizationIds));
    const hinted: DemandProfile = {
      ...profile,
      hints: withCandidateHints(profile.hints, ids.slice(0, TOP_FOR_HINTS).map((id) => patents.get(id)?.ipcCodes ?? []), config.candidateHintStrength),
    };
    const marked = await this.#markedVectors(feedback);
    const cosines = new Map(retrieved.filter((r) => r.cosine !== undefined).map((r) => [r.id, r.cosine!]));
    const bm25 = new Map(retrieved.map((r) => [r.id, r.keywordScore ?? 0]));
    const scored: ScoredPair[] = [];
    for (const id of ids) {
      const patent = patents.get(id);
      if (!patent) continue;
      const patentVector = marked.any || !cosines.has(id) ? await this.#source.vectorOf(id) : undefined;
      const similarity = cosines.get(id) ?? (patentVector ? cosine(vector!, patentVector) : undefined);
      scored.push(
        scorePair(
          {
            profile: hinted,
            patent,
            owners: patent.ownerOrganizationIds.flatMap((o) => owners.get(o) ?? []),
            cosine: similarity,
            bm25: bm25.get(id),
            patentTerms: this.#termsOf(patent),
            feedback: feedbackFeature(patentVector, marked, this.#options.config.feedback.similarityThreshold, feedback.interested.has(id)),
          },
          this.#context(),
        ),
      );
    }
    scored.sort((a, b) => b.score - a.score || (a.patentId < b.patentId ? -1 : 1));
    const computedAt = new Date().toISOString();
    return scored.slice(0, limit).map((pair, i) => {
      const patent = patents.get(pair.patentId)!;
      return { ...this.#match(demand.id, pair, i + 1, hinted, patent, computedAt), patent: patentSummary(patent) };
    });
  }

  /**
   * The demands (and so the enterprises) a patent answers, best first, with the same features and
   * explanations as the forward direction. Only demands the viewer may see are considered.
   *
   * @example
   * const matches = await matcher.matchPatent(patent, { organizationIds: ['org_…'], seesAllDemands: false }, { limit: 20 })
   */
  async matchPatent(patent: Patent, viewer: SearchViewer, options: { limit?: number; alsoDemandIds?: readonly string[] } = {}): Promise<DemandMatch[]> {
    const { config } = this.#options;
    const limit = options.limit ?? config.topK;
    const vector = (await this.#source.vectorOf(patent.id)) ?? (await this.#source.embed([`${patent.title} ${patent.title} ${(patent.abstract ?? '').slice(0, 1000)}`]))[0]!;
    const q = `${patent.title} ${(patent.abstract ?? '').slice(0, 300)}`;
    const retrieved = await this.#source.retrieve({ q, vector, filters: { kind: 'demand', visibleTo: { ownerIds: viewer.organizationIds, all: viewer.seesAllDemands } }, limit: config.candidates });
    const ids = [...new Set([...retrieved.map((r) => r.id), ...(options.alsoDemandIds ?? [])])];
    const demands = await this.#source.demands(ids);
    const visible = [...demands.values()].filter(
      (d) => d.status === 'open' && (d.visibility === 'public' || viewer.seesAllDemands || viewer.organizationIds.includes(d.enterpriseId)),
    );
    const feedback = await feedbackOf(this.#db, visible.map((d) => d.id));
    const owners = await this.#source.owners([...patent.ownerOrganizationIds, ...visible.map((d) => d.enterpriseId)]);
    const patentOwners = patent.ownerOrganizationIds.flatMap((o) => owners.get(o) ?? []);
    const cosines = new Map(retrieved.filter((r) => r.cosine !== undefined).map((r) => [r.id, r.cosine!]));
    const bm25 = new Map(retrieved.filter((r) => r.keywordScore !== undefined).map((r) => [r.id, r.keywordScore!]));
    const computedAt = new Date().toISOString();
    const results: Array<{ pair: ScoredPair; demand: Demand; profile: DemandProfile }> = [];
    for (const demand of visible) {
      const marks = feedback.get(demand.id);
      if (marks?.dismissed.has(patent.id)) continue;
      let profile: DemandProfile;
      try {
        profile = demandProfile(demand, this.#profiles);
      } catch {
        continue;
      }
      let similarity = cosines.get(demand.id);
      if (similarity === undefined) {
        const demandVector = await this.#source.vectorOf(demand.id);
        if (demandVector) similarity = cosine(vector, demandVector);
      }
      const marked = marks ? await this.#markedVectors(marks) : { dismissed: [], interested: [], any: false };
      const pair = scorePair(
        {
          profile,
          patent,
          owners: patentOwners,
          cosine: similarity,
          bm25: bm25.get(demand.id),
          patentTerms: this.#termsOf(patent),
          feedback: feedbackFeature(marked.any ? vector : undefined, marked, config.feedback.similarityThreshold, marks?.interested.has(patent.id) ?? false),
        },
        this.#context(),
      );
      results.push({ pair, demand, profile });
    }
    results.sort((a, b) => b.pair.score - a.pair.score || (a.demand.id < b.demand.id ? -1 : 1));
    return results.slice(0, limit).map(({ pair, demand, profile }, i) => {
      const enterprise = owners.get(demand.enterpriseId);
      return {
        ...this.#match(demand.id, pair, i + 1, profile, patent, computedAt),
        demand: { id: demand.id, title: demand.title, enterpriseId: demand.enterpriseId, industryCode: demand.industryCode, chains: demand.chains, region: demand.region, visibility: demand.visibility },
        enterprise: enterprise ? { id: enterprise.id, name: enterprise.name } : { id: demand.enterpriseId },
      };
    });
  }

  #match(demandId: string, pair: ScoredPair, rank: number, profile: DemandProfile, patent: Patent, computedAt: string): Match {
    return {
      demandId,
      patentId: pair.patentId,
      score: pair.score,
      rank,
      features: pair.features,
      explanation: explainMatch(profile.searchableText, patent, pair.matchedTerms, pair.reasons),
      matchedTerms: pair.matchedTerms,
      weightsVersion: this.#options.config.version,
      computedAt,
    };
  }

  #context() {
    return { config: this.#options.config, catalogue: this.#options.catalogue, today: this.#options.today?.() ?? new Date() };
  }

  #demandEmbeddingText(demand: Demand, profile: DemandProfile): string {
    // An English demand is embedded through its Chinese terms: the embedder knows the patents' words.
    if (profile.translatedTerms.length > 0) return profile.translatedTerms.join(' ');
    return embeddingText({ id: demand.id, kind: 'demand', title: demand.title, body: demand.description, extra: demand.keywords.join(' '), ipc: [], chains: [], ownerIds: [], ownerKinds: [], openLicence: false, regions: [], visibility: demand.visibility, revision: 1 });
  }

  async #markedVectors(feedback: DemandFeedback): Promise<{ dismissed: Float32Array[]; interested: Float32Array[]; any: boolean }> {
    const load = async (ids: Set<string>) => (await Promise.all([...ids].map((id) => this.#source.vectorOf(id)))).filter((v): v is Float32Array => v !== undefined);
    const dismissed = await load(feedback.dismissed);
    const interested = await load(feedback.interested);
    return { dismissed, interested, any: dismissed.length + interested.length > 0 };
  }

  #termsOf(patent: Patent): Set<string> {
    const known = this.#patentTerms.get(patent.id);
    if (known && known.updatedAt === patent.updatedAt) return known.terms;
    const terms = new Set(tokenizeForIndex(`${patent.title} ${patent.abstract ?? ''} ${(patent.claims ?? '').slice(0, MAX_CLAIMS)}`));
    if (this.#patentTerms.size >= 100_000) this.#patentTerms.clear();
    this.#patentTerms.set(patent.id, { updatedAt: patent.updatedAt, terms });
    return terms;
  }
}
