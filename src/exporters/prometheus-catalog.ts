/**
 * Every metric the live `/metrics` endpoint exports, with its type, unit and labels. Every
 * metric also carries `run` (the run id), not repeated below. Label values that do not apply
 * are empty, which Prometheus treats as an absent label (e.g. `iface` is empty on the host's
 * total of non-loopback interfaces). Dashboards and alerts build their queries from this list.
 *
 * Collector gauges are named from the sample source and canonical value name by
 * `promMetricFor` in `prometheus-names.ts`; a test checks both agree.
 */

export type PromMetricType = 'counter' | 'gauge' | 'histogram';

/** Unit of the value (base units: seconds, bytes, ratios 0–1). */
export type PromUnit =
  | 'messages'
  | 'bytes'
  | 'requests'
  | 'seconds'
  | 'ratio'
  | 'messages_per_second'
  | 'bytes_per_second'
  | 'requests_per_second'
  | 'events_per_second'
  | 'collections'
  | 'threads'
  | 'partitions'
  | 'offset'
  | 'cores'
  | 'load'
  | 'index'
  | 'connections'
  | 'channels'
  | 'consumers'
  | 'queues'
  | 'file_descriptors'
  | 'sockets'
  /** Erlang processes. */
  | 'processes'
  /** Artemis page files. */
  | 'pages'
  /** 1 while something is true, else 0. */
  | 'boolean';

export interface PromMetricSpec {
  name: string;
  type: PromMetricType;
  unit: PromUnit;
  /** Labels besides `run`. */
  labels: readonly string[];
  help: string;
  /** `load` (timeline), `faults` (fault events) or the sample source the values come from. */
  from: 'load' | 'faults' | 'host' | 'process' | 'broker-process' | 'node' | 'jmx|jolokia' | 'lag' | 'client' | 'rabbitmq|rabbitmq-prometheus' | 'artemis' | 'activemq' | 'rocketmq';
}

const m = (name: string, type: PromMetricType, unit: PromUnit, labels: readonly string[], from: PromMetricSpec['from'], help: string): PromMetricSpec => ({
  name,
  type,
  unit,
  labels,
  help,
  from,
});

const EP = ['endpoint'] as const;
const TH = ['thread'] as const;
const PART = ['group', 'topic', 'partition'] as const;
const GROUP = ['group', 'topic'] as const;
/** RabbitMQ: `collector` is `management` (HTTP API) or `prometheus` (the plugin); both run by default, so pick one in queries. */
const RB = ['endpoint', 'collector'] as const;
const RNODE = ['node', 'endpoint', 'collector'] as const;
const RQUEUE = ['vhost', 'queue', 'endpoint', 'collector'] as const;
const R = 'rabbitmq|rabbitmq-prometheus' as const;
const MGMT = ' (management collector only)';
/** Artemis (Jolokia): queue, address and broker-wide series. */
const AQUEUE = ['address', 'queue', 'routing', 'endpoint'] as const;
const AADDR = ['address', 'policy', 'endpoint'] as const;
/** Artemis journal settings: `journal_type` NIO, ASYNCIO or MAPPED; `os` the broker JVM's operating system. */
const AJOURNAL = ['journal_type', 'os', 'endpoint'] as const;
const ART = 'artemis' as const;
/** ActiveMQ Classic (Jolokia): per-queue and broker-wide series. */
const CQUEUE = ['queue', 'endpoint'] as const;
const AMQ = 'activemq' as const;
/** RocketMQ (the broker's Prometheus exporter): per consumer group and topic, and broker-wide. */
const RGROUP = ['group', 'topic', 'endpoint'] as const;
const RMQ = 'rocketmq' as const;
const PLUGIN = ' (prometheus collector only)';

