/**
 * Titles and recommendations for JVM findings (KB J1–J3), keyed by finding id. The texts are
 * neutral; what usually holds a broker's heap, its heap ceiling and its collector settings come
 * from the record's broker kind ({@link adviceFor}). Kafka's replication texts are in `kafka/replication.ts`.
 */
import type { BrokerKind } from '../drivers/types.js';
import { formatBytes, formatNumber, formatRatio, formatSeconds } from '../reports/format.js';
import { adviceFor } from './advice.js';
import type { FindingText } from './text.js';

const GIB = 1024 ** 3;

/** JVM finding texts, by finding id. `broker` is the record's broker kind (null: unknown, read as Kafka). */
export const jvmTexts = {
  'jvm-heap-pressure': (p: { instance: string; ratio: number; oldGenBytes: number; heapMaxBytes: number; suggestedHeapGiB: number; broker: BrokerKind | null }): FindingText => {
    const advice = adviceFor(p.broker);
    const suggested = p.suggestedHeapGiB;
    const current = p.heapMaxBytes / GIB;
    const ceiling = advice.heapCeilingGiB;
    return {
      title: `Broker heap ${formatRatio(p.ratio)} full after GC on ${p.instance} (old gen ${formatBytes(p.oldGenBytes)} of ${formatBytes(p.heapMaxBytes)})`,
      recommendation:
        (suggested > current
          ? `The live set is near the heap limit (risk of long pauses and OutOfMemoryError): raise -Xmx from ${current.toFixed(1)} GiB to ${suggested} GiB` +
            (ceiling !== null && suggested > ceiling ? ` — this broker rarely needs more than ${ceiling} GiB, so look first for what holds memory (${advice.heapHolders})` : '') +
            ', leaving the rest of RAM to the page cache.'
          : `The live set is near the heap limit: find what holds memory (${advice.heapHolders}) before raising -Xmx.`) +
        (advice.heapSizing !== null ? ` ${advice.heapSizing}` : ''),
    };
  },
  'jvm-gc-time': (p: { instance: string; ratio: number; limit: number; broker: BrokerKind | null }): FindingText => {
    const advice = adviceFor(p.broker);
    const ceiling = advice.heapCeilingGiB;
    return {
      title: `Broker spends ${formatRatio(p.ratio)} of its time in GC on ${p.instance} (limit ${formatRatio(p.limit)})`,
      recommendation: `GC takes throughput from the broker: raise the heap moderately${ceiling !== null ? ` (staying at or below ${ceiling} GiB)` : ''} and use ${advice.gcSettings}.`,
    };
  },
  'jvm-old-gc': (p: { instance: string; collections: number; seconds: number | null; broker: BrokerKind | null }): FindingText => ({
    title: `${formatNumber(p.collections)} old-generation (full) GC${p.collections === 1 ? '' : 's'} on ${p.instance}${p.seconds !== null ? ` (${formatSeconds(p.seconds)} paused)` : ''}`,
    recommendation: `Full collections stop the broker. Use ${adviceFor(p.broker).gcSettings}, and check the heap findings; a healthy broker does none during a test.`,
  }),
} as const;
