/**
 * Every analyzer rule, in the order they run, and the rule packs a record gets: `core/` rules
 * judge every broker alike (generator, host, JVM, lag/backlog, delivery, latency, rate);
 * `kafka/` rules read Kafka's own metrics and semantics; `rabbitmq/` rules read the RabbitMQ
 * management API and Prometheus plugin. {@link rulesFor} picks packs by the
 * record's broker kind, then drops rules whose capability the broker lacks. Ranking is
 * separate; findings that tie in rank keep the order of {@link RULES}.
 */
import type { DriverCapabilities } from '../../drivers/types.js';
import type { BrokerFacts } from '../../record/format.js';
import type { Rule } from '../types.js';
import type { HeadroomProbe } from '../headroom.js';
import { kafkaHeadroom } from './kafka/headroom.js';
import { generatorHostCpu } from './core/generator-host-cpu.js';
import { generatorProcessCpu } from './core/generator-process-cpu.js';
import { generatorEventLoop } from './core/generator-event-loop.js';
import { generatorMemory } from './core/generator-memory.js';
import { generatorSchedule } from './core/generator-schedule.js';
import { generatorDroppedSends } from './core/generator-dropped-sends.js';
import { rateNotMet } from './core/rate-not-met.js';
import { noThroughput } from './core/no-throughput.js';
import { brokerCpuRule } from './core/broker-cpu.js';
import { brokerMemory } from './core/broker-memory.js';
import { brokerNetwork } from './core/broker-network.js';
import { brokerDisk } from './core/broker-disk.js';
import { requestHandlerIdle } from './kafka/request-handler-idle.js';
import { networkProcessorIdle } from './kafka/network-processor-idle.js';
import { requestTimeBreakdown } from './kafka/request-time-breakdown.js';
import { jvmHeap } from './core/jvm-heap.js';
import { jvmGcTime } from './core/jvm-gc-time.js';
import { jvmOldGc } from './core/jvm-old-gc.js';
import { replication } from './kafka/replication.js';
import { underMinIsr } from './kafka/under-min-isr.js';
import { consumerLag } from './core/consumer-lag.js';
import { consumerTimeLag } from './core/consumer-time-lag.js';
import { consumerIdle } from './kafka/consumer-idle.js';
import { partitionSkew } from './kafka/partition-skew.js';
import { consumerProcessing } from './core/consumer-processing.js';
import { tinyBatches } from './kafka/tiny-batches.js';
import { syncRoundTrip } from './core/sync-round-trip.js';
import { producerErrors } from './core/producer-errors.js';
import { delivery } from './core/delivery.js';
import { rabbitAlarms } from './rabbitmq/alarms.js';
import { rabbitFlowControl } from './rabbitmq/flow-control.js';
import { rabbitQueueGrowing } from './rabbitmq/queue-growing.js';
import { rabbitPrefetch } from './rabbitmq/prefetch.js';
import { rabbitConfirmLatency } from './rabbitmq/confirm-latency.js';
import { rabbitHotQueue } from './rabbitmq/hot-queue.js';
import { rabbitRedeliveries } from './rabbitmq/redeliveries.js';
import { rabbitDropped } from './rabbitmq/dropped.js';
import { rabbitHeadroom } from './rabbitmq/headroom.js';

/** All rules of every pack, in run order. */
export const RULES: readonly Rule[] = [
  generatorHostCpu,
  generatorProcessCpu,
  generatorEventLoop,
  generatorMemory,
  generatorSchedule,
  generatorDroppedSends,
  noThroughput,
  rateNotMet,
  brokerCpuRule,
  brokerMemory,
  brokerNetwork,
  brokerDisk,
  rabbitAlarms,
  rabbitFlowControl,
  requestHandlerIdle,
  networkProcessorIdle,
  requestTimeBreakdown,
  jvmHeap,
  jvmGcTime,
  jvmOldGc,
  underMinIsr,
  replication,
  consumerLag,
  consumerTimeLag,
  consumerIdle,
  partitionSkew,
  rabbitQueueGrowing,
  rabbitPrefetch,
  rabbitHotQueue,
  consumerProcessing,
  tinyBatches,
  rabbitConfirmLatency,
  syncRoundTrip,
  producerErrors,
  delivery,
  rabbitRedeliveries,
  rabbitDropped,
];