/** The exported metrics, in exposition order. */
export const PROMETHEUS_CATALOG: readonly PromMetricSpec[] = [
  // Load (from the timeline).
  m('mqload_messages_sent_total', 'counter', 'messages', [], 'load', 'Messages the producers issued to the client'),
  m('mqload_messages_acked_total', 'counter', 'messages', [], 'load', 'Messages the broker acknowledged'),
  m('mqload_messages_failed_total', 'counter', 'messages', [], 'load', 'Messages whose send failed after client retries'),
  m('mqload_sends_dropped_total', 'counter', 'messages', [], 'load', 'Sends the schedule wanted but the generator could not issue on time'),
  m('mqload_messages_received_total', 'counter', 'messages', [], 'load', 'Messages delivered to consumers (all groups)'),
  m('mqload_group_messages_received_total', 'counter', 'messages', ['group'], 'load', 'Messages delivered to the consumers of one group'),
  m('mqload_bytes_sent_total', 'counter', 'bytes', [], 'load', 'Payload bytes acknowledged'),
  m('mqload_bytes_received_total', 'counter', 'bytes', [], 'load', 'Payload bytes received by consumers'),
  m('mqload_produce_requests_total', 'counter', 'requests', [], 'load', 'Produce requests (batches) acknowledged'),
  m('mqload_messages_in_flight', 'gauge', 'messages', [], 'load', 'Messages issued and not yet acknowledged or failed'),
  m('mqload_target_rate_messages_per_second', 'gauge', 'messages_per_second', ['phase'], 'load', 'Target send rate (absent for max-throughput phases)'),
  m('mqload_phase_index', 'gauge', 'index', ['phase'], 'load', 'Index of the running load phase (-1 in warm-up, cool-down and drain)'),
  m('mqload_publish_latency_seconds', 'histogram', 'seconds', [], 'load', 'Publish latency from the intended send time to the acknowledgement'),
  m('mqload_publish_delay_seconds', 'histogram', 'seconds', [], 'load', 'Delay between the intended and the actual send time'),
  m('mqload_e2e_latency_seconds', 'histogram', 'seconds', [], 'load', 'End-to-end latency from the intended send time to consumption'),
  // Faults (from the run's fault and fault-end events).
  m('mqload_fault_active', 'gauge', 'boolean', ['fault', 'action'], 'faults', 'Injected fault in progress: 1 from injection until repaired (or failed), then 0; fault is its id (f0, f1, ... in profile order)'),
  // Load-generator host.
  m('mqload_host_cpu_busy_ratio', 'gauge', 'ratio', [], 'host', 'Load-generator host CPU busy share, all cores'),
  m('mqload_host_cpu_max_core_busy_ratio', 'gauge', 'ratio', [], 'host', 'Busy share of the busiest core of the load-generator host'),
  m('mqload_host_cpu_core_busy_ratio', 'gauge', 'ratio', ['core'], 'host', 'Busy share of one core of the load-generator host'),
  m('mqload_host_mem_total_bytes', 'gauge', 'bytes', [], 'host', 'Load-generator host memory'),
  m('mqload_host_mem_available_bytes', 'gauge', 'bytes', [], 'host', 'Load-generator host memory available'),
  m('mqload_host_net_rx_bytes_per_second', 'gauge', 'bytes_per_second', ['iface', 'loopback'], 'host', 'Bytes received per second; empty iface: sum of non-loopback interfaces'),
  m('mqload_host_net_tx_bytes_per_second', 'gauge', 'bytes_per_second', ['iface', 'loopback'], 'host', 'Bytes sent per second; empty iface: sum of non-loopback interfaces'),
  m('mqload_host_net_link_speed_bytes_per_second', 'gauge', 'bytes_per_second', ['iface', 'loopback'], 'host', 'Link speed of an interface; empty iface: the busiest non-loopback interface (absent when unknown)'),
  m('mqload_host_load1', 'gauge', 'load', [], 'host', 'Load-generator host 1-minute load average'),
  m('mqload_host_cores', 'gauge', 'cores', [], 'host', 'Load-generator host logical cores'),
  // mqload's own process and worker threads.
  m('mqload_process_cpu_ratio', 'gauge', 'ratio', TH, 'process', 'CPU use, 1 = one core (thread="all-threads": the whole process; coordinator, worker-<i>: that thread alone)'),
  m('mqload_process_rss_bytes', 'gauge', 'bytes', TH, 'process', 'Resident memory of the mqload process (thread="all-threads")'),
  m('mqload_process_heap_used_bytes', 'gauge', 'bytes', TH, 'process', 'V8 heap used by the coordinator'),
  m('mqload_process_heap_total_bytes', 'gauge', 'bytes', TH, 'process', 'V8 heap size of the coordinator'),
  m('mqload_process_event_loop_delay_p99_seconds', 'gauge', 'seconds', TH, 'process', 'Event-loop delay p99 over the last interval'),
  m('mqload_process_event_loop_delay_max_seconds', 'gauge', 'seconds', TH, 'process', 'Event-loop delay max over the last interval'),
  m('mqload_process_event_loop_utilization_ratio', 'gauge', 'ratio', TH, 'process', 'Event-loop utilisation over the last interval'),
  // The local broker's OS process.
  m('mqload_broker_process_cpu_ratio', 'gauge', 'ratio', ['pid'], 'broker-process', 'Broker process CPU use, 1 = one core'),
  m('mqload_broker_process_rss_bytes', 'gauge', 'bytes', ['pid'], 'broker-process', 'Broker process resident memory'),
  m('mqload_broker_process_threads', 'gauge', 'threads', ['pid'], 'broker-process', 'Broker process OS threads'),
  m('mqload_broker_process_disk_read_bytes_per_second', 'gauge', 'bytes_per_second', ['pid'], 'broker-process', 'Bytes the broker process read from block devices per second'),
  m('mqload_broker_process_disk_write_bytes_per_second', 'gauge', 'bytes_per_second', ['pid'], 'broker-process', 'Bytes the broker process wrote to block devices per second'),
  m('mqload_broker_process_data_dir_bytes', 'gauge', 'bytes', ['pid'], 'broker-process', 'Disk space used by the broker data directory'),
  // Broker hosts (node_exporter).
  m('mqload_node_cpu_busy_ratio', 'gauge', 'ratio', EP, 'node', 'Broker host CPU busy share (1 - idle)'),
  m('mqload_node_cores', 'gauge', 'cores', EP, 'node', 'Broker host logical cores'),
  m('mqload_node_load1', 'gauge', 'load', EP, 'node', 'Broker host 1-minute load average'),
  m('mqload_node_mem_available_bytes', 'gauge', 'bytes', EP, 'node', 'Broker host MemAvailable'),
  m('mqload_node_mem_total_bytes', 'gauge', 'bytes', EP, 'node', 'Broker host MemTotal'),
  m('mqload_node_net_rx_bytes_per_second', 'gauge', 'bytes_per_second', ['endpoint', 'device', 'loopback'], 'node', 'Broker host bytes received per second; empty device: sum of non-loopback devices'),
  m('mqload_node_net_tx_bytes_per_second', 'gauge', 'bytes_per_second', ['endpoint', 'device', 'loopback'], 'node', 'Broker host bytes sent per second; empty device: sum of non-loopback devices'),
  m('mqload_node_net_link_speed_bytes_per_second', 'gauge', 'bytes_per_second', EP, 'node', 'Sum of the known link speeds of the broker host non-loopback devices'),
  m('mqload_node_disk_read_bytes_per_second', 'gauge', 'bytes_per_second', EP, 'node', 'Broker host disk bytes read per second'),
  m('mqload_node_disk_write_bytes_per_second', 'gauge', 'bytes_per_second', EP, 'node', 'Broker host disk bytes written per second'),
  m('mqload_node_disk_io_busy_ratio', 'gauge', 'ratio', EP, 'node', 'Busy share of the busiest broker host disk'),
  // Broker JVM (JMX exporter or Jolokia).
  m('mqload_broker_jvm_heap_used_bytes', 'gauge', 'bytes', EP, 'jmx|jolokia', 'Broker JVM heap used'),
  m('mqload_broker_jvm_heap_committed_bytes', 'gauge', 'bytes', EP, 'jmx|jolokia', 'Broker JVM heap committed'),
  m('mqload_broker_jvm_heap_max_bytes', 'gauge', 'bytes', EP, 'jmx|jolokia', 'Broker JVM heap maximum'),
  m('mqload_broker_jvm_old_gen_after_gc_bytes', 'gauge', 'bytes', EP, 'jmx|jolokia', 'Broker old generation used after the last collection'),
  m('mqload_broker_jvm_gc_young_count_total', 'counter', 'collections', EP, 'jmx|jolokia', 'Broker young-generation collections'),
  m('mqload_broker_jvm_gc_young_seconds_total', 'counter', 'seconds', EP, 'jmx|jolokia', 'Broker young-generation collection time'),
  m('mqload_broker_jvm_gc_old_count_total', 'counter', 'collections', EP, 'jmx|jolokia', 'Broker old-generation (full) collections'),
  m('mqload_broker_jvm_gc_old_seconds_total', 'counter', 'seconds', EP, 'jmx|jolokia', 'Broker old-generation collection time'),
  m('mqload_broker_jvm_gc_time_ratio', 'gauge', 'ratio', EP, 'jmx|jolokia', 'Broker GC pause seconds per second over the last interval'),
  m('mqload_broker_jvm_threads', 'gauge', 'threads', EP, 'jmx|jolokia', 'Broker JVM live threads'),
  // Kafka broker internals (JMX exporter or Jolokia).
  m('mqload_broker_bytes_in_per_second', 'gauge', 'bytes_per_second', EP, 'jmx|jolokia', 'Bytes produced to the broker per second'),
  m('mqload_broker_bytes_out_per_second', 'gauge', 'bytes_per_second', EP, 'jmx|jolokia', 'Bytes fetched from the broker per second'),
  m('mqload_broker_messages_in_per_second', 'gauge', 'messages_per_second', EP, 'jmx|jolokia', 'Messages appended per second'),
  m('mqload_broker_request_handler_idle_ratio', 'gauge', 'ratio', EP, 'jmx|jolokia', 'Request handler (I/O thread) idle share over the last interval'),
  m('mqload_broker_network_processor_idle_ratio', 'gauge', 'ratio', EP, 'jmx|jolokia', 'Network processor idle share'),
  m('mqload_broker_request_queue_size', 'gauge', 'requests', EP, 'jmx|jolokia', 'Requests waiting for a request handler'),
  m('mqload_broker_produce_requests_per_second', 'gauge', 'requests_per_second', EP, 'jmx|jolokia', 'Produce requests per second'),
  m('mqload_broker_fetch_requests_per_second', 'gauge', 'requests_per_second', EP, 'jmx|jolokia', 'Consumer fetch requests per second'),
  m('mqload_broker_request_time_p99_seconds', 'gauge', 'seconds', ['endpoint', 'request', 'part'], 'jmx|jolokia', 'Request time p99 by request (produce, fetch_consumer) and part (total, request_queue, local, remote, response_queue, response_send)'),
  m('mqload_broker_under_replicated_partitions', 'gauge', 'partitions', EP, 'jmx|jolokia', 'Under-replicated partitions'),
  m('mqload_broker_under_min_isr_partitions', 'gauge', 'partitions', EP, 'jmx|jolokia', 'Partitions under min.insync.replicas'),
  m('mqload_broker_isr_shrinks_per_second', 'gauge', 'events_per_second', EP, 'jmx|jolokia', 'ISR shrinks per second'),
  m('mqload_broker_isr_expands_per_second', 'gauge', 'events_per_second', EP, 'jmx|jolokia', 'ISR expansions per second'),
  // Consumer lag.
  m('mqload_consumer_lag_messages', 'gauge', 'messages', PART, 'lag', 'Consumer lag of a partition (log-end offset - committed offset)'),
  m('mqload_consumer_log_end_offset', 'gauge', 'offset', PART, 'lag', 'Log-end offset of a partition'),
  m('mqload_consumer_committed_offset', 'gauge', 'offset', PART, 'lag', 'Committed offset of a group on a partition'),
  m('mqload_consumer_partition_lag_seconds', 'gauge', 'seconds', PART, 'lag', 'Time lag of a partition (interpolated from log-end offset history)'),
  m('mqload_consumer_group_lag_messages', 'gauge', 'messages', GROUP, 'lag', 'Consumer lag of a group on a topic, all partitions'),
  m('mqload_consumer_lag_seconds', 'gauge', 'seconds', GROUP, 'lag', 'Largest partition time lag of a group on a topic'),
  // Client instrumentation.
  m('mqload_client_requests_total', 'counter', 'requests', TH, 'client', 'Client requests completed'),
  m('mqload_client_request_timeouts_total', 'counter', 'requests', TH, 'client', 'Client requests timed out'),
  m('mqload_client_retries_total', 'counter', 'requests', TH, 'client', 'Client retries'),
  m('mqload_client_request_latency_avg_seconds', 'gauge', 'seconds', TH, 'client', 'Mean client request latency over the last interval'),
  m('mqload_client_request_latency_p99_seconds', 'gauge', 'seconds', TH, 'client', 'Client request latency p99 over the last interval'),
  m('mqload_client_request_queue_size_max', 'gauge', 'requests', TH, 'client', 'Largest client request queue over the last interval'),
  // RabbitMQ nodes (management API or the rabbitmq_prometheus plugin).
  m('mqload_rabbitmq_memory_used_bytes', 'gauge', 'bytes', RNODE, R, 'Memory the node uses (management mem_used; plugin: resident memory)'),
  m('mqload_rabbitmq_memory_limit_bytes', 'gauge', 'bytes', RNODE, R, 'Memory high watermark: publishers block above it'),
  m('mqload_rabbitmq_memory_used_ratio', 'gauge', 'ratio', RNODE, R, 'Memory used / high watermark (1 raises the memory alarm)'),
  m('mqload_rabbitmq_memory_alarm', 'gauge', 'boolean', RNODE, R, 'Memory alarm raised: publishers blocked cluster-wide'),
  m('mqload_rabbitmq_disk_free_alarm', 'gauge', 'boolean', RNODE, R, 'Disk alarm raised: publishers blocked cluster-wide'),
  m('mqload_rabbitmq_file_descriptor_alarm', 'gauge', 'boolean', RNODE, R, `File-descriptor alarm raised${PLUGIN}`),
  m('mqload_rabbitmq_disk_free_bytes', 'gauge', 'bytes', RNODE, R, 'Disk space free where the node keeps its data'),
  m('mqload_rabbitmq_disk_free_limit_bytes', 'gauge', 'bytes', RNODE, R, 'Free disk space below which the disk alarm fires'),
  m('mqload_rabbitmq_file_descriptors_used', 'gauge', 'file_descriptors', RNODE, R, 'File descriptors open'),
  m('mqload_rabbitmq_file_descriptors_limit', 'gauge', 'file_descriptors', RNODE, R, 'File descriptors the node may open'),
  m('mqload_rabbitmq_sockets_used', 'gauge', 'sockets', RNODE, R, 'Sockets in use (the 3.10 plugin reports 0)'),
  m('mqload_rabbitmq_sockets_limit', 'gauge', 'sockets', RNODE, R, 'Sockets the node may use'),
  m('mqload_rabbitmq_erlang_processes_used', 'gauge', 'processes', RNODE, R, 'Erlang processes in use'),
  m('mqload_rabbitmq_erlang_processes_limit', 'gauge', 'processes', RNODE, R, 'Erlang processes the VM allows'),
  m('mqload_rabbitmq_erlang_run_queue', 'gauge', 'processes', RNODE, R, 'Erlang processes waiting for a scheduler'),
  m('mqload_rabbitmq_memory_bytes', 'gauge', 'bytes', ['node', 'kind', 'endpoint', 'collector'], R, 'Node memory by kind (management /api/nodes/{n}/memory keys such as binary, queue_procs, quorum_queue_procs, mgmt_db; plugin: binary, code, ets, atom, processes), at most every 5 s'),
  // RabbitMQ queues of the run's vhost.
  m('mqload_rabbitmq_queue_ready_messages', 'gauge', 'messages', RQUEUE, R, 'Messages ready for delivery in a queue'),
  m('mqload_rabbitmq_queue_unacked_messages', 'gauge', 'messages', RQUEUE, R, 'Messages delivered and not yet acknowledged'),
  m('mqload_rabbitmq_queue_depth_messages', 'gauge', 'messages', RQUEUE, R, 'Messages in a queue, ready + unacked'),
  m('mqload_rabbitmq_queue_consumers', 'gauge', 'consumers', RQUEUE, R, 'Consumers of a queue'),
  m('mqload_rabbitmq_queue_consumer_capacity_ratio', 'gauge', 'ratio', RQUEUE, R, 'Share of time the queue could deliver to its consumers at once (1: consumers keep up)'),
  m('mqload_rabbitmq_queue_published_messages_per_second', 'gauge', 'messages_per_second', RQUEUE, R, 'Messages published into a queue per second'),
  m('mqload_rabbitmq_queue_delivered_messages_per_second', 'gauge', 'messages_per_second', RQUEUE, R, 'Messages a queue delivered (or gave to basic.get) per second'),
  m('mqload_rabbitmq_queue_acked_messages_per_second', 'gauge', 'messages_per_second', RQUEUE, R, 'Deliveries of a queue acknowledged per second'),
  m('mqload_rabbitmq_queue_redelivered_messages_per_second', 'gauge', 'messages_per_second', RQUEUE, R, 'Messages a queue delivered again per second'),
  m('mqload_rabbitmq_queue_in_flow', 'gauge', 'boolean', RQUEUE, R, `Queue process in flow control${MGMT}`),
  // RabbitMQ broker-wide (queue figures summed over the vhost's listed queues).
  m('mqload_rabbitmq_ready_messages', 'gauge', 'messages', RB, R, 'Messages ready, all queues'),
  m('mqload_rabbitmq_unacked_messages', 'gauge', 'messages', RB, R, 'Messages delivered and not yet acknowledged, all queues'),
  m('mqload_rabbitmq_depth_messages', 'gauge', 'messages', RB, R, 'Messages in all queues, ready + unacked'),
  m('mqload_rabbitmq_consumers', 'gauge', 'consumers', RB, R, 'Consumers, all queues'),
  m('mqload_rabbitmq_queues', 'gauge', 'queues', RB, R, 'Queues (management: of the run\'s vhost; plugin: of the node)'),
  m('mqload_rabbitmq_published_messages_per_second', 'gauge', 'messages_per_second', RB, R, 'Messages the broker received from publishers per second'),
  m('mqload_rabbitmq_delivered_messages_per_second', 'gauge', 'messages_per_second', RB, R, 'Messages delivered to consumers per second'),
  m('mqload_rabbitmq_acked_messages_per_second', 'gauge', 'messages_per_second', RB, R, 'Deliveries acknowledged per second'),
  m('mqload_rabbitmq_redelivered_messages_per_second', 'gauge', 'messages_per_second', RB, R, 'Messages delivered again per second'),
  m('mqload_rabbitmq_confirmed_messages_per_second', 'gauge', 'messages_per_second', RB, R, `Publisher confirms sent per second${PLUGIN}`),
  m('mqload_rabbitmq_unroutable_dropped_messages_per_second', 'gauge', 'messages_per_second', RB, R, `Unroutable messages dropped per second${PLUGIN}`),
  m('mqload_rabbitmq_maxlen_dead_lettered_messages_per_second', 'gauge', 'messages_per_second', RB, R, `Messages dead-lettered or dropped at a queue's max-length per second${PLUGIN}`),
  m('mqload_rabbitmq_connections', 'gauge', 'connections', RB, R, 'Client connections'),
  m('mqload_rabbitmq_connections_running', 'gauge', 'connections', RB, R, `Connections in state running${MGMT}`),
  m('mqload_rabbitmq_connections_flow', 'gauge', 'connections', RB, R, `Connections throttled by credit flow${MGMT}`),
  m('mqload_rabbitmq_connections_blocking', 'gauge', 'connections', RB, R, `Connections that will block on their next publish (an alarm is raised)${MGMT}`),
  m('mqload_rabbitmq_connections_blocked', 'gauge', 'connections', RB, R, `Connections whose publishers are blocked by an alarm${MGMT}`),
  m('mqload_rabbitmq_channels', 'gauge', 'channels', RB, R, 'Channels'),
  m('mqload_rabbitmq_channels_flow', 'gauge', 'channels', RB, R, `Channels in flow control${MGMT}`),
  m('mqload_rabbitmq_channel_unacked_messages', 'gauge', 'messages', RB, R, 'Deliveries not yet acknowledged, all channels'),
  m('mqload_rabbitmq_channel_unconfirmed_messages', 'gauge', 'messages', RB, R, 'Publishes not yet confirmed, all channels'),
  m('mqload_rabbitmq_prefetch_limit_messages', 'gauge', 'messages', RB, R, `Sum of the prefetch limits of the channels with consumers${MGMT}`),
  m('mqload_rabbitmq_unlimited_prefetch_channels', 'gauge', 'channels', RB, R, `Channels with consumers and no prefetch limit (unbounded unacked)${MGMT}`),
  // Artemis queues (Jolokia QueueControl); without queue labels: summed over the run's queues.
  m('mqload_artemis_queue_depth_messages', 'gauge', 'messages', AQUEUE, ART, 'Messages in a queue (MessageCount, delivering included)'),
  m('mqload_artemis_queue_delivering_messages', 'gauge', 'messages', AQUEUE, ART, 'Messages delivered to consumers and not yet acknowledged (DeliveringCount)'),
  m('mqload_artemis_queue_consumers', 'gauge', 'consumers', AQUEUE, ART, 'Consumers of a queue'),
  m('mqload_artemis_queue_added_messages_per_second', 'gauge', 'messages_per_second', AQUEUE, ART, 'Messages routed into a queue per second (MessagesAdded)'),
  m('mqload_artemis_queue_acked_messages_per_second', 'gauge', 'messages_per_second', AQUEUE, ART, 'Messages of a queue acknowledged per second (MessagesAcknowledged)'),
  m('mqload_artemis_queue_killed_messages_per_second', 'gauge', 'messages_per_second', AQUEUE, ART, 'Messages sent to the dead-letter address per second (MessagesKilled)'),
  m('mqload_artemis_queue_expired_messages_per_second', 'gauge', 'messages_per_second', AQUEUE, ART, 'Messages expired per second (MessagesExpired)'),
  m('mqload_artemis_depth_messages', 'gauge', 'messages', EP, ART, 'Messages in the run\'s queues'),
  m('mqload_artemis_delivering_messages', 'gauge', 'messages', EP, ART, 'Messages delivered and not yet acknowledged, the run\'s queues'),
  m('mqload_artemis_consumers', 'gauge', 'consumers', EP, ART, 'Consumers of the run\'s queues'),
  m('mqload_artemis_added_messages_per_second', 'gauge', 'messages_per_second', EP, ART, 'Messages routed into the run\'s queues per second'),
  m('mqload_artemis_acked_messages_per_second', 'gauge', 'messages_per_second', EP, ART, 'Messages of the run\'s queues acknowledged per second'),
  m('mqload_artemis_killed_messages_per_second', 'gauge', 'messages_per_second', EP, ART, 'Messages of the run\'s queues sent to the dead-letter address per second'),
  m('mqload_artemis_expired_messages_per_second', 'gauge', 'messages_per_second', EP, ART, 'Messages of the run\'s queues expired per second'),
  // Artemis addresses (Jolokia AddressControl and address settings).
  m('mqload_artemis_address_size_bytes', 'gauge', 'bytes', AADDR, ART, 'Bytes of an address\'s messages in memory (AddressSize)'),
  m('mqload_artemis_address_paging', 'gauge', 'boolean', AADDR, ART, 'Address paging messages to disk'),
  m('mqload_artemis_address_pages', 'gauge', 'pages', AADDR, ART, 'Page files of an address on disk'),
  m('mqload_artemis_address_limit_ratio', 'gauge', 'ratio', AADDR, ART, 'Address size / its limit (1: the address-full-policy applies)'),
  m('mqload_artemis_address_max_size_bytes', 'gauge', 'bytes', AADDR, ART, 'max-size-bytes of the address settings (-1: none, the global limit applies)'),
  m('mqload_artemis_address_full_policy_not_paging', 'gauge', 'boolean', AADDR, ART, 'address-full-policy BLOCK, FAIL or DROP (policy label: which)'),
  // Artemis broker (Jolokia ActiveMQServerControl).
  m('mqload_artemis_address_memory_bytes', 'gauge', 'bytes', EP, ART, 'Bytes all addresses hold in memory (AddressMemoryUsage)'),
  m('mqload_artemis_address_memory_ratio', 'gauge', 'ratio', EP, ART, 'Address memory / global-max-size'),
  m('mqload_artemis_global_max_size_bytes', 'gauge', 'bytes', EP, ART, 'global-max-size (half of -Xmx unless set)'),
  m('mqload_artemis_connections', 'gauge', 'connections', EP, ART, 'Client connections open at the broker'),
  m('mqload_artemis_disk_store_usage_ratio', 'gauge', 'ratio', EP, ART, 'Disk use of the journal\'s volume'),
  m('mqload_artemis_max_disk_usage_ratio', 'gauge', 'ratio', EP, ART, 'Disk use at which the broker blocks producers (max-disk-usage)'),
  // Artemis journal (Jolokia ActiveMQServerControl), labelled by journal type and the broker's OS.
  m('mqload_artemis_journal_buffer_timeout_seconds', 'gauge', 'seconds', AJOURNAL, ART, 'journal-buffer-timeout: how long the journal gathers writes before one flush and sync'),
  m('mqload_artemis_journal_sync_non_transactional', 'gauge', 'boolean', AJOURNAL, ART, 'Durable sends outside transactions wait for the journal sync (journal-sync-non-transactional)'),
  m('mqload_artemis_persistence_enabled', 'gauge', 'boolean', AJOURNAL, ART, 'The broker persists messages to its journal (persistence-enabled)'),
  // ActiveMQ Classic queues and broker (Jolokia BrokerView / QueueView).
  m('mqload_activemq_queue_depth_messages', 'gauge', 'messages', CQUEUE, AMQ, 'Messages in a queue not yet acknowledged, dispatched ones included (QueueSize)'),
  m('mqload_activemq_queue_consumers', 'gauge', 'consumers', CQUEUE, AMQ, 'Consumers of a queue'),
  m('mqload_activemq_queue_in_flight_messages', 'gauge', 'messages', CQUEUE, AMQ, 'Messages dispatched to consumers and not acknowledged (InFlightCount: what their prefetch holds)'),
  m('mqload_activemq_queue_enqueued_messages_per_second', 'gauge', 'messages_per_second', CQUEUE, AMQ, 'Messages into a queue per second (EnqueueCount)'),
  m('mqload_activemq_queue_dequeued_messages_per_second', 'gauge', 'messages_per_second', CQUEUE, AMQ, 'Messages of a queue acknowledged per second (DequeueCount)'),
  m('mqload_activemq_queue_memory_usage_ratio', 'gauge', 'ratio', CQUEUE, AMQ, "A queue's share of the broker memory limit"),
  m('mqload_activemq_memory_usage_ratio', 'gauge', 'ratio', EP, AMQ, 'Broker memory in use / its limit (producer flow control blocks senders at 1)'),
  m('mqload_activemq_store_usage_ratio', 'gauge', 'ratio', EP, AMQ, 'KahaDB store in use / its limit (persistent sends block at 1)'),
  m('mqload_activemq_temp_usage_ratio', 'gauge', 'ratio', EP, AMQ, 'Temp store in use / its limit (non-persistent messages spooled to disk; sends block at 1)'),
  m('mqload_activemq_memory_limit_bytes', 'gauge', 'bytes', EP, AMQ, 'Broker memory limit (systemUsage memoryUsage)'),
  m('mqload_activemq_store_limit_bytes', 'gauge', 'bytes', EP, AMQ, 'Store limit (systemUsage storeUsage)'),
  m('mqload_activemq_temp_limit_bytes', 'gauge', 'bytes', EP, AMQ, 'Temp store limit (systemUsage tempUsage)'),
  m('mqload_activemq_enqueued_messages_per_second', 'gauge', 'messages_per_second', EP, AMQ, 'Messages the broker took in per second, all destinations (virtual-topic copies count each)'),
  m('mqload_activemq_dequeued_messages_per_second', 'gauge', 'messages_per_second', EP, AMQ, 'Messages acknowledged per second, all destinations'),
  m('mqload_activemq_connections', 'gauge', 'connections', EP, AMQ, 'Client connections open at the broker'),
  m('mqload_activemq_consumers', 'gauge', 'consumers', EP, AMQ, 'Consumers at the broker'),
  // RocketMQ consumer groups and broker (the broker's own exporter, metricsExporterType=PROM).
  m('mqload_rocketmq_consumer_lag_messages', 'gauge', 'messages', RGROUP, RMQ, 'Messages of the topic the group has not consumed (rocketmq_consumer_lag_messages)'),
  m('mqload_rocketmq_consumer_ready_messages', 'gauge', 'messages', RGROUP, RMQ, 'Messages ready for the group to receive'),
  m('mqload_rocketmq_consumer_inflight_messages', 'gauge', 'messages', RGROUP, RMQ, 'Messages received by the group and not yet acknowledged'),
  m('mqload_rocketmq_consumer_lag_latency_seconds', 'gauge', 'seconds', RGROUP, RMQ, 'Age of the oldest message the group has not consumed'),
  m('mqload_rocketmq_consumer_queueing_latency_seconds', 'gauge', 'seconds', RGROUP, RMQ, 'How long ready messages wait before the group receives them'),
  m('mqload_rocketmq_put_messages_per_second', 'gauge', 'messages_per_second', EP, RMQ, 'Messages written to the broker per second, user topics'),
  m('mqload_rocketmq_get_messages_per_second', 'gauge', 'messages_per_second', EP, RMQ, 'Messages read from the broker per second, user topics'),
  m('mqload_rocketmq_flush_behind_bytes', 'gauge', 'bytes', EP, RMQ, 'Commit-log bytes written but not yet flushed to disk'),
  m('mqload_rocketmq_dispatch_behind_bytes', 'gauge', 'bytes', EP, RMQ, 'Commit-log bytes not yet dispatched to the consume queues'),
  m('mqload_rocketmq_send_queue_watermark', 'gauge', 'requests', EP, RMQ, 'Requests waiting in the broker\'s send thread-pool queue (system busy above its capacity)'),
  m('mqload_rocketmq_pull_queue_watermark', 'gauge', 'requests', EP, RMQ, 'Requests waiting in the broker\'s pull thread-pool queue'),
  m('mqload_rocketmq_sync_flush', 'gauge', 'boolean', EP, RMQ, 'Broker runs flushDiskType=SYNC_FLUSH (receipts wait for the commit log\'s fsync); 0: ASYNC_FLUSH'),
  m('mqload_rocketmq_sync_replication', 'gauge', 'boolean', EP, RMQ, 'Broker runs brokerRole=SYNC_MASTER (receipts wait for a slave\'s copy)'),
];

/** Catalog entry by metric name. */
export const PROMETHEUS_CATALOG_BY_NAME: ReadonlyMap<string, PromMetricSpec> = new Map(PROMETHEUS_CATALOG.map((s) => [s.name, s]));
