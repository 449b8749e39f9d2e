/**
 * The texts every broker whose groups are queues shares: how many consumers a queue needs, and
 * the "queue grows: consumers are the limit" finding (RabbitMQ, Artemis, ActiveMQ Classic), whose
 * broker-specific words each pack passes in.
 */
import { formatNumber, formatRate, formatRatio } from '../reports/format.js';
import type { FindingText } from './text.js';

/** "run at least 8 consumers on `q` (consumers.perGroup, now 2)", or that the count already suffices. */
export function consumersOn(queue: string, consumers: number | null, needed: number | null): string {
  if (needed === null) return `add consumers on \`${queue}\` (consumers.perGroup)`;
  if (consumers !== null && needed <= consumers) return `the ${consumers} consumers on \`${queue}\` suffice at their measured rate once nothing else holds them back`;
  return `run at least ${needed} consumers on \`${queue}\` (consumers.perGroup${consumers !== null ? `, now ${consumers}` : ''})`;
}

/** The parameters of every consumers-limit finding (see analyzer/queue-growth.ts). */
export interface QueueGrowthParams {
  queue: string;
  /** Depth trend, msg/s. */
  growthPerSec: number;
  /** Depth at the window's end, messages. */
  endDepth: number;
  /** Median consumers of the queue, or null when not measured. */
  consumers: number | null;
  /** Median rate messages were routed into the queue, msg/s, where the broker tells it. */
  addedPerSec: number | null;
  /** Median consumer capacity while messages waited (RabbitMQ), 0–1, where measured. */
  capacity: number | null;
  /** Drain rate ÷ consumers, msg/s; null without both. */
  perConsumerRate: number | null;
  /** The profile's target rate, else the achieved produce rate, msg/s. */
  targetRate: number;
  neededConsumers: number | null;
}

/** A broker's words for its consumers-limit text. */
export interface QueueGrowthWords {
  /** What the depth counts: `messages` or `ready`. */
  held: string;
  /** How a consumer drains the queue, and the rate that was divided: `acks` / `queue ack rate`. */
  drainVerb: string;
  drainRate: string;
  /** What a queue that keeps growing runs into on this broker (one sentence), if anything. */
  consequence?: string;
}

/** The consumers-limit finding text of one broker. */
export function consumersLimitText(p: QueueGrowthParams, words: QueueGrowthWords): FindingText {
  return {
    title: `Queue \`${p.queue}\` grows by ${formatRate(p.growthPerSec)} (${formatNumber(p.endDepth)} ${words.held} at the end)${p.capacity !== null ? ` with consumer capacity ${formatRatio(p.capacity)}` : ''}: consumers are the limit`,
    recommendation:
      `The queue waits on its consumers${p.addedPerSec !== null ? `, while messages are routed into it at ${formatRate(p.addedPerSec)}` : ''}` +
      `${p.perConsumerRate !== null ? `: each ${words.drainVerb} ${formatRate(p.perConsumerRate)} (${words.drainRate} ÷ ${p.consumers ?? '?'} consumers)` : ''}. ` +
      `To keep up with ${formatRate(p.targetRate)}, ${consumersOn(p.queue, p.consumers, p.neededConsumers)}` +
      (p.neededConsumers !== null && p.perConsumerRate !== null ? ` — ⌈${formatNumber(p.targetRate)} ÷ ${formatNumber(p.perConsumerRate)}⌉` : '') +
      `; or make the per-message work cheaper.${words.consequence ? ` ${words.consequence}` : ''}`,
  };
}
