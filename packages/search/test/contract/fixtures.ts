/**
 * The fixed corpus of the contract suite: seven patents and three demands, written for these
 * tests (Chinese, English and mixed text), with hand-made 8-dimensional vectors whose axes are
 * topics, so that the semantic order of a query is known by construction:
 *
 *   0 energy/battery · 1 materials · 2 tea/food · 3 farm machinery · 4 medicine · 5 AI · 6 water · 7 shared
 *
 * Every patent's `extra` holds the English word `patent`; demands never do.
 */
import type { Facet, SearchDocument } from '../../src/documents.ts';

export const EMBEDDER_VERSION = 'contract-embedder@1';
export const OTHER_EMBEDDER_VERSION = 'contract-embedder@2';
export const DIMENSIONS = 8;

type Fixture = SearchDocument & { vector: number[] };

export const FIXTURES: Fixture[] = [
  {
    id: 'pt_battery', kind: 'patent', title: '一种锂离子电池正极材料及其制备方法',
    body: '本发明公开了一种锂离子电池正极材料，采用石墨烯包覆提高导电性。A graphene-coated cathode for lithium-ion batteries.',
    extra: 'patent 正极 cathode 山东大学', ipc: ['H01M 4/13', 'H01M 10/0525'], chains: ['new-energy'],
    ownerIds: ['org_univ_sd'], ownerKinds: ['university'], legalStatus: 'granted', type: 'invention', openLicence: true,
    filingYear: 2019, regions: ['山东', '济南'], visibility: 'public', screeningScore: 0.82, revision: 1,
    vector: [1, 0.25, 0, 0, 0, 0, 0, 0.1],
  },
  {
    id: 'pt_graphene', kind: 'patent', title: '石墨烯复合导热膜的制备方法',
    body: '本发明涉及一种导热膜，由石墨烯与聚酰亚胺复合而成，导热系数高。',
    extra: 'patent thermal film 浙江大学', ipc: ['C01B 32/184'], chains: ['new-materials'],
    ownerIds: ['org_univ_zj'], ownerKinds: ['university'], legalStatus: 'granted', type: 'invention', openLicence: false,
    filingYear: 2017, regions: ['浙江', '杭州'], visibility: 'public', screeningScore: 0.67, revision: 1,
    vector: [0.3, 1, 0, 0, 0, 0, 0, 0.1],
  },
  {
    id: 'pt_tea', kind: 'patent', title: '一种茶叶杀青机',
    body: '本实用新型涉及茶叶加工机械，滚筒杀青，温度可控。',
    extra: 'patent tea processing 福建农林大学', ipc: ['A23F 3/06'], chains: ['modern-agriculture-food'],
    ownerIds: ['org_univ_fj'], ownerKinds: ['university'], legalStatus: 'granted', type: 'utility_model', openLicence: true,
    filingYear: 2021, regions: ['福建', '福州'], visibility: 'public', screeningScore: 0.55, revision: 1,
    vector: [-0.2, 0, 1, 0.3, 0, 0, 0, 0.1],
  },
  {
    id: 'pt_plough', kind: 'patent', title: '一种深松犁',
    body: '一种用于深松整地的农业机械，减少牵引阻力。',
    extra: 'patent subsoiler 山东农业大学', ipc: ['A01B 49/02'], chains: ['modern-agriculture-food'],
    ownerIds: ['org_univ_sdau'], ownerKinds: ['university'], legalStatus: 'lapsed', type: 'utility_model', openLicence: false,
    filingYear: 2015, regions: ['山东', '泰安'], visibility: 'public', screeningScore: 0.31, revision: 1,
    vector: [-0.1, 0, 0.3, 1, 0, 0, 0, 0.1],
  },
  {
    id: 'pt_imaging', kind: 'patent', title: 'Deep learning 医学影像分割方法',
    body: 'A deep learning method segments lesions in CT images，基于卷积神经网络。',
    extra: 'patent medical imaging 北京理工大学', ipc: ['G06T 7/00', 'A61B 6/03'], chains: ['biomedicine', 'ai'],
    ownerIds: ['org_univ_bit', 'org_hosp_1'], ownerKinds: ['university', 'hospital'], legalStatus: 'pending', type: 'invention', openLicence: true,
    filingYear: 2022, regions: ['北京'], visibility: 'public', screeningScore: 0.74, revision: 1,
    vector: [0.05, 0, 0, 0, 0.8, 0.7, 0, 0.1],
  },
  {
    id: 'pt_membrane', kind: 'patent', title: 'Reverse osmosis membrane for seawater desalination',
    body: 'A composite membrane with a polyamide layer for water treatment. 反渗透膜。',
    extra: 'patent water 天津大学', ipc: ['C02F 1/44', 'B01D 61/02'], chains: ['environment'],
    ownerIds: ['org_univ_tj'], ownerKinds: ['university'], legalStatus: 'granted', type: 'invention', openLicence: false,
    filingYear: 2018, regions: ['天津'], visibility: 'public', screeningScore: 0.6, revision: 1,
    vector: [0.02, 0.2, 0, 0, 0, 0, 1, 0.1],
  },
  {
    id: 'pt_electrolyte', kind: 'patent', title: '固态电解质及锂电池',
    body: '一种硫化物固态电解质，提高电池安全性。',
    extra: 'patent solid electrolyte 中国科学院', ipc: ['H01M 10/052'], chains: ['new-energy'],
    ownerIds: ['org_inst_cas'], ownerKinds: ['institute'], legalStatus: 'granted', type: 'invention', openLicence: true,
    filingYear: 2020, regions: ['山东', '青岛'], visibility: 'public', screeningScore: 0.9, revision: 1,
    vector: [0.9, 0.3, 0, 0, 0, 0, 0.3, 0.1],
  },
  {
    id: 'dm_tea', kind: 'demand', title: '寻求茶叶深加工技术',
    body: '我公司需要茶叶提取与深加工技术，希望与高校合作。',
    extra: '茶多酚 extraction', ipc: [], chains: ['modern-agriculture-food'],
    ownerIds: ['org_sme_tea'], ownerKinds: ['enterprise'], openLicence: false,
    regions: ['福建', '泉州'], visibility: 'public', revision: 1,
    vector: [-0.3, 0, 0.9, 0, 0.1, 0, 0, 0.1],
  },
  {
    id: 'dm_battery', kind: 'demand', title: '需要动力电池回收技术',
    body: '寻找退役动力电池回收与梯次利用方案，石墨烯负极材料再生。Battery recycling with membrane separation.',
    extra: '电池回收 recycling', ipc: [], chains: ['new-energy'],
    ownerIds: ['org_sme_x'], ownerKinds: ['enterprise'], openLicence: false,
    regions: ['山东', '青岛'], visibility: 'private', revision: 1,
    vector: [0.95, 0.2, 0, 0, 0, 0, 0.1, 0.1],
  },
  {
    id: 'dm_water', kind: 'demand', title: 'Looking for membrane water treatment',
    body: 'We need a membrane process for industrial wastewater. 膜分离，石墨烯滤膜。',
    extra: 'wastewater', ipc: [], chains: ['environment'],
    ownerIds: ['org_sme_y'], ownerKinds: ['enterprise'], openLicence: true,
    regions: ['天津'], visibility: 'private', revision: 1,
    vector: [0.01, 0.1, 0, 0, 0, 0, 1, 0],
  },
  {
    id: 'dm_ai', kind: 'demand', title: '需要医学影像 AI 算法',
    body: 'Seeking deep learning models for 医学影像 diagnosis.',
    extra: 'AI imaging', ipc: [], chains: ['ai'],
    ownerIds: ['org_sme_y'], ownerKinds: ['enterprise'], openLicence: false,
    regions: ['北京'], visibility: 'public', revision: 1,
    vector: [0, 0, 0, 0, 0.7, 0.8, 0, 0],
  },
];

