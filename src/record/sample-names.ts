/**
 * The catalogue of sample value names: what each collector source writes in
 * `samples.jsonl` (see `Sample` in `format.ts`), with their units in the names.
 */

/**
 * Canonical sample value names per collector source. Collectors write these; the analyzer, the
 * Prometheus exporter and the reports read them. Add names here, never inline elsewhere.
 */
export const SAMPLE_NAMES = {
  host: {
    cpuPercent: 'cpu_busy_percent',
    /** Highest per-core busy %, with `cpu_core_<i>_busy_percent` per core. */
    cpuMaxCorePercent: 'cpu_max_core_busy_percent',
    memTotal: 'mem_total_bytes',
    memAvailable: 'mem_available_bytes',
    netRx: 'net_rx_bytes_per_sec',
    netTx: 'net_tx_bytes_per_sec',
    /** Link speed of the busiest non-loopback interface, bytes/s (absent when unknown, e.g. loopback only). */
    netLinkSpeed: 'net_link_speed_bytes_per_sec',
    load1: 'load1',
    cores: 'cores',
  },
  process: {
    cpuPercent: 'cpu_percent',
    rss: 'rss_bytes',
    heapUsed: 'heap_used_bytes',
    heapTotal: 'heap_total_bytes',
    eventLoopDelayP99: 'event_loop_delay_p99_ms',
    eventLoopDelayMax: 'event_loop_delay_max_ms',
    eventLoopUtilization: 'event_loop_utilization_ratio',
  },
  brokerProcess: {
    cpuPercent: 'cpu_percent',
    rss: 'rss_bytes',
    threads: 'threads',
    diskReadBps: 'disk_read_bytes_per_sec',
    diskWriteBps: 'disk_write_bytes_per_sec',
    dataDirBytes: 'data_dir_bytes',
  },
  node: {
    cpuBusyPercent: 'cpu_busy_percent',
    cores: 'cores',
    load1: 'load1',
    memAvailable: 'mem_available_bytes',
    memTotal: 'mem_total_bytes',
    netRx: 'net_rx_bytes_per_sec',
    netTx: 'net_tx_bytes_per_sec',
    /** Sum of `node_network_speed_bytes` over non-loopback interfaces, bytes/s (absent when unknown). */
    netLinkSpeed: 'net_link_speed_bytes_per_sec',
    diskRead: 'disk_read_bytes_per_sec',
    diskWrite: 'disk_write_bytes_per_sec',
    diskBusy: 'disk_io_busy_ratio',
  },
  jvm: {
    heapUsed: 'heap_used_bytes',
    heapCommitted: 'heap_committed_bytes',
    heapMax: 'heap_max_bytes',
    oldGenAfterGc: 'old_gen_after_gc_bytes',
    gcYoungCount: 'gc_young_count_total',
    gcYoungSeconds: 'gc_young_seconds_total',
    gcOldCount: 'gc_old_count_total',
    gcOldSeconds: 'gc_old_seconds_total',
    /** GC seconds per second over the last interval (all collectors). */
    gcTimeRatio: 'gc_time_ratio',
    threads: 'threads',
  },
  kafka: {
    bytesInPerSec: 'bytes_in_per_sec',
    bytesOutPerSec: 'bytes_out_per_sec',
    messagesInPerSec: 'messages_in_per_sec',
    requestHandlerIdle: 'request_handler_idle_ratio',
    networkProcessorIdle: 'network_processor_idle_ratio',
    requestQueueSize: 'request_queue_size',
    produceRequestsPerSec: 'produce_requests_per_sec',
    fetchRequestsPerSec: 'fetch_requests_per_sec',
    /** `<req>_<part>_time_ms_p99` for req in produce|fetch_consumer, part in total|request_queue|local|remote|response_queue|response_send. */
    produceTotalTimeP99: 'produce_total_time_ms_p99',
    underReplicated: 'under_replicated_partitions',
    underMinIsr: 'under_min_isr_partitions',
    isrShrinksPerSec: 'isr_shrinks_per_sec',
    isrExpandsPerSec: 'isr_expands_per_sec',
  },
  /**
   * Per group queue (`labels { queue }`), written by the broker collectors of kinds whose groups
   * are queues (capability `groups: 'queue-per-group'`; RabbitMQ adds `vhost`); the report's queue
   * section reads them by capability.
   */
  queue: {
    /** Messages in the queue: ready + unacknowledged. */
    depth: 'depth_messages',
    consumers: 'consumers',
    /** Share of time the queue could deliver to its consumers at once, 0–1 (0: no consumers or all saturated; 1: consumers keep up). Per queue only. */
    consumerCapacity: 'consumer_capacity_ratio',
  },
  lag: {
    /** Per partition (labels group, topic, partition) and per group total (labels group, topic). */
    lagMessages: 'lag_messages',
    logEndOffset: 'log_end_offset',
    committedOffset: 'committed_offset',
    timeLagSeconds: 'time_lag_seconds',
  },
  client: {
    requestLatencyP99: 'request_latency_p99_ms',
    requestLatencyAvg: 'request_latency_avg_ms',
    requests: 'requests_count',
    requestQueueSizeMax: 'request_queue_size_max',
    timeouts: 'request_timeouts_count',
    retries: 'retries_count',
  },
} as const;

/**
 * Label of a `jmx`/`jolokia` sample telling which JVM of a broker it is, for brokers that run
 * more than one (RocketMQ: the broker with its proxy, and the name server): {@link BROKER_JVM}
 * is judged by the JVM rules, any other role (e.g. `namesrv`) is recorded and exported but not
 * judged. A sample without the label is the broker's.
 */
export const JVM_ROLE_LABEL = 'jvm';
/** The {@link JVM_ROLE_LABEL} value of the broker's own JVM. */
export const BROKER_JVM = 'broker';
