/** The contract against the embedded in-process engine (the default engine), as the package exports it. */
import { EmbeddedSearchEngine } from '../../src/index.ts';
import { describeSearchEngineContract } from './search-engine-contract.ts';

describeSearchEngineContract('embedded', async () => new EmbeddedSearchEngine());
