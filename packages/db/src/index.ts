export type * from './schema.ts';
export { openStorage, storageConfigFromEnv, type Storage, type StorageConfig } from './connect.ts';
export { migrateToLatest } from './migrate.ts';
export * from './testing.ts';
export * from './patents.ts';
export * from './tasks.ts';
export * from './organizations.ts';
export * from './demands.ts';
