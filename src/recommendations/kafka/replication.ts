/** Titles and recommendations for Kafka's replication findings (KB K8, K9: under-replicated partitions, ISR shrinks, under min.insync.replicas), keyed by finding id. */
import { formatNumber } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** Kafka replication finding texts, by finding id. */
export const kafkaReplicationTexts = {
  'under-replicated-partitions': (p: { instance: string; maxUrp: number; faultsInWindow: boolean }): FindingText => ({
    title: `Under-replicated partitions: up to ${formatNumber(p.maxUrp)} on ${p.instance}`,
    recommendation: p.faultsInWindow
      ? 'Replicas fell behind during an injected fault; check they caught up after it ended. If not, raise num.replica.fetchers and check the followers\' disks and network.'
      : 'Followers cannot keep up: raise num.replica.fetchers, check the followers\' disks and network, reduce partitions per broker or add brokers. A steady count on many brokers usually means a broker is down.',
  }),
  'isr-shrinks': (p: { instance: string; shrinks: number; faultsInWindow: boolean }): FindingText => ({
    title: `ISR shrank ${formatNumber(p.shrinks)} time${p.shrinks === 1 ? '' : 's'} on ${p.instance}`,
    recommendation: p.faultsInWindow
      ? 'Shrinks during an injected fault are expected; outside faults they mean followers drop out: check replica.lag.time.max.ms, follower load and GC pauses.'
      : 'Followers dropped out of the in-sync set: check follower CPU, disk and GC pauses, and raise num.replica.fetchers if they are slow to fetch.',
  }),
  'under-min-isr': (p: { instance: string; maxCount: number }): FindingText => ({
    title: `${formatNumber(p.maxCount)} partition${p.maxCount === 1 ? '' : 's'} below min.insync.replicas on ${p.instance}`,
    recommendation: 'Writes with acks=all to these partitions fail. Stop ramping and restore the missing replicas (a broker is down or far behind) before reading any throughput figure.',
  }),
} as const;
