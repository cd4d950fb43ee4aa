import { z } from 'zod';

/** 发明 / 实用新型 / 外观设计. */
export const PatentType = z.enum(['invention', 'utility_model', 'design']);
export type PatentType = z.infer<typeof PatentType>;

const LABELS: Record<string, PatentType> = {
  发明: 'invention',
  发明专利: 'invention',
  发明授权: 'invention',
  发明申请: 'invention',
  invention: 'invention',
  实用新型: 'utility_model',
  实用新型专利: 'utility_model',
  'utility model': 'utility_model',
  utility_model: 'utility_model',
  外观设计: 'design',
  外观设计专利: 'design',
  design: 'design',
};

/**
 * Reads a patent type label as found in exports (Chinese or English).
 *
 * @example
 * parsePatentType('实用新型') // 'utility_model'
 * parsePatentType('Design')   // 'design'
 */
export function parsePatentType(label: string): PatentType | undefined {
  return LABELS[label.trim().toLowerCase()] ?? LABELS[label.trim()];
}

/**
 * Statutory term in years: inventions 20; utility models 10; designs 10, or 15 when filed from 2021-06-01.
 *
 * @example
 * termYears('invention', '2010-02-09') // 20
 * termYears('design', '2022-01-01')    // 15
 */
export function termYears(type: PatentType, filingDate: string | undefined): number {
  if (type === 'invention') return 20;
  if (type === 'design' && filingDate !== undefined && filingDate >= '2021-06-01') return 15;
  return 10;
}
