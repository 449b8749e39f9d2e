/** Apache ActiveMQ Classic's clauses for the core finding texts (see {@link import('../advice.js').BrokerAdvice}). */
import type { BrokerAdvice } from '../advice.js';

/** ActiveMQ Classic advice: accepted dispositions, persistent messages, prefetch, the memory limit and producer flow control, KahaDB. */
export const ACTIVEMQ_ADVICE: BrokerAdvice = {
  deliveryLoss:
    'Acknowledged messages were lost: send unsettled and wait for the accepted disposition (mode sync or async, not oneway), make messages persistent (topics[].persistent: true) so KahaDB keeps them over a restart, and accept after processing (consumers.commit: after-process).',
  noAcksCheck: 'the group queues exist (mqload creates them through Jolokia), the user may send to the destination, and producer flow control is not holding the producers (broker memory, store or temp usage at its limit)',
  consumerTuning: 'A prefetch too small for the round trip also starves consumers: raise driver.config.prefetch (the AMQP credit window).',
  addConsumers: 'add consumers on the group queue (they compete for its messages), or spread the load over more destinations',
  processingParallel: 'give each consumer a larger prefetch (driver.config.prefetch) so its handler never waits for the next delivery',
  rateUndetermined:
    'The broker was neither clearly busy nor idle: the limit may be one queue, KahaDB (persistent messages are synced before they are accepted), producer flow control at the memory limit, the network (not measured here) or the producers\' unsettled window. Re-run with more destinations, persistent: false or a larger producers.maxInFlight to see which moves the rate.',
  brokerCollectors: 'nodeExporter on the broker host and the ActiveMQ Jolokia collector (local broker: automatic) for the broker JVM and its usage limits',
  clientLimit: 'usually the client (rhea runs on one thread per worker; raise workers, producers and producers.maxInFlight) or one queue at its ceiling.',
  memoryLow: 'Give the broker JVM a heap well above its memory limit (systemUsage memoryUsage, 70 % of the heap at most), keep queues short so messages do not pile up in memory or spool to the temp store, and make sure the host does not swap.',
  diskBusy: 'Put KahaDB on a faster disk, batch persistent sends (async mode with a larger window), or let enableJournalDiskSyncs be off where losing the last writes on a power cut is acceptable.',
  cpuWork: 'how many destinations and consumers share the broker, virtual-topic copies (one per group queue), message conversion between AMQP and OpenWire and TLS costs',
  duplicates: 'ActiveMQ Classic has no producer de-duplication over AMQP: re-send only what was rejected or timed out, and de-duplicate by message id in the consumer.',
  ordering: 'Order within a queue holds for one consumer; competing consumers and redelivered messages reorder. Use one consumer per queue, or message groups (JMSXGroupID) so each key sticks to one consumer.',
  heapHolders: 'messages cached up to the memory limit (systemUsage memoryUsage), cursors of queues with many pending messages, messages held in consumers\' prefetch, many destinations and virtual-topic copies',
  heapCeilingGiB: null,
  heapSizing: null,
  gcSettings: 'G1 (the default of Java 17) with -XX:MaxGCPauseMillis at your latency goal, and keep the memory limit well below the heap (at most 70 % of it) so producer flow control starts before the heap fills',
};