/** A broker's own rules, and which records get them. */
export interface RulePack {
  readonly name: string;
  /** Whether a record of this broker gets the pack. */
  applies(broker: BrokerFacts): boolean;
  readonly rules: readonly Rule[];
  /** The pack's contribution to the healthy finding (its own headroom signals), if any. */
  readonly headroom?: HeadroomProbe;
}

/** Judged the same for every broker; the only pack of a record whose broker is unknown. */
export const CORE_PACK: RulePack = {
  name: 'core',
  applies: () => true,
  rules: [
    generatorHostCpu,
    generatorProcessCpu,
    generatorEventLoop,
    generatorMemory,
    generatorSchedule,
    generatorDroppedSends,
    noThroughput,
    rateNotMet,
    brokerCpuRule,
    brokerMemory,
    brokerNetwork,
    brokerDisk,
    jvmHeap,
    jvmGcTime,
    jvmOldGc,
    consumerLag,
    consumerTimeLag,
    consumerProcessing,
    syncRoundTrip,
    producerErrors,
    delivery,
  ],
};

/** Kafka's JMX metrics (request handlers, network processors, ISR, request times), partitions, batching and consumer groups. */
export const KAFKA_PACK: RulePack = {
  name: 'kafka',
  applies: (b) => b.kind === 'kafka',
  rules: [requestHandlerIdle, networkProcessorIdle, requestTimeBreakdown, underMinIsr, replication, consumerIdle, partitionSkew, tinyBatches],
  headroom: kafkaHeadroom,
};

/** RabbitMQ's management and Prometheus metrics: alarms, credit flow, queue depth and consumer capacity, prefetch, confirms, one-queue ceiling, redeliveries and drops. */
export const RABBITMQ_PACK: RulePack = {
  name: 'rabbitmq',
  applies: (b) => b.kind === 'rabbitmq',
  rules: [rabbitAlarms, rabbitFlowControl, rabbitQueueGrowing, rabbitPrefetch, rabbitHotQueue, rabbitConfirmLatency, rabbitRedeliveries, rabbitDropped],
  headroom: rabbitHeadroom,
};

/** Every pack, core first. */
export const RULE_PACKS: readonly RulePack[] = [CORE_PACK, KAFKA_PACK, RABBITMQ_PACK];

/**
 * Rules that mean something only where the broker has a capability, whatever pack holds them:
 * idle consumers beyond the partition count exist only where a group splits partitions among
 * its members (RabbitMQ's competing consumers on a queue are all busy); skew needs partitions.
 */
const CAPABILITY_GATES: ReadonlyMap<Rule, (c: DriverCapabilities) => boolean> = new Map([
  [consumerIdle, (c: DriverCapabilities) => c.groups === 'shared-subscription'],
  [partitionSkew, (c: DriverCapabilities) => c.partitions],
]);

/** The packs a record of `broker` gets, core first; only the core pack when the broker is unknown (null). */
export function packsFor(broker: BrokerFacts | null): RulePack[] {
  return RULE_PACKS.filter((p) => (broker ? p.applies(broker) : p === CORE_PACK));
}

/** The rules a record of `broker` gets, in {@link RULES} order; only the core pack when the broker is unknown (null). */
export function rulesFor(broker: BrokerFacts | null): Rule[] {
  const chosen = new Set(packsFor(broker).flatMap((p) => p.rules));
  return RULES.filter((r) => chosen.has(r) && (broker === null || (CAPABILITY_GATES.get(r)?.(broker.capabilities) ?? true)));
}
