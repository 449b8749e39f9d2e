/** Titles and recommendations for broker host findings (KB H1–H6), keyed by finding id; Kafka's broker-thread texts are in `kafka/broker.ts`. */
import { formatRatio } from '../reports/format.js';
import type { FindingText } from './text.js';
import type { BrokerKind } from '../drivers/types.js';
import { adviceFor } from './advice.js';

/** "Add N brokers (M → M+N)" from the Cruise Control formula, or a reason it was not computed. */
function addBrokers(brokers: number | null, toAdd: number | null): string {
  if (brokers === null || toAdd === null) return 'add brokers';
  if (toAdd <= 0) return 'spread partition leaders across the existing brokers';
  return `add ${toAdd} broker${toAdd === 1 ? '' : 's'} (${brokers} → ${brokers + toAdd}, sized for 70 % CPU at the target rate)`;
}

/** Broker host finding texts, by finding id. */
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
} as const;
