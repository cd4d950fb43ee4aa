export * from './roadshow-service.ts';
