/** Titles and recommendations for Kafka's broker thread and request-time findings (KB K1–K6: request handlers, network processors, produce request stages), keyed by finding id. */
import { formatMs, formatRatio } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** Kafka broker thread and request-time finding texts, by finding id. */
export const kafkaBrokerTexts = {
  'request-handler-saturated': (p: {
    instance: string;
    idleMedian: number;
    cpuHeadroom: boolean | null;
    brokers: number | null;
    /** num.io.threads from the record's broker settings, and the count that keeps the pool 30 % idle; null when unknown. */
    threads: number | null;
    suggestedThreads: number | null;
  }): FindingText => ({
    title: `Request-handler threads saturated on ${p.instance}: idle ${formatRatio(p.idleMedian)} (limit 30 %)`,
    recommendation:
      p.cpuHeadroom === false
        ? `The I/O threads are busy and so is the CPU: adding threads will not help; add brokers${p.brokers !== null ? ` (now ${p.brokers})` : ''}.`
        : `Raise num.io.threads ${p.threads !== null && p.suggestedThreads !== null ? `from ${p.threads} to ${p.suggestedThreads}` : 'in steps of at most 2× (Kafka default 8 → 16)'} (dynamic, no restart)${p.cpuHeadroom === null ? ' if CPU and disk have headroom (broker CPU was not measured)' : ', CPU has headroom'}; if idle stays low, add brokers.`,
  }),
  'network-processor-saturated': (p: { instance: string; idleMedian: number; messagesPerRequest: number | null; threads: number | null; suggestedThreads: number | null }): FindingText => ({
    title: `Network threads saturated on ${p.instance}: idle ${formatRatio(p.idleMedian)} (limit 30 %)`,
    recommendation:
      `Raise num.network.threads ${p.threads !== null && p.suggestedThreads !== null ? `from ${p.threads} to ${p.suggestedThreads}` : '(Kafka default 3 → 6)'} and send fewer, larger requests` +
      (p.messagesPerRequest !== null ? ` (now ${p.messagesPerRequest.toFixed(1)} messages per produce request: raise producers.batch.lingerMs and maxRecords)` : ' (raise producers.batch.lingerMs and maxRecords)') +
      '; check TLS cost and the number of client connections.',
  }),
  'produce-time-request-queue': (p: { instance: string; share: number; totalP99Ms: number }): FindingText => ({
    title: `Produce requests wait for I/O threads: request-queue time is ${formatRatio(p.share)} of produce p99 ${formatMs(p.totalP99Ms)} on ${p.instance}`,
    recommendation: 'The request queue is the slow stage: raise num.io.threads (at most 2× per change, default 8 → 16) if CPU and disk have headroom, otherwise add brokers.',
  }),
  'produce-time-local': (p: { instance: string; share: number; totalP99Ms: number }): FindingText => ({
    title: `Slow log appends: local time is ${formatRatio(p.share)} of produce p99 ${formatMs(p.totalP99Ms)} on ${p.instance}`,
    recommendation: 'Appending to the log dominates: use faster disks (XFS did better than ext4 on this metric), spread log.dirs over more disks, remove log.flush.* overrides, or add brokers.',
  }),
  'produce-time-remote': (p: { instance: string; share: number; totalP99Ms: number }): FindingText => ({
    title: `Followers are slow: remote time is ${formatRatio(p.share)} of produce p99 ${formatMs(p.totalP99Ms)} on ${p.instance}`,
    recommendation:
      'Waiting for replicas dominates (acks=all). Raise num.replica.fetchers (e.g. 1 → 2; costs CPU and memory), check the followers\' disks and network; use acks=1 only if losing acknowledged messages on a leader failure is acceptable.',
  }),
  'produce-time-response': (p: { instance: string; share: number; totalP99Ms: number }): FindingText => ({
    title: `Responses wait to be sent: response time is ${formatRatio(p.share)} of produce p99 ${formatMs(p.totalP99Ms)} on ${p.instance}`,
    recommendation: 'Network threads, the NIC or slow clients hold responses: raise num.network.threads (default 3 → 6); on high-latency links raise socket.send.buffer.bytes.',
  }),
} as const;
