/**
 * Canonical sample sources and value names of the RabbitMQ collectors. Both collectors write the
 * same value name for the same quantity, so a rule reads either source (like `JMX_SOURCES`):
 *
 * - source `rabbitmq` — the management HTTP API (`/api/nodes`, `/api/queues/{vhost}`,
 *   `/api/connections`, `/api/channels`, `/api/nodes/{n}/memory`). The only source of
 *   connection, channel and queue `state` (flow control, blocked publishers) and of channel
 *   prefetch. Its counts and rates are refreshed by the broker every `collect_statistics_interval`
 *   (5 s by default), so successive 1 s samples repeat values.
 * - source `rabbitmq-prometheus` — the `rabbitmq_prometheus` plugin (`/metrics` aggregated,
 *   `/metrics/detailed?family=…` per queue). Real-time counters; no `state`.
 *
 * Sample kinds (`labels` tell them apart; `instance` is the endpoint, `host:port`, never with credentials):
 * - node:        `labels { node }`  — {@link RABBITMQ_SAMPLE_NAMES.node}
 * - queue:       `labels { vhost, queue }` — {@link RABBITMQ_SAMPLE_NAMES.queue}
 * - broker-wide: no labels — {@link RABBITMQ_SAMPLE_NAMES.totals} (and queue names summed over all queues)
 *
 * Names follow the record's unit suffixes; booleans are 0/1 gauges. `_total` and `_count` are
 * avoided for gauges (the Prometheus exporter reads them as counters).
 */

import { SAMPLE_NAMES } from '../../record/sample-names.js';

/** Sample sources of the RabbitMQ collectors. */
export const RABBITMQ_SOURCES = ['rabbitmq', 'rabbitmq-prometheus'] as const;
export type RabbitMqSource = (typeof RABBITMQ_SOURCES)[number];

export const RABBITMQ_SAMPLE_NAMES = {
  /** Per node (`labels { node }`). */
  node: {
    /** Memory the broker accounts as used (management `mem_used`; Prometheus: resident memory), bytes. */
    memUsed: 'mem_used_bytes',
    /** Memory high watermark in bytes (`mem_limit`, `rabbitmq_resident_memory_limit_bytes`): publishers block above it. */
    memLimit: 'mem_limit_bytes',
    /** mem_used ÷ mem_limit, 0–1 (≥ 1 raises the memory alarm). */
    memUsedRatio: 'mem_used_ratio',
    /** 1 while the memory alarm is raised (publishers blocked cluster-wide), else 0. */
    memAlarm: 'mem_alarm',
    /** 1 while the disk alarm is raised, else 0. */
    diskAlarm: 'disk_free_alarm',
    /** Prometheus only: 1 while the file-descriptor alarm is raised. */
    fdAlarm: 'fd_alarm',
    diskFree: 'disk_free_bytes',
    /** `disk_free_limit`: the disk alarm fires below it, bytes. */
    diskFreeLimit: 'disk_free_limit_bytes',
    fdsUsed: 'fds_used',
    fdsLimit: 'fds_limit',
    /** Sockets in use (management `sockets_used`; Prometheus `rabbitmq_process_open_tcp_sockets`, which 3.10 reports as 0). */
    socketsUsed: 'sockets_used',
    socketsLimit: 'sockets_limit',
    /** Erlang processes in use and the VM's limit. */
    processesUsed: 'erlang_processes_used',
    processesLimit: 'erlang_processes_limit',
    /** Erlang scheduler run queue (runnable processes waiting for a scheduler). */
    runQueue: 'erlang_run_queue',
    /**
     * `memory_<key>_bytes` for every numeric key of `/api/nodes/{n}/memory` (e.g. `binary`,
     * `queue_procs`, `quorum_queue_procs`, `connection_readers`, `connection_channels`,
     * `connection_other`, `mgmt_db`, `plugins`, `other_proc`, `code`, `other_ets`,
     * `allocated_unused`); Prometheus gives `binary`, `code`, `ets`, `atom` and `processes`
     * (`erlang_vm_memory_*`). Sampled at most every 5 s (the breakdown walks every process).
     */
    memoryBinary: 'memory_binary_bytes',
    memoryQueueProcs: 'memory_queue_procs_bytes',
    memoryQuorumQueueProcs: 'memory_quorum_queue_procs_bytes',
    memoryMgmtDb: 'memory_mgmt_db_bytes',
  },
  /** Per queue (`labels { vhost, queue }`); without labels, summed over all queues. */
  queue: {
    ready: 'ready_messages',
    unacked: 'unacked_messages',
    /** ready + unacked; `consumers`; `consumerCapacity` (per queue only): the neutral queue names. */
    ...SAMPLE_NAMES.queue,
    /** Messages published into the queue (all queues: received by the broker), per second. */
    publishPerSec: 'publish_per_sec',
    /** Messages delivered to consumers or fetched with basic.get, per second. */
    deliverPerSec: 'deliver_per_sec',
    ackPerSec: 'ack_per_sec',
    redeliverPerSec: 'redeliver_per_sec',
    /** Management only, per queue: 1 while the queue process is in flow control (`state: flow`). */
    inFlow: 'in_flow',
  },
  /** Broker-wide, without labels. */
  totals: {
    connections: 'connections',
    /** Connections by `state` (management only): running, flow (credit-flow throttled), blocking (will block on publish: alarm), blocked (publisher blocked by an alarm). */
    connectionsRunning: 'connections_running',
    connectionsFlow: 'connections_flow',
    connectionsBlocking: 'connections_blocking',
    connectionsBlocked: 'connections_blocked',
    channels: 'channels',
    /** Channels in `state: flow` (management only). */
    channelsFlow: 'channels_flow',
    /** Σ channel `messages_unacknowledged`. */
    channelUnacked: 'channel_unacked_messages',
    /** Σ channel `messages_unconfirmed` (publisher confirms outstanding). */
    channelUnconfirmed: 'channel_unconfirmed_messages',
    /** Σ over consumer channels of prefetch_count × consumer_count (per-consumer limits) plus global_prefetch_count (management only). */
    prefetchLimit: 'prefetch_limit_messages',
    /** Channels with consumers and no prefetch limit at all (management only): their unacked messages are unbounded. */
    unlimitedPrefetchChannels: 'unlimited_prefetch_channels',
    /** Prometheus only: messages confirmed to publishers per second. */
    confirmPerSec: 'confirm_per_sec',
    /** Prometheus only: unroutable messages dropped per second. */
    unroutableDroppedPerSec: 'unroutable_dropped_per_sec',
    /** Prometheus only: messages dead-lettered (or dropped) because a queue hit max-length, per second. */
    maxlenDroppedPerSec: 'maxlen_dead_lettered_per_sec',
  },
} as const;

/** `memory_<key>_bytes`: the sample name of one Erlang memory category. */
export function memoryName(key: string): string {
  return `memory_${key.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase()}_bytes`;
}
