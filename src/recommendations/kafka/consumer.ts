/** Titles and recommendations for Kafka's consumer-group findings (idle consumers beyond the partitions, rebalances, partition skew), keyed by finding id. */
import { formatNumber } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** Kafka consumer-group finding texts, by finding id. */
export const kafkaConsumerTexts = {
  'consumer-idle': (p: { topic: string; perGroup: number; partitions: number; groups: number }): FindingText => ({
    title: `${p.perGroup - p.partitions} of ${p.perGroup} consumers per group sit idle: \`${p.topic}\` has ${p.partitions} partition${p.partitions === 1 ? '' : 's'}`,
    recommendation: `A partition goes to one consumer of a group, so consumers beyond the partition count get nothing. Raise partitions of \`${p.topic}\` from ${p.partitions} to at least ${p.perGroup}, or lower consumers.perGroup from ${p.perGroup} to ${p.partitions}.`,
  }),
  'consumer-rebalances': (p: { count: number; faults: boolean }): FindingText => ({
    title: `${formatNumber(p.count)} consumer-group rebalance${p.count === 1 ? '' : 's'} during load`,
    recommendation: p.faults
      ? 'Rebalances are expected around injected faults; outside them they pause consumption. Keep handler time well below sessionTimeout (kafkajs 30 s) and call heartbeat() in long eachBatch handlers.'
      : 'Every rebalance pauses consumption. Keep handler time well below sessionTimeout (kafkajs 30 s), call heartbeat() in long eachBatch handlers, and avoid starting or stopping consumers mid-test.',
  }),
  'partition-skew': (p: { group: string; topic: string; ratio: number; hottest: string; keys: string | null; hotShare: number | null }): FindingText => ({
    title: `Lag is skewed on \`${p.topic}\` (group ${p.group}): partition ${p.hottest} carries ${p.ratio.toFixed(1)}× the mean`,
    recommendation:
      p.keys === 'hot'
        ? `The profile sends ${p.hotShare !== null ? `${Math.round(p.hotShare * 100)} %` : 'most'} of messages with one key, so one partition (and one consumer) takes most of the load. Use more keys (message.keys: random with a larger keySpace) or lower message.hotShare.`
        : 'One partition (and its consumer) lags behind the others: check the key distribution (a hot key) and that partitions are spread evenly over consumers and brokers.',
  }),
} as const;
