/** The Kafka rule pack: Kafka's JMX metrics (request handlers, network processors, ISR, request times), partitions, batching and consumer groups. */
import type { DriverCapabilities } from '../../../drivers/types.js';
import { rulePack, type CapabilityGate, type RulePack } from '../pack.js';
import type { Rule } from '../../types.js';
import { kafkaHeadroom } from './headroom.js';
import { requestHandlerIdle } from './request-handler-idle.js';
import { networkProcessorIdle } from './network-processor-idle.js';
import { requestTimeBreakdown } from './request-time-breakdown.js';
import { replication } from './replication.js';
import { underMinIsr } from './under-min-isr.js';
import { consumerIdle } from './consumer-idle.js';
import { partitionSkew } from './partition-skew.js';
import { tinyBatches } from './tiny-batches.js';

/**
 * Idle consumers beyond the partition count exist only where a group splits partitions among its
 * members (RabbitMQ's competing consumers on a queue are all busy); skew needs partitions.
 */
const GATES: ReadonlyMap<Rule, CapabilityGate> = new Map([
  [consumerIdle, (c: DriverCapabilities) => c.groups === 'shared-subscription'],
  [partitionSkew, (c: DriverCapabilities) => c.partitions],
]);

/** Kafka's JMX metrics (request handlers, network processors, ISR, request times), partitions, batching and consumer groups. */
export const KAFKA_PACK: RulePack = rulePack({
  name: 'kafka',
  applies: (b) => b.kind === 'kafka',
  stages: {
    broker: [requestHandlerIdle, networkProcessorIdle, requestTimeBreakdown],
    replication: [underMinIsr, replication],
    consumers: [consumerIdle, partitionSkew],
    publish: [tinyBatches],
  },
  headroom: kafkaHeadroom,
  gates: GATES,
});
