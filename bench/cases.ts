/**
 * Extra benchmark cases registered by other modules (collector overhead, verification cost, RabbitMQ against PerfTest, Artemis against `artemis perf client`, RocketMQ against its benchmark Producer/Consumer, 2 execution segments merged against 1 process).
 * Each returns rows in the same shape as the throughput cases: mqload with a feature vs without.
 */
import type { BenchCase } from './run.js';
import { collectorsCase } from './collectors-case.js';
import { verifyCase } from './verify-case.js';
import { rabbitmqCase } from './rabbitmq-cases.js';
import { artemisCase } from './artemis-cases.js';
import { rocketmqCase } from './rocketmq-cases.js';
import { segmentsCase } from './segments-case.js';

export interface ExtraCase {
  name: string;
  run(bootstrap: string): Promise<BenchCase[]>;
}

export const extraCases: ExtraCase[] = [];
extraCases.push(verifyCase);
extraCases.push(collectorsCase);
extraCases.push(rabbitmqCase);
extraCases.push(artemisCase);
extraCases.push(rocketmqCase);
extraCases.push(segmentsCase);
