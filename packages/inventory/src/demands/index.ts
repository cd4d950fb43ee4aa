/**
 * SME demand import: demand sheets (CSV, XLSX, JSON Lines) read by the inventory readers with the
 * demand headers, validated row by row, and upserted idempotently as a `demand_import` task.
 */
export * from './fields.ts';
export * from './values.ts';
export * from './draft.ts';
export * from './validate.ts';
export * from './upsert.ts';
export * from './run.ts';
export * from './tasks.ts';
