/** Titles and recommendations for broker host and broker thread findings (KB H1–H6, K1–K6), keyed by finding id. */
import { formatMs, formatRatio } from '../reports/format.js';
import type { FindingText } from './text.js';
import type { BrokerKind } from '../drivers/types.js';
import { adviceFor } from './advice.js';

/** "Add N brokers (M → M+N)" from the Cruise Control formula, or a reason it was not computed. */
function addBrokers(brokers: number | null, toAdd: number | null): string {
  if (brokers === null || toAdd === null) return 'add brokers';
  if (toAdd <= 0) return 'spread partition leaders across the existing brokers';
  return `add ${toAdd} broker${toAdd === 1 ? '' : 's'} (${brokers} → ${brokers + toAdd}, sized for 70 % CPU at the target rate)`;
}

/** Broker host and thread finding texts, by finding id. */
export const brokerTexts = {
  'broker-cpu-high': (p: { instance: string; medianRatio: number; origin: 'node' | 'broker-process'; loadPerCore: number | null; brokers: number | null; brokersToAdd: number | null; broker: BrokerKind | null }): FindingText => ({
    title: `Broker CPU at ${formatRatio(p.medianRatio)} on ${p.instance}${p.loadPerCore !== null ? ` (load ${p.loadPerCore.toFixed(1)} per core)` : ''}`,
    recommendation:
      p.origin === 'broker-process'
        ? `The local broker process is CPU-bound on a host it shares with the generator. For capacity figures run the broker on its own machine; on a cluster, ${addBrokers(p.brokers, p.brokersToAdd)}. Check ${adviceFor(p.broker).cpuWork}.`
        : `The broker host is CPU-bound: ${addBrokers(p.brokers, p.brokersToAdd)}; check ${adviceFor(p.broker).cpuWork}.`,
  }),
  'broker-memory-low': (p: { instance: string; availableRatio: number; limitRatio: number; broker: BrokerKind | null }): FindingText => ({
    title: `Broker host memory low: ${formatRatio(p.availableRatio)} available on ${p.instance} (limit ${formatRatio(p.limitRatio)})`,
    recommendation:
      `Little room is left for the page cache, so consumers start reading from disk. ${adviceFor(p.broker).memoryLow}`,
  }),
  'broker-network-saturated': (p: { instance: string; utilisation: number; limitRatio: number }): FindingText => ({
    title: `Broker network at ${formatRatio(p.utilisation)} of link speed on ${p.instance}`,
    recommendation: `The NIC is the limit (replication traffic counts too). Enable producer compression (lz4 or zstd), or add brokers or NICs so each stays below ${formatRatio(p.limitRatio)}.`,
  }),
  'broker-disk-busy': (p: { instance: string; busyRatio: number; broker: BrokerKind | null }): FindingText => ({
    title: `Broker disk busy ${formatRatio(p.busyRatio)} of the time on ${p.instance}`,
    recommendation:
      `Appends queue on the disk. ${adviceFor(p.broker).diskBusy}`,
  }),
  'request-handler-saturated': (p: { instance: string; idleMedian: number; cpuHeadroom: boolean | null; brokers: number | null }): FindingText => ({
    title: `Request-handler threads saturated on ${p.instance}: idle ${formatRatio(p.idleMedian)} (limit 30 %)`,
    recommendation:
      p.cpuHeadroom === false
        ? `The I/O threads are busy and so is the CPU: adding threads will not help; add brokers${p.brokers !== null ? ` (now ${p.brokers})` : ''}.`
        : `Raise num.io.threads in steps of at most 2× (Kafka default 8 → 16; dynamic, no restart)${p.cpuHeadroom === null ? ' if CPU and disk have headroom (broker CPU was not measured)' : ', CPU has headroom'}; if idle stays low, add brokers.`,
  }),
  'network-processor-saturated': (p: { instance: string; idleMedian: number; messagesPerRequest: number | null }): FindingText => ({
    title: `Network threads saturated on ${p.instance}: idle ${formatRatio(p.idleMedian)} (limit 30 %)`,
    recommendation:
      `Raise num.network.threads (Kafka default 3 → 6) and send fewer, larger requests` +
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
