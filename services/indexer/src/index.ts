export { IndexerService, type IndexerServiceOptions } from './indexer-service.ts';
