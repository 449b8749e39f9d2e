/** Titles and recommendations for consumer and lag findings (KB L1–L3, C10), keyed by finding id; Kafka's consumer-group texts (C11, L5, rebalances) are in `kafka/consumer.ts`. */
import { formatMs, formatNumber, formatRate, formatSeconds } from '../reports/format.js';
import { capitalize, type FindingText } from './text.js';
import type { BrokerKind } from '../drivers/types.js';
import { adviceFor } from './advice.js';

/**
 * "run 8 consumers in group g" / "raise partitions of `t` from 3 to at least 8 and run 8 consumers".
 * `group` null means every group of the profile.
 */
export function scaleConsumers(p: { topic: string; group: string | null; partitions: number | null; consumers: number | null; neededConsumers: number | null; broker: BrokerKind | null }): string {
  const inGroup = p.group === null ? 'in each group' : `in group ${p.group}`;
  if (p.neededConsumers === null) return adviceFor(p.broker).addConsumers;
  if (p.partitions !== null && p.neededConsumers > p.partitions) {
    return `raise partitions of \`${p.topic}\` from ${p.partitions} to at least ${p.neededConsumers} and run ${p.neededConsumers} consumers ${inGroup}`;
  }
  if (p.consumers !== null && p.neededConsumers <= p.consumers) {
    return `the ${p.consumers} consumers ${inGroup} should be enough at the measured per-consumer rate; look for what slowed them (errors, rebalances, processing time)`;
  }
  return `run at least ${p.neededConsumers} consumers ${inGroup}${p.consumers !== null ? ` (now ${p.consumers})` : ''}`;
}

/** Consumer and lag finding texts, by finding id. */
export const consumerTexts = {
  'consumer-lag-growing': (p: {
    group: string;
    topic: string;
    growthPerSec: number;
    endLag: number;
    burrow: string | null;
    /** Seconds to drain the end lag once producers stop (lag ÷ consume rate); null when nothing was consumed. */
    drainAfterStopSec: number | null;
    partitions: number | null;
    consumers: number | null;
    neededConsumers: number | null;
    broker: BrokerKind | null;
  }): FindingText => ({
    title: `Consumer lag of group ${p.group} grows by ${formatRate(p.growthPerSec)} (${formatNumber(p.endLag)} messages behind at the end${p.burrow && p.burrow !== 'OK' ? `, Burrow ${p.burrow}` : ''})`,
    recommendation:
      `Consumers read slower than producers write, so the backlog diverges${p.drainAfterStopSec === null ? '' : ` (once producers stop it takes about ${formatSeconds(p.drainAfterStopSec)} to drain)`}. ` +
      `${capitalize(scaleConsumers(p))}. ${adviceFor(p.broker).consumerTuning}`,
  }),
  'consumer-stalled': (p: { group: string; topic: string; status: string; partitions: string[]; lag: number }): FindingText => ({
    title: `Consumer group ${p.group} ${p.status === 'STOP' ? 'stopped' : p.status === 'STALL' ? 'stalled' : 'rewound'} on ${p.partitions.length} partition${p.partitions.length === 1 ? '' : 's'} of \`${p.topic}\` (${formatNumber(p.lag)} messages behind)`,
    recommendation:
      p.status === 'STOP'
        ? `Committed offsets stopped moving while messages kept arriving (partitions ${p.partitions.join(', ')}): a consumer died or was evicted. Check consumer-crash and rebalance events and the consumer errors; call heartbeat() inside long eachBatch handlers.`
        : p.status === 'STALL'
          ? `The consumer is alive but its offsets do not advance on partitions ${p.partitions.join(', ')}: a stuck handler or a message it fails on repeatedly. Check the consumer errors.`
          : `Offsets moved backwards on partitions ${p.partitions.join(', ')} (a reset or a replay): messages are processed twice. Check auto.offset.reset and commit handling.`,
  }),
  'consumer-time-lag': (p: { statistic: string; measuredMs: number; objectiveMs: number; objectiveFrom: 'profile' | 'default'; source: 'e2e' | 'time-lag' }): FindingText => ({
    title: `${p.source === 'e2e' ? 'End-to-end latency' : 'Consumer time lag'} ${p.statistic} ${formatMs(p.measuredMs)} exceeds the ${p.objectiveFrom === 'profile' ? 'objective' : 'default objective'} of ${formatMs(p.objectiveMs)}`,
    recommendation:
      `Messages reach consumers later than ${formatMs(p.objectiveMs)}. If lag is growing, add consumers (see the lag finding); if consumer processing dominates, make it cheaper or parallel; ` +
      (p.objectiveFrom === 'default' ? 'set thresholds.e2e_latency in the profile to your real objective.' : 'otherwise look at the broker findings for slow appends or fetches.'),
  }),
  'consumer-processing-bound': (p: {
    /** null: every group. */
    group: string | null;
    topic: string;
    delayMs: number;
    perConsumerRate: number;
    capacityPerConsumer: number;
    e2eP50Ms: number | null;
    publishP50Ms: number | null;
    partitions: number | null;
    consumers: number | null;
    neededConsumers: number | null;
    broker: BrokerKind | null;
  }): FindingText => ({
    title:
      `Latency comes from consumer processing (${formatMs(p.delayMs)} per message), not the broker: ` +
      (p.e2eP50Ms !== null && p.publishP50Ms !== null ? `e2e p50 ${formatMs(p.e2eP50Ms)} vs publish p50 ${formatMs(p.publishP50Ms)}` : `${formatRate(p.perConsumerRate)} per consumer, ceiling ${formatRate(p.capacityPerConsumer)}`),
    recommendation:
      `One consumer handling messages one at a time tops out at ${formatRate(p.capacityPerConsumer)}. ${capitalize(scaleConsumers(p))}, or ${adviceFor(p.broker).processingParallel}, and make the per-message work cheaper.`,
  }),
} as const;
