/** RabbitMQ's clauses for the core finding texts (see {@link import('../advice.js').BrokerAdvice}). */
import type { BrokerAdvice } from '../advice.js';

/** RabbitMQ advice: publisher confirms, durable and quorum queues, prefetch, the node's memory watermark and message store. */
export const RABBITMQ_ADVICE: BrokerAdvice = {
  deliveryLoss:
    'Acknowledged messages were lost: publish with publisher confirms (acks: 1) to durable queues with persistent messages (persistent: true), use quorum queues where a node may fail, and ack manually after processing (consumers.commit: after-process).',
  noAcksCheck: 'the exchange exists and routes to a queue (driver.config.mandatory returns unroutable messages), and that no memory or disk alarm blocks publishers',
  consumerTuning: 'A prefetch too small for the round trip also starves consumers: see the prefetch finding when there is one.',
  addConsumers: 'add consumers on the group queue (they compete for its messages), or spread the load over more queues',
  processingParallel: 'give each consumer enough prefetch (driver.config.prefetch) to keep its handler busy across the round trip',
  rateUndetermined:
    'The broker was neither clearly busy nor idle: the limit may be one queue (a queue is one Erlang process), credit flow, the network (not measured here) or the producers\' unconfirmed window. Check the RabbitMQ findings, then re-run with more queues or a larger producers.maxInFlight to see which moves the rate.',
  brokerCollectors: 'the RabbitMQ management and Prometheus collectors (collect.rabbitmqManagement, collect.rabbitmqPrometheus) and nodeExporter on the broker host',
  clientLimit: 'usually the client (amqplib runs on one thread per worker; raise workers, producers and producers.maxInFlight) or one queue at its single-core ceiling.',
  memoryLow: 'Add RAM, keep vm_memory_high_watermark between 0.4 and 0.7 of it, and keep queues short so messages do not pile up in memory; make sure the host does not swap.',
  diskBusy: 'Put the message store and quorum-queue logs on faster disks, keep queues short so classic queues do not page messages to disk, or spread queues over more nodes.',
  cpuWork: 'how many queues share the node (one queue uses one core), channel churn and TLS costs',
  duplicates: 'RabbitMQ does not de-duplicate publishes: confirm before re-sending only what was nacked or timed out, and de-duplicate by message id in the consumer.',
  ordering: 'Order within a queue holds for one consumer; competing consumers, requeues and redeliveries reorder. Use one consumer per queue with prefetch 1 where order matters, or route each key to its own queue (consistent-hash exchange).',
  heapHolders: 'another JVM on the broker host: RabbitMQ itself runs on the Erlang VM',
  heapCeilingGiB: null,
  heapSizing: null,
  gcSettings: 'the Erlang VM\'s own settings (RabbitMQ has no JVM; a JVM finding here comes from another process on the broker host)',
};
