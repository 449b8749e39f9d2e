/** Titles and recommendations for JVM (KB J1–J3) and replication (K8, K9) findings, keyed by finding id. */
import { formatBytes, formatNumber, formatRatio, formatSeconds } from '../reports/format.js';
import type { FindingText } from './text.js';

const GIB = 1024 ** 3;

/** JVM and replication finding texts, by finding id. */
export const jvmReplicationTexts = {
  'jvm-heap-pressure': (p: { instance: string; ratio: number; oldGenBytes: number; heapMaxBytes: number }): FindingText => {
    // Size the heap so the live set sits at 60 %, rounded up to whole GiB.
    const suggested = Math.ceil(p.oldGenBytes / 0.6 / GIB);
    const current = p.heapMaxBytes / GIB;
    return {
      title: `Broker heap ${formatRatio(p.ratio)} full after GC on ${p.instance} (old gen ${formatBytes(p.oldGenBytes)} of ${formatBytes(p.heapMaxBytes)})`,
      recommendation:
        suggested > current
          ? `The live set is near the heap limit (risk of long pauses and OutOfMemoryError): raise -Xmx from ${current.toFixed(1)} GiB to ${suggested} GiB` +
            (suggested > 6 ? ' — Kafka rarely needs more than 6 GB, so look first for what holds memory (many partitions, large fetch sessions, quotas)' : '') +
            ', leaving the rest of RAM to the page cache.'
          : 'The live set is near the heap limit: find what holds memory (partition count, fetch sessions) before raising -Xmx.',
    };
  },
  'jvm-gc-time': (p: { instance: string; ratio: number; limit: number }): FindingText => ({
    title: `Broker spends ${formatRatio(p.ratio)} of its time in GC on ${p.instance} (limit ${formatRatio(p.limit)})`,
    recommendation: 'GC takes throughput from the broker: raise the heap moderately (staying at or below 6 GB) and use the G1 settings Kafka recommends (MaxGCPauseMillis=20, InitiatingHeapOccupancyPercent=35).',
  }),
  'jvm-old-gc': (p: { instance: string; collections: number; seconds: number | null }): FindingText => ({
    title: `${formatNumber(p.collections)} old-generation (full) GC${p.collections === 1 ? '' : 's'} on ${p.instance}${p.seconds !== null ? ` (${formatSeconds(p.seconds)} paused)` : ''}`,
    recommendation:
      'Full collections stop the broker. Use the G1 flags Kafka recommends (MaxGCPauseMillis=20, InitiatingHeapOccupancyPercent=35, G1HeapRegionSize=16M) and check the heap findings; a healthy broker does none during a test.',
  }),
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
