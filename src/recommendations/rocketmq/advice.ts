/** Apache RocketMQ's clauses for the core finding texts (see {@link import('../advice.js').BrokerAdvice}). */
import type { BrokerAdvice } from '../advice.js';

/** RocketMQ advice: send receipts, flush mode, message queues, consumer groups and invisible durations, the commit log. */
export const ROCKETMQ_ADVICE: BrokerAdvice = {
  deliveryLoss:
    'Acknowledged messages were lost: wait for each send receipt (mode sync or async; the v5 protocol has no one-way send, mqload only emulates it without waiting), set flushDiskType=SYNC_FLUSH on the broker (and a synchronous replica where there is one) when a broker crash must not lose receipts, and acknowledge after processing (consumers.commit: after-process).',
  noAcksCheck: 'the topic exists with message.type NORMAL (mqload creates it through the broker\'s admin protocol), the proxy\'s gRPC endpoint (driver.brokers) is reachable and the broker is not refusing sends as busy (flow control)',
  consumerTuning: 'A short invisible duration makes slow handlers see their messages again: raise driver.config.invisibleMs above the handler time of a whole batch.',
  addConsumers: 'add consumers to the group (they share its message queues), or give the topic more queues (driver.config.queues)',
  processingParallel: 'receive larger batches (driver.config.consumerBatch, up to 32) so a handler never waits for the next long poll',
  rateUndetermined:
    'The broker was neither clearly busy nor idle: the limit may be the commit log (SYNC_FLUSH waits for the disk), the send thread pool (sendMessageThreadPoolNums), the proxy in front of the broker, or the producers\' window. Re-run with async sends, more queues or a larger producers.maxInFlight to see which moves the rate.',
  brokerCollectors: 'nodeExporter on the broker host and the broker\'s Prometheus exporter (metricsExporterType=PROM)',
  clientLimit: 'usually the client (the gRPC client sends one message per call; raise workers, producers and producers.maxInFlight) or the proxy at its ceiling.',
  memoryLow: 'Give the broker JVM a heap and direct memory that fit its mapped commit-log files (mappedFileSizeCommitLog), keep consumers caught up so reads hit the page cache, and make sure the host does not swap.',
  diskBusy: 'Put the commit log (storePathCommitLog) on a faster disk, keep flushDiskType=ASYNC_FLUSH unless receipts must survive a broker crash, and watch the broker\'s flush and dispatch behind bytes.',
  cpuWork: 'how many queues and groups share the broker, the proxy\'s gRPC work in front of it, message filtering by tag or SQL and TLS costs',
  duplicates: 'RocketMQ delivers at least once: the client re-sends a message whose receipt timed out (driver.config.maxAttempts) and a message not acknowledged within its invisible duration is delivered again. De-duplicate by message id or key in the consumer.',
  ordering: 'Order holds only within one message queue for FIFO topics and groups; normal topics spread messages over queues and redeliveries reorder. Use a FIFO topic with a message group per key where order matters.',
  heapHolders: 'the commit-log and consume-queue mapped files are off-heap (page cache and direct memory, -XX:MaxDirectMemorySize); on the heap are the proxy\'s gRPC buffers, pop checkpoints of unacknowledged messages, topic and group tables and the send and pull request queues',
  heapCeilingGiB: null,
  heapSizing:
    'Size the broker+proxy JVM, not the name server (which needs little; the local broker: `mqload local up --broker rocketmq --heap`), and keep -Xmx plus -XX:MaxDirectMemorySize well below the host\'s memory: the commit log and consume queues are mapped outside the heap and read through the page cache.',
  gcSettings: 'G1 (RocketMQ\'s runbroker.sh default) with -Xms equal to -Xmx (8g in its scripts), and give direct memory room for the transient store pool where transientStorePoolEnable is on',
};
