/**
 * Exported series names of the ActiveMQ Classic collector's samples (source `activemq`,
 * `names.ts`; see {@link SourceNaming}; units are converted after the base name): area
 * `mqload_activemq_`, the sample's `instance` as `endpoint`. Per-queue samples (`labels { queue }`)
 * become `mqload_activemq_queue_<name>`, broker-wide ones `mqload_activemq_<name>`; rates say they
 * count messages, usages are ratios of their limit.
 */
import type { SourceNaming } from '../series-naming.js';
import { ACTIVEMQ_SAMPLE_NAMES, ACTIVEMQ_SOURCE } from './names.js';

const B = ACTIVEMQ_SAMPLE_NAMES.broker;

/** Names whose exported form spells out the unit (before `_percent` → `_ratio`, `_per_sec` → `_per_second`). */
const RENAMES: Readonly<Record<string, string>> = {
  [B.enqueueRate]: 'enqueued_messages_per_sec',
  [B.dequeueRate]: 'dequeued_messages_per_sec',
  [B.memoryPercent]: 'memory_usage_percent',
  [B.storePercent]: 'store_usage_percent',
  [B.tempPercent]: 'temp_usage_percent',
};

/** The exported base name (after `mqload_activemq_`) of an ActiveMQ value with these sample labels. */
function activemqBase(valueName: string, labels: Readonly<Record<string, string>>): string {
  const name = RENAMES[valueName] ?? valueName;
  return labels['queue'] !== undefined ? `queue_${name}` : name;
}

/** Naming of the ActiveMQ source. The broker JVM's sample (source `jolokia`) is named as every JVM's. */
export const ACTIVEMQ_SERIES_NAMING: Readonly<Record<string, SourceNaming>> = {
  [ACTIVEMQ_SOURCE]: { area: 'activemq', instanceLabel: 'endpoint', base: activemqBase },
};
