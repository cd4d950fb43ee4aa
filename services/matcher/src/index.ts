export * from './matcher-service.ts';
