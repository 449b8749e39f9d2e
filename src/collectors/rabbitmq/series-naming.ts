/**
 * Exported series names of the RabbitMQ sources (see {@link SourceNaming}). The management API
 * (`rabbitmq`) and the Prometheus plugin (`rabbitmq-prometheus`) share one area,
 * `mqload_rabbitmq_`, with `collector` (`management` | `prometheus`) telling them apart, since
 * both run by default and write the same names for the same quantity. Per-queue samples
 * (`labels { vhost, queue }`) become `mqload_rabbitmq_queue_<name>`; node (`labels { node }`)
 * and broker-wide samples `mqload_rabbitmq_<name>`; the memory breakdown (`memory_<kind>_bytes`)
 * one series `mqload_rabbitmq_memory_bytes{kind}`. A few names get their unit spelled out
 * ({@link RABBITMQ_RENAMES}: rates are messages per second).
 */
import type { SourceNaming } from '../series-naming.js';
import { RABBITMQ_SAMPLE_NAMES } from './names.js';

const RQ = RABBITMQ_SAMPLE_NAMES.queue;
const RN = RABBITMQ_SAMPLE_NAMES.node;
const RT = RABBITMQ_SAMPLE_NAMES.totals;

/** RabbitMQ sample names whose exported name says its unit (before the suffix conversions). */
export const RABBITMQ_RENAMES: Readonly<Record<string, string>> = {
  [RQ.publishPerSec]: 'published_messages_per_sec',
  [RQ.deliverPerSec]: 'delivered_messages_per_sec',
  [RQ.ackPerSec]: 'acked_messages_per_sec',
  [RQ.redeliverPerSec]: 'redelivered_messages_per_sec',
  [RT.confirmPerSec]: 'confirmed_messages_per_sec',
  [RT.unroutableDroppedPerSec]: 'unroutable_dropped_messages_per_sec',
  [RT.maxlenDroppedPerSec]: 'maxlen_dead_lettered_messages_per_sec',
  [RN.memUsed]: 'memory_used_bytes',
  [RN.memLimit]: 'memory_limit_bytes',
  [RN.memUsedRatio]: 'memory_used_ratio',
  [RN.memAlarm]: 'memory_alarm',
  [RN.fdAlarm]: 'file_descriptor_alarm',
  [RN.fdsUsed]: 'file_descriptors_used',
  [RN.fdsLimit]: 'file_descriptors_limit',
};

/** `memory_<kind>_bytes` of the memory breakdown (not the node's used and limit bytes). */
const RABBITMQ_MEMORY = /^memory_(.+)_bytes$/;

/** The exported base name of a RabbitMQ value, adding its labels (`kind` of a memory category). */
function rabbitmqBase(valueName: string, labels: Record<string, string>): string {
  const renamed = RABBITMQ_RENAMES[valueName];
  if (renamed !== undefined) return labels['queue'] !== undefined ? `queue_${renamed}` : renamed;
  const memory = RABBITMQ_MEMORY.exec(valueName);
  if (memory && labels['node'] !== undefined) {
    labels['kind'] = memory[1]!;
    return 'memory_bytes';
  }
  return labels['queue'] !== undefined ? `queue_${valueName}` : valueName;
}

/** Naming of the two RabbitMQ sources, by source. */
export const RABBITMQ_SERIES_NAMING: Readonly<Record<string, SourceNaming>> = {
  rabbitmq: { area: 'rabbitmq', instanceLabel: 'endpoint', labels: { collector: 'management' }, base: rabbitmqBase },
  'rabbitmq-prometheus': { area: 'rabbitmq', instanceLabel: 'endpoint', labels: { collector: 'prometheus' }, base: rabbitmqBase },
};