export const PATENT_IDS = FIXTURES.filter((d) => d.kind === 'patent').map((d) => d.id);
export const PUBLIC_IDS = FIXTURES.filter((d) => d.visibility === 'public').map((d) => d.id);
export const PRIVATE_IDS = FIXTURES.filter((d) => d.visibility === 'private').map((d) => d.id);
export const ALL_IDS = FIXTURES.map((d) => d.id);

/** A query vector on the energy/battery axis. */
export const BATTERY_QUERY = new Float32Array([1, 0, 0, 0, 0, 0, 0, 0]);

export function documents(ids: readonly string[] = ALL_IDS): SearchDocument[] {
  return ids.map((id) => {
    const { vector: _vector, ...doc } = fixture(id);
    return structuredClone(doc);
  });
}

export function vectors(ids: readonly string[] = ALL_IDS): Float32Array[] {
  return ids.map((id) => new Float32Array(fixture(id).vector));
}

export function fixture(id: string): Fixture {
  const found = FIXTURES.find((d) => d.id === id);
  if (!found) throw new Error(`no fixture ${id}`);
  return found;
}

export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return dot / Math.sqrt(na * nb);
}

/** Ids of the given documents ordered by cosine similarity to `query`, best first. */
export function semanticOrder(query: Float32Array, ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => cosine(query, fixture(b).vector) - cosine(query, fixture(a).vector));
}

/** The facet values of a document, as the interface defines them. */
function facetValues(doc: SearchDocument, facet: Facet): string[] {
  switch (facet) {
    case 'chain': return doc.chains;
    case 'ipcClass': return [...new Set(doc.ipc.map((c) => c.slice(0, 3)))];
    case 'ipcSubclass': return [...new Set(doc.ipc.map((c) => c.slice(0, 4)))];
    case 'legalStatus': return doc.legalStatus === undefined ? [] : [doc.legalStatus];
    case 'type': return doc.type === undefined ? [] : [doc.type];
    case 'ownerKind': return doc.ownerKinds;
    case 'openLicence': return [String(doc.openLicence)];
    case 'filingYear': return doc.filingYear === undefined ? [] : [String(doc.filingYear)];
    case 'region': return doc.regions;
  }
}

/** Expected facet counts over a set of fixture documents. */
export function expectedFacets(ids: readonly string[], facets: readonly Facet[]): Partial<Record<Facet, Record<string, number>>> {
  const result: Partial<Record<Facet, Record<string, number>>> = {};
  for (const facet of facets) {
    const counts: Record<string, number> = {};
    for (const id of ids) for (const value of new Set(facetValues(fixture(id), facet))) counts[value] = (counts[value] ?? 0) + 1;
    result[facet] = counts;
  }
  return result;
}
