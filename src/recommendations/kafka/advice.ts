/** Kafka's clauses for the core finding texts (see {@link import('../advice.js').BrokerAdvice}). */
import type { BrokerAdvice } from '../advice.js';

/** Kafka advice: acks and ISR, partitions, fetch and batching settings, the broker's log and heap. */
export const KAFKA_ADVICE: BrokerAdvice = {
  deliveryLoss:
    'Acknowledged messages were lost: use acks=all with min.insync.replicas ≥ 2 and replication factor ≥ 3, idempotent producers, and commit offsets after processing (consumers.commit: after-process).',
  noAcksCheck: 'the topic exists and accepts writes (acks, min.insync.replicas, quotas)',
  consumerTuning: 'Fetch tuning helps too: larger minBytes with maxWaitTimeInMs ≈ 500 ms, and eachBatch instead of eachMessage.',
  addConsumers: 'add consumers up to the partition count, then add partitions',
  processingParallel: 'process partitions concurrently (kafkajs partitionsConsumedConcurrently ≤ partitions and ≤ cores)',
  rateUndetermined:
    'The broker was neither clearly busy nor idle: the limit may be partitions, the network (not measured here) or the producers\' in-flight window. Check the other findings, then re-run with more partitions or a larger producers.maxInFlight to see which moves the rate.',
  brokerCollectors: 'a broker collector (jmxExporter, nodeExporter or jolokia)',
  clientLimit: 'usually the client (kafkajs runs on one thread per worker; raise workers, producers and producers.maxInFlight) or an unmeasured resource.',
  memoryLow: 'Add RAM, keep the broker heap at 6 GB or less and leave the rest to the page cache; make sure the host does not swap.',
  diskBusy: 'Spread log.dirs over more disks or use faster media, keep num.io.threads at least the number of disks, or add brokers.',
  cpuWork: 'message-format conversions (K12) and TLS or compression costs',
  duplicates: 'Enable producers.idempotent (Kafka de-duplicates retries per partition), or de-duplicate by message id where the broker cannot.',
  ordering: 'Order within a key needs one partition per key and no reordering on retry: enable producers.idempotent (or cap in-flight requests to 1) and process each partition sequentially.',
  heapHolders: 'many partitions, large fetch sessions, quotas',
  heapCeilingGiB: 6,
  heapSizing: null,
  gcSettings: 'the G1 settings Kafka recommends (-XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 -XX:G1HeapRegionSize=16M)',
};
