/** Apache RocketMQ's own finding texts (the `rocketmq` rule pack, KB §7 RK1–RK3), by finding id. */
import { formatCount, formatMs, formatNumber, formatRate, formatRatio } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/**
 * The stage a broker-busy refusal names (RK2): the send queue wait (`[TIMEOUT_CLEAN_QUEUE]`),
 * the commit-log lock (`[PCBUSY_CLEAN_QUEUE]`, `[PC_SYNCHRONIZED]`), an outright rejection
 * (`[REJECTREQUEST]`), a full send queue (`[OVERLOAD]`), or none named (`other`).
 */
export type BusyStage = 'send-queue-wait' | 'page-cache-lock' | 'rejected' | 'overload' | 'other';

/** `mqadmin updateTopic` that gives `topic` `queues` read and write queues, and the profile knob. */
function moreQueues(topic: string, queues: number): string {
  return `give \`${topic}\` at least ${queues} message queues (\`mqadmin updateTopic -t ${topic} -r ${queues} -w ${queues}\`, or topics[].queues: ${queues} where mqload creates the topic)`;
}

/** Why a group's consumers stop helping at the topic's queue count. */
const CEILING = 'consumers beyond the queue count idle or contend for the same queues, so a group gets no more parallelism than its topic has queues';

/** What to change for a group's lag: consumers up to the queue count, queues beyond it. */
function scaleGroup(p: { topic: string; consumers: number; queues: number; perConsumerRate: number | null; targetRate: number; neededConsumers: number | null }): string {
  const n = p.neededConsumers;
  if (n === null) {
    return p.consumers >= p.queues
      ? `The ${p.consumers} consumers already match the ${p.queues} queues of \`${p.topic}\`, and ${CEILING}. First ${moreQueues(p.topic, 2 * p.queues)}, then add consumers.`
      : `Add consumers to the group, up to the ${p.queues} queues of \`${p.topic}\`: ${CEILING}.`;
  }
  const how = p.perConsumerRate !== null ? ` — ⌈${formatNumber(p.targetRate)} ÷ ${formatNumber(p.perConsumerRate)} per consumer⌉` : '';
  if (n <= p.consumers) return `The ${p.consumers} consumers suffice for ${formatRate(p.targetRate)} at their measured rate${how} once nothing else holds them back.`;
  if (n <= p.queues) return `To keep up with ${formatRate(p.targetRate)}, run at least ${n} consumers (now ${p.consumers})${how}; the ${p.queues} queues of \`${p.topic}\` allow that many.`;
  return `To keep up with ${formatRate(p.targetRate)} the group needs ${n} consumers (now ${p.consumers})${how}, more than the ${p.queues} queues of \`${p.topic}\` can use: ${CEILING}. First ${moreQueues(p.topic, n)}, then run ${n} consumers.`;
}

/** What each fast-failure stage means, and what fixes it. */
const STAGE_ADVICE: Readonly<Record<BusyStage, (syncFlush: boolean | null) => string>> = {
  'send-queue-wait': (syncFlush) =>
    'Sends waited in the broker\'s send queue longer than waitTimeMillsInSendQueue (200 ms; [TIMEOUT_CLEAN_QUEUE]): the broker writes more slowly than sends arrive. ' +
    (syncFlush
      ? 'With SYNC_FLUSH every write waits for the disk: more send threads (sendMessageThreadPoolNums) let group commits carry more per fsync, or ASYNC_FLUSH removes the wait.'
      : 'Find the slow write (the disk busy, the page cache short of memory) or spread the topic over more brokers.') +
    ' A longer waitTimeMillsInSendQueue only trades these refusals for latency.',
  'page-cache-lock': () =>
    'A write held the commit-log lock longer than osPageCacheBusyTimeOutMills (1 s; [PCBUSY_CLEAN_QUEUE]): the page cache or the disk is the limit. Give the broker host more memory for the page cache and a faster disk; on ASYNC_FLUSH transientStorePoolEnable writes through off-heap buffers (within -XX:MaxDirectMemorySize).',
  rejected: () =>
    'The broker rejected sends outright ([REJECTREQUEST]): its page cache was busy or no transient store buffer was free. Give the broker host more memory, a faster disk, or more transient buffers (transientStorePoolSize) where transientStorePoolEnable is on.',
  overload: () =>
    'The broker\'s send queue was full ([OVERLOAD]; sendThreadPoolQueueCapacity 10,000 requests): sends arrive faster than its send threads take them. Raise sendMessageThreadPoolNums where the disk keeps up, or spread the topic over more brokers.',
  other: (syncFlush) =>
    `The broker answered SYSTEM_BUSY (gRPC TOO_MANY_REQUESTS): its send path was behind${syncFlush ? ', and with SYNC_FLUSH every write waits for the disk' : ''}. Check the broker host's disk and memory, and spread the topic over more brokers if they are fine.`,
};

