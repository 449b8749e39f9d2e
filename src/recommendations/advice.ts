/**
 * The broker-specific clauses of the core finding texts. A core text (delivery loss, lag,
 * processing, rate, healthy, broker host) says what is wrong in neutral words and takes the
 * knob to turn from the advice of the record's broker kind: Kafka's acks, partitions and fetch
 * settings, RabbitMQ's publisher confirms, queues and prefetch. A record of unknown kind reads
 * as Kafka, as records written before `broker.json` do.
 */
import type { BrokerKind } from '../drivers/types.js';
import { KAFKA_ADVICE } from './kafka/advice.js';
import { RABBITMQ_ADVICE } from './rabbitmq/advice.js';
import { ARTEMIS_ADVICE } from './artemis/advice.js';
import { ROCKETMQ_ADVICE } from './rocketmq/advice.js';
import { ACTIVEMQ_ADVICE } from './activemq/advice.js';

/** A broker's own clauses for the core texts; each is one or more whole sentences unless noted. */
export interface BrokerAdvice {
  /** delivery-loss: how to stop losing acknowledged messages. */
  readonly deliveryLoss: string;
  /** no-acks: what to check when nothing was acknowledged (a phrase after "Check that"). */
  readonly noAcksCheck: string;
  /** consumer-lag-growing: consumer tuning besides adding consumers. */
  readonly consumerTuning: string;
  /** consumer-lag-growing, consumer-processing-bound: how to scale consumers when the count needed is unknown (a phrase that may start a sentence). */
  readonly addConsumers: string;
  /** consumer-processing-bound: how else to get more work done per consumer (a phrase after ", or"). */
  readonly processingParallel: string;
  /** rate-not-met with the broker neither busy nor idle: what else may be the limit. */
  readonly rateUndetermined: string;
  /** Collectors that tell which side limited the rate (a phrase after "Enable"). */
  readonly brokerCollectors: string;
  /** limit-unidentified: the usual unmeasured limit. */
  readonly clientLimit: string;
  /** broker-memory-low: what to change on the broker. */
  readonly memoryLow: string;
  /** broker-disk-busy: what to change on the broker. */
  readonly diskBusy: string;
  /** broker-cpu-high: broker work worth checking (a phrase after "check"). */
  readonly cpuWork: string;
  /** delivery-duplicates: how to stop the producer writing a message twice. */
  readonly duplicates: string;
  /** delivery-reordering: what keeps order within a key. */
  readonly ordering: string;
  /** jvm-heap-pressure: what usually holds the broker's heap (a phrase inside parentheses after "find what holds memory"). */
  readonly heapHolders: string;
  /** jvm-heap-pressure: the heap beyond which this broker rarely gains (GiB), or null when it has no such rule of thumb. */
  readonly heapCeilingGiB: number | null;
  /** jvm-heap-pressure: how this broker's heap is sized against its other memory (one or more sentences), or null when the neutral text says it all. */
  readonly heapSizing: string | null;
  /** jvm-gc-time, jvm-old-gc: the collector settings this broker's documentation recommends (a phrase after "use"). */
  readonly gcSettings: string;
}

/** Advice by broker kind. */
export const BROKER_ADVICE: { readonly [K in BrokerKind]: BrokerAdvice } = {
  kafka: KAFKA_ADVICE,
  rabbitmq: RABBITMQ_ADVICE,
  artemis: ARTEMIS_ADVICE,
  rocketmq: ROCKETMQ_ADVICE,
  activemq: ACTIVEMQ_ADVICE,
};

/** The advice for a record's broker kind (Kafka when unknown). */
export function adviceFor(kind: BrokerKind | null): BrokerAdvice {
  return BROKER_ADVICE[kind ?? 'kafka'];
}
