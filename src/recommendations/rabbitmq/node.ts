/** Titles and recommendations for RabbitMQ node findings (KB R1–R3, R10, R11, R20), keyed by finding id. */
import { formatBytes, formatNumber, formatRate, formatRatio, formatSeconds } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** The memory-watermark advice of the memory alarm, from the rule's computed limit. */
function watermarkAdvice(p: { neededLimitBytes: number; ramBytes: number | null; suggestedWatermark: number | null; watermarkMin: number; watermarkMax: number }): string {
  const range = `recommended ${p.watermarkMin}–${p.watermarkMax}`;
  if (p.ramBytes === null || p.suggestedWatermark === null) {
    return `To give the observed peak headroom the limit must be at least ${formatBytes(p.neededLimitBytes)}: set vm_memory_high_watermark.absolute = ${formatBytes(p.neededLimitBytes)} if the host has RAM for it (a relative watermark is ${range} of RAM; the broker host's RAM was not measured).`;
  }
  if (p.suggestedWatermark <= p.watermarkMax) {
    return `Raise vm_memory_high_watermark.relative to ${p.suggestedWatermark.toFixed(2)} (a ${formatBytes(p.neededLimitBytes)} limit of ${formatBytes(p.ramBytes)} RAM; ${range}).`;
  }
  return `The peak would need a ${formatBytes(p.neededLimitBytes)} limit, ${formatRatio(p.suggestedWatermark)} of the ${formatBytes(p.ramBytes)} RAM, above the ${range}: add RAM (at least ${formatBytes(p.neededLimitBytes / p.watermarkMax)}) rather than raise the watermark.`;
}

/** RabbitMQ node finding texts, by finding id. */
export const rabbitNodeTexts = {
  'rabbitmq-memory-alarm': (p: {
    node: string;
    alarmSec: number;
    peakUsedBytes: number;
    limitBytes: number;
    peakRatio: number;
    neededLimitBytes: number;
    ramBytes: number | null;
    suggestedWatermark: number | null;
    watermarkMin: number;
    watermarkMax: number;
    blockedConnections: number | null;
  }): FindingText => ({
    title: `RabbitMQ memory alarm on ${p.node} for ${formatSeconds(p.alarmSec)}: ${formatBytes(p.peakUsedBytes)} used of a ${formatBytes(p.limitBytes)} limit (${formatRatio(p.peakRatio)})`,
    recommendation:
      `While the alarm is raised every publisher on the cluster is blocked${p.blockedConnections !== null && p.blockedConnections > 0 ? ` (${formatNumber(p.blockedConnections)} connections blocked at most)` : ''}, so the rates of this run are not the broker's. ` +
      `First make consumers faster or queues shorter (messages held in queues are what fills memory). ${watermarkAdvice(p)}`,
  }),
  'rabbitmq-disk-alarm': (p: { node: string; alarmSec: number; minFreeBytes: number; limitBytes: number; memLimitBytes: number | null }): FindingText => ({
    title: `RabbitMQ disk alarm on ${p.node} for ${formatSeconds(p.alarmSec)}: free disk fell to ${formatBytes(p.minFreeBytes)} (disk_free_limit ${formatBytes(p.limitBytes)})`,
    recommendation:
      'Publishers are blocked while free disk is below the limit. Free disk space or add disk, and drain the queues that page messages to disk. ' +
      (p.memLimitBytes !== null && p.limitBytes < p.memLimitBytes
        ? `The limit is lower than the memory limit (${formatBytes(p.memLimitBytes)}): set disk_free_limit.absolute ≈ ${formatBytes(p.memLimitBytes)} so the node stops before a memory flush can fill the disk.`
        : 'The limit already covers the memory limit, so the disk itself is too small for this backlog.'),
  }),
  'rabbitmq-flow-control': (p: {
    flowConnections: number;
    share: number;
    flowChannels: number | null;
    flowQueues: string[];
    stage: 'connection' | 'channel' | 'queue';
  }): FindingText => ({
    title: `RabbitMQ credit flow throttles publishers: ${formatNumber(p.flowConnections)} connection${p.flowConnections === 1 ? '' : 's'} in flow (median) in ${formatRatio(p.share)} of readings`,
    recommendation:
      'A stage downstream of the publishers cannot keep up, so the broker slows their reads. ' +
      (p.stage === 'queue'
        ? `Queues are in flow too (${p.flowQueues.slice(0, 3).map((q) => `\`${q}\``).join(', ')}${p.flowQueues.length > 3 ? ` and ${p.flowQueues.length - 3} more` : ''}): the message store or queue index is slow — use faster disks, keep queues short, or spread the load over more queues.`
        : p.stage === 'channel'
          ? `Channels (${formatNumber(p.flowChannels ?? 0)}) are in flow but no queue is: queue processes are CPU-bound or their index I/O is slow — spread the load over more queues (one queue uses one core) or give the node more CPU.`
          : 'Only connections are in flow: channel processes are CPU-bound (routing, many bindings) — use simpler routing (fanout or direct), fewer bindings per message, or more CPU.'),
  }),
  'rabbitmq-messages-dropped': (p: { cause: 'max-length' | 'unroutable'; total: number; peakPerSec: number; overflow: string | null; maxLength: number | null }): FindingText => ({
    title:
      p.cause === 'max-length'
        ? `${formatNumber(p.total)} messages dropped or dead-lettered by a queue length limit (up to ${formatRate(p.peakPerSec)})`
        : `${formatNumber(p.total)} unroutable messages dropped by the broker (up to ${formatRate(p.peakPerSec)})`,
    recommendation:
      'The broker confirmed messages no consumer will ever get, so the run\'s throughput counts overstate what was delivered and this run is invalid as a throughput figure. ' +
      (p.cause === 'max-length'
        ? `${p.maxLength !== null ? `x-max-length ${formatNumber(p.maxLength)} counts ready messages only; ` : ''}${p.overflow === 'reject-publish' ? 'reject-publish nacks the overflow (counted as failed sends)' : 'the default drop-head discards the oldest'}: raise or remove the limit for a throughput test, or set x-overflow: reject-publish so the overflow is counted.`
        : 'Bind a queue for every routing key the producers use (or publish with driver.config.mandatory so unroutable messages come back as failures).'),
  }),
} as const;
