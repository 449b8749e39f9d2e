/** Titles and recommendations for RabbitMQ queue and client findings (KB R4–R8, R12–R14, R19, R21), keyed by finding id. */
import { formatMs, formatNumber, formatRate, formatRatio } from '../../reports/format.js';
import type { FindingText } from '../text.js';
import { consumersLimitText, consumersOn, type QueueGrowthParams } from '../queue-consumers.js';

/** RabbitMQ queue finding texts, by finding id. */
export const rabbitQueueTexts = {
  'rabbitmq-consumers-limit': (p: QueueGrowthParams): FindingText => consumersLimitText(p, { held: 'ready', drainVerb: 'acks', drainRate: 'queue ack rate' }),
  'rabbitmq-unacked-at-prefetch': (p: {
    queue: string;
    unacked: number;
    consumers: number;
    prefetch: number;
    perConsumerRate: number | null;
    rttMs: number | null;
    suggestedPrefetch: number | null;
    prefetchCap: number;
    /** The quorum-queue prefetch cap when the queue is a quorum queue, else null. */
    quorumCap: number | null;
    processingBound: boolean;
    targetRate: number;
    neededConsumers: number | null;
  }): FindingText => ({
    title: `Consumers of \`${p.queue}\` sit at their prefetch: ${formatNumber(p.unacked)} unacked of ${p.consumers} × ${p.prefetch} while messages wait`,
    recommendation:
      'Every delivery a consumer may hold is taken and messages are ready behind them, so the handlers are the limit. ' +
      (p.processingBound
        ? `They run at their processing ceiling, so a larger prefetch does not help: ${consumersOn(p.queue, p.consumers, p.neededConsumers)} to reach ${formatRate(p.targetRate)}.`
        : p.suggestedPrefetch !== null && p.suggestedPrefetch > p.prefetch
          ? `Raise driver.config.prefetch from ${p.prefetch} to ${p.suggestedPrefetch} (≈ 2 × ${p.perConsumerRate !== null ? formatRate(p.perConsumerRate) : 'the per-consumer rate'} × (${p.rttMs !== null ? formatMs(p.rttMs) : 'the'} round trip + processing), at most ${p.prefetchCap}${p.quorumCap !== null ? `; quorum queues cap it at ${p.quorumCap}, which is no faster than ${p.prefetchCap}` : ''}), or ${consumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
          : p.neededConsumers !== null && p.neededConsumers > p.consumers
            ? `Prefetch ${p.prefetch} already covers the round trip${p.rttMs !== null ? ` (${formatMs(p.rttMs)})` : ''}: ${consumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
            : `Prefetch ${p.prefetch} covers the round trip and at their measured rate the ${p.consumers} consumers keep up with ${formatRate(p.targetRate)}: the waiting messages are a backlog being drained (a start-up burst or a slower stretch). Faster handlers drain it sooner.`),
  }),
  'rabbitmq-confirm-latency': (p: {
    p99Ms: number;
    limitMs: number;
    queueType: 'classic' | 'quorum' | 'stream';
    persistent: boolean;
    targetRate: number;
    neededInFlight: number;
    producers: number;
    perProducerInFlight: number;
    maxInFlight: number | null;
  }): FindingText => ({
    title: `Publisher confirms are slow: publish p99 ${formatMs(p.p99Ms)} (limit ${formatMs(p.limitMs)}) on a ${p.queueType === 'quorum' ? 'quorum' : p.persistent ? 'durable queue with persistent messages' : p.queueType} queue`,
    recommendation:
      `A confirm waits for the message to reach disk (${p.queueType === 'quorum' ? 'a majority of replicas fsync' : 'batched fsync of the message store'}), so latency follows the disk. ` +
      `At ${formatRate(p.targetRate)} keep at least ${formatNumber(p.neededInFlight)} confirms in flight (target × p99, Little's law): producers.maxInFlight ≥ ${formatNumber(p.perProducerInFlight)} for each of ${p.producers} producers${p.maxInFlight !== null ? ` (now ${formatNumber(p.maxInFlight)})` : ''}. ` +
      'Faster disks (NVMe, no shared volume) cut the p99 itself. Where durability is not needed, a classic queue with transient messages (persistent: false) confirms from memory — at the price of losing the queued messages when the node restarts.',
  }),
  'rabbitmq-hot-queue': (p: {
    queue: string;
    share: number;
    queueRate: number;
    coreShare: number;
    hostCpuRatio: number | null;
    cores: number;
    targetRate: number;
    queuesNeeded: number | null;
  }): FindingText => ({
    title: `One queue is the ceiling: \`${p.queue}\` carries ${formatRatio(p.share)} of the traffic (${formatRate(p.queueRate)}) while the broker uses ${formatRatio(p.coreShare)} of one core${p.hostCpuRatio !== null ? ` and the host ${formatRatio(p.hostCpuRatio)} of ${p.cores} cores` : ''}`,
    recommendation:
      'A queue is one Erlang process, so it runs on one core however many the node has. ' +
      (p.queuesNeeded !== null && p.queuesNeeded > 1
        ? `Shard the load over at least ${p.queuesNeeded} queues (⌈${formatNumber(p.targetRate)} ÷ ${formatNumber(p.queueRate)}⌉) with a consistent-hash exchange or the sharding plugin, or use a stream (super streams partition it).`
        : 'Shard it over several queues with a consistent-hash exchange or the sharding plugin, or use a stream (super streams partition it).'),
  }),
  'rabbitmq-redeliveries': (p: { ratePerSec: number; peakPerSec: number; limitPerSec: number; queue: string | null; verifiedRedelivered: number | null }): FindingText => ({
    title: `RabbitMQ redelivers ${formatRate(p.ratePerSec)} (peak ${formatRate(p.peakPerSec)}, limit ${formatRate(p.limitPerSec)})${p.queue !== null ? ` on \`${p.queue}\`` : ''}`,
    recommendation:
      'Consumers crash, nack with requeue, or exceed consumer_timeout, and the broker hands the same messages out again; redeliveries are not throughput. Fix the consumer (quorum queues stop after delivery-limit 20). ' +
      (p.verifiedRedelivered !== null
        ? `Delivery verification counted ${formatNumber(p.verifiedRedelivered)} messages received again by the run's consumers; the broker's rate also counts deliveries to consumers that died before the handler saw them.`
        : 'Delivery verification counts only what the run\'s handlers received again, so it can be lower than the broker\'s count.'),
  }),
} as const;
