/** Titles and recommendations for JVM findings (KB J1–J3), keyed by finding id; Kafka's replication texts are in `kafka/replication.ts`. */
import { formatBytes, formatNumber, formatRatio, formatSeconds } from '../reports/format.js';
import type { FindingText } from './text.js';

const GIB = 1024 ** 3;

/** JVM finding texts, by finding id. */
export const jvmTexts = {
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
} as const;
