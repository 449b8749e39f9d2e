/** Apache Artemis's clauses for the core finding texts (see {@link import('../advice.js').BrokerAdvice}). */
import type { BrokerAdvice } from '../advice.js';

/** Artemis advice: accepted dispositions, durable messages and queues, credit windows, address memory and paging, the journal. */
export const ARTEMIS_ADVICE: BrokerAdvice = {
  deliveryLoss:
    'Acknowledged messages were lost: send unsettled and wait for the accepted disposition (mode sync or async, not oneway), make messages durable (topics[].persistent: true) on durable queues, and accept after processing (consumers.commit: after-process).',
  noAcksCheck: 'the address and its queues exist (mqload creates them through Jolokia), the user may send to them, and the address is not blocked by its address-full-policy (BLOCK or FAIL)',
  consumerTuning: 'A credit window too small for the round trip also starves consumers: raise driver.config.prefetch.',
  addConsumers: 'add consumers on the group queue (they compete for its messages), or spread the load over more queues',
  processingParallel: 'give each consumer a larger credit window (driver.config.prefetch) so its handler never waits for the next delivery',
  rateUndetermined:
    'The broker was neither clearly busy nor idle: the limit may be one queue, the journal (durable messages are synced before they are accepted), address memory and paging, the network (not measured here) or the producers\' unsettled window. Re-run with more queues, persistent: false or a larger producers.maxInFlight to see which moves the rate.',
  brokerCollectors: 'nodeExporter on the broker host and Jolokia (collect.jolokia) for the broker JVM',
  clientLimit: 'usually the client (rhea runs on one thread per worker; raise workers, producers and producers.maxInFlight) or one queue at its ceiling.',
  memoryLow: 'Give the broker JVM a heap that fits its address memory (global-max-size defaults to half of -Xmx), keep queues short so addresses do not page to disk, and make sure the host does not swap.',
  diskBusy: 'Put the journal and the paging directory on faster disks, use the ASYNCIO journal where libaio is available, and keep queues short so addresses do not page.',
  cpuWork: 'how many queues and consumers share the broker, message conversion between protocols (AMQP in and out needs none) and TLS costs',
  duplicates: 'Artemis de-duplicates only messages that carry a duplicate id (_AMQ_DUPL_ID) on addresses with duplicate detection: re-send only what was rejected or timed out, and de-duplicate by message id in the consumer.',
  ordering: 'Order within a queue holds for one consumer; competing consumers, released and redelivered messages reorder. Use one consumer per queue, or message groups (JMSXGroupID) so each key sticks to one consumer.',
  heapHolders: 'address memory — global-max-size defaults to half of -Xmx —, messages held by slow consumers, large messages, many queues',
  heapCeilingGiB: null,
  heapSizing: null,
  gcSettings: 'G1 (the default of Java 17) with -XX:MaxGCPauseMillis at your latency goal, and keep global-max-size at or below half the heap so paging starts before the heap fills',
};
