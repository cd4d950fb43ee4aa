export * from './planning/index.ts';
export * from './exports/index.ts';
export * from './meetings/index.ts';
export * from './events/index.ts';