/** RocketMQ finding texts, by finding id. */
export const rocketmqTexts = {
  'rocketmq-consumers-limit': (p: {
    group: string;
    topic: string;
    growthPerSec: number;
    endLag: number;
    readyMessages: number;
    inflightMessages: number;
    consumersBusy: boolean;
    consumers: number;
    queues: number;
    perConsumerRate: number | null;
    targetRate: number;
    neededConsumers: number | null;
  }): FindingText => ({
    title: `Group \`${p.group}\` falls behind on \`${p.topic}\` by ${formatRate(p.growthPerSec)} (${formatCount(p.endLag)} messages of lag at the end): its consumers are the limit`,
    recommendation:
      (p.consumersBusy
        ? `Most of the lag is inflight (median ${formatCount(p.inflightMessages)} received and not yet acknowledged, ${formatCount(p.readyMessages)} ready): the handlers are slow, so the consumers are busy. `
        : `Most of the lag is ready (median ${formatCount(p.readyMessages)} waiting to be received, ${formatCount(p.inflightMessages)} inflight): too few consumers receive. `) +
      scaleGroup(p) +
      (p.consumersBusy ? ' Cheaper per-message work helps as much as more consumers.' : ' Larger receive batches (driver.config.consumerBatch, up to 32) let each consumer take more per long poll.'),
  }),
  'rocketmq-flow-control': (p: { refused: number; sent: number; share: number; stage: BusyStage; top: string; maxAttempts: number | null; syncFlush: boolean | null; sendQueuePeak: number | null }): FindingText => ({
    title: `The broker refused ${formatCount(p.refused)} sends as busy (${formatRatio(p.share)} of ${formatCount(p.sent)}): flow control`,
    recommendation:
      STAGE_ADVICE[p.stage](p.syncFlush) +
      (p.sendQueuePeak !== null ? ` Its send queue peaked at ${formatCount(p.sendQueuePeak)} requests.` : '') +
      ` The client re-sends a refused message after a back-off${p.maxAttempts !== null ? ` (up to driver.config.maxAttempts = ${p.maxAttempts} attempts)` : ''}, so each failure counted here was refused every time and the re-sends added load. Most frequent: ${p.top}.`,
  }),
  'rocketmq-sync-flush-latency': (p: { p99Ms: number; limitMs: number; syncReplication: boolean; flushIntervalMs: number; ratePerSec: number | null }): FindingText => ({
    title: `Publish p99 ${formatMs(p.p99Ms)} on a SYNC_FLUSH broker (above ${formatMs(p.limitMs)}): each receipt waits for the commit log's fsync`,
    recommendation:
      'With flushDiskType=SYNC_FLUSH the broker acknowledges a send only once a group commit reached the disk. ' +
      `ASYNC_FLUSH acknowledges from the page cache and flushes every ${p.flushIntervalMs} ms (flushIntervalCommitLog)` +
      (p.ratePerSec !== null ? `, ≈ ${formatCount(Math.ceil((p.ratePerSec * p.flushIntervalMs) / 1000))} messages at the achieved ${formatRate(p.ratePerSec)}` : '') +
      '; pair it with replication (brokerRole=SYNC_MASTER and a slave) so that a receipt still means two copies on two hosts: a host crash then loses nothing, only losing both hosts at once loses the unflushed interval. ' +
      (p.syncReplication
        ? 'This broker already replicates synchronously, so ASYNC_FLUSH keeps each acknowledged message on the slave. '
        : 'This broker has no synchronous slave: with ASYNC_FLUSH alone a host crash or power cut loses that interval of acknowledged messages. ') +
      'Where every receipt must be on disk, keep SYNC_FLUSH and give the commit log a faster disk and more send threads (sendMessageThreadPoolNums) so group commits carry more per fsync.',
  }),
  'rocketmq-async-flush-window': (p: { flushIntervalMs: number; messagesAtRisk: number | null; syncReplication: boolean }): FindingText => ({
    title: `ASYNC_FLUSH on a durability-first run: the last ${p.flushIntervalMs} ms of acknowledged messages${p.messagesAtRisk !== null ? ` (≈ ${formatCount(p.messagesAtRisk)} at the achieved rate)` : ''} are only in the page cache`,
    recommendation: p.syncReplication
      ? 'The synchronous slave (brokerRole=SYNC_MASTER) holds a copy of each acknowledged message, so a crash of the master\'s host loses none; only losing both hosts at once loses the unflushed interval.'
      : 'A crash of the broker process loses nothing (the page cache outlives it), but a host crash or power cut loses what was not yet flushed. Where that is unacceptable, set flushDiskType=SYNC_FLUSH (each receipt waits for the disk: slower sends) or add a slave with brokerRole=SYNC_MASTER (each receipt waits for a second copy on another host).',
  }),
} as const;
