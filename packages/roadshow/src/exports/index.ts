export * from './event-info.ts';
export * from './ics.ts';
export * from './csv.ts';
export * from './html.ts';
