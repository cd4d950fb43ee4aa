import { InProcessQueue } from '../../src/index.ts';
import { describeJobQueueContract } from './job-queue-contract.ts';

describeJobQueueContract('InProcessQueue', async () => ({ queue: new InProcessQueue() }));
