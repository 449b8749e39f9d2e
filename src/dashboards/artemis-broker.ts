/**
 * The "Artemis broker" dashboard: Apache ActiveMQ Artemis as mqload's own `/metrics` serves it
 * during an Artemis run — the Artemis Jolokia collector's `mqload_artemis_*` series (run queues,
 * run addresses, the broker, its journal), the broker JVM (`mqload_broker_jvm_*`, the
 * collector's `jolokia` sample) and the local broker process — next to mqload's own load series
 * of the chosen run. No broker-side exporter is needed: Prometheus scrapes mqload only (its `mqload` job).
 */
import { buildDashboard, type Dashboard } from './grafana.js';

const RUN = 'run=~"$run"';
/** The chosen run's chosen queues. */
const QUEUE = 'run=~"$run", queue=~"$queue"';
/** The chosen run's chosen addresses. */
const ADDRESS = 'run=~"$run", address=~"$address"';

/** The dashboard model (Grafana JSON), uid `mqload-artemis-broker`. */
export function artemisBrokerDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-artemis-broker',
    title: 'Artemis broker',
    description: 'Apache ActiveMQ Artemis under load, from the series mqload exports for it (the Artemis Jolokia collector, the broker JVM and process): queue depth, delivering and consumers, rates next to mqload’s, address memory vs global-max-size, paging and address limits, the journal, heap and GC.',
    tags: ['mqload', 'artemis'],
    variables: [
      { name: 'run', label: 'mqload run', description: 'Run id of a `mqload run` against Artemis (newest first)', query: 'label_values(mqload_artemis_connections, run)', sort: 2, multi: false },
      { name: 'queue', label: 'Queue', description: 'Queues of the run (`<address>.<group>`, or the address itself when anycast)', query: 'label_values(mqload_artemis_queue_depth_messages{run=~"$run"}, queue)', sort: 1, multi: true },
      { name: 'address', label: 'Address', description: 'Addresses (topics) of the run', query: 'label_values(mqload_artemis_address_size_bytes{run=~"$run"}, address)', sort: 1, multi: true },
    ],
    annotations: [
      { name: 'mqload run phases', expr: 'count by (run, phase) (mqload_phase_index{run=~"$run"})', title: '{{run}} {{phase}}', tagKeys: 'run,phase', color: 'rgba(255, 152, 48, 0.4)' },
    ],
    rows: [
      {
        title: "Message rates",
        panels: [
          {
            title: "Run queues: added and acknowledged",
            description: "Messages routed into the run's queues and acknowledged by their consumers, per second (Jolokia MessagesAdded, MessagesAcknowledged, as rates between two readings). Added above acknowledged means the queues grow.",
            unit: 'short',
            axisLabel: "msg/s",
            queries: [
              { expr: `mqload_artemis_added_messages_per_second{${RUN}}`, legend: "added" },
              { expr: `mqload_artemis_acked_messages_per_second{${RUN}}`, legend: "acknowledged" },
              { expr: `mqload_artemis_killed_messages_per_second{${RUN}} + mqload_artemis_expired_messages_per_second{${RUN}}`, legend: "dead-lettered + expired" },
            ],
          },
          {
            title: "mqload: sent, acknowledged, received",
            description: "What mqload's producers sent and the broker accepted, and what its consumers received, per second (same run).",
            unit: 'short',
            axisLabel: "msg/s",
            queries: [
              { expr: `sum(rate(mqload_messages_sent_total{${RUN}}[$__rate_interval]))`, legend: "sent" },
              { expr: `sum(rate(mqload_messages_acked_total{${RUN}}[$__rate_interval]))`, legend: "acknowledged" },
              { expr: `sum(rate(mqload_messages_received_total{${RUN}}[$__rate_interval]))`, legend: "received" },
            ],
          },
          {
            title: "Connections",
            description: "Client connections open at the broker (ConnectionCount).",
            unit: 'short',
            axisLabel: "connections",
            queries: [
              { expr: `mqload_artemis_connections{${RUN}}`, legend: "connections {{endpoint}}" },
            ],
          },
        ],
      },
      {
        title: "Queues",
        panels: [
          {
            title: "Queue depth and delivering",
            description: "Messages in each run queue (MessageCount, which includes those delivered and not yet acknowledged) and, of them, delivering (DeliveringCount). Delivering stuck at consumers × credit window while depth grows: consumers hold all the credit they have.",
            unit: 'short',
            axisLabel: "messages",
            queries: [
              { expr: `mqload_artemis_queue_depth_messages{${QUEUE}}`, legend: "depth {{queue}}" },
              { expr: `mqload_artemis_queue_delivering_messages{${QUEUE}}`, legend: "delivering {{queue}}" },
            ],
          },
          {
            title: "Per queue: added and acknowledged",
            description: "Messages routed into each run queue and acknowledged, per second.",
            unit: 'short',
            axisLabel: "msg/s",
            queries: [
              { expr: `mqload_artemis_queue_added_messages_per_second{${QUEUE}}`, legend: "added {{queue}}" },
              { expr: `mqload_artemis_queue_acked_messages_per_second{${QUEUE}}`, legend: "acked {{queue}}" },
            ],
          },
          {
            title: "Consumers",
            description: "Consumers attached to each run queue (ConsumerCount).",
            unit: 'short',
            axisLabel: "consumers",
            queries: [
              { expr: `mqload_artemis_queue_consumers{${QUEUE}}`, legend: "{{queue}}" },
            ],
          },
        ],
      },
      {
        title: "Address memory and paging",
        panels: [
          {
            title: "Address memory vs global-max-size",
            description: "Bytes all addresses hold in memory (AddressMemoryUsage) against global-max-size (half of -Xmx unless set). At the limit every address without a max-size-bytes of its own applies its address-full-policy.",
            unit: 'bytes',
            axisLabel: "bytes",
            queries: [
              { expr: `mqload_artemis_address_memory_bytes{${RUN}}`, legend: "address memory" },
              { expr: `mqload_artemis_global_max_size_bytes{${RUN}}`, legend: "global-max-size" },
            ],
          },
          {
            title: "Run addresses: size and limit",
            description: "Bytes of each run address in memory (AddressSize) and its size against its limit (AddressLimitPercent; 1 = full: the policy label says what happens: PAGE to disk, BLOCK stalls producers, FAIL refuses, DROP loses).",
            unit: 'bytes',
            axisLabel: "bytes",
            queries: [
              { expr: `mqload_artemis_address_size_bytes{${ADDRESS}}`, legend: "size {{address}} ({{policy}})" },
              { expr: `mqload_artemis_address_limit_ratio{${ADDRESS}}`, legend: "limit ratio {{address}}" },
            ],
          },
          {
            title: "Paging",
            description: "1 while a run address pages to disk, and its page files.",
            unit: 'short',
            axisLabel: "pages",
            queries: [
              { expr: `mqload_artemis_address_paging{${ADDRESS}}`, legend: "paging {{address}}" },
              { expr: `mqload_artemis_address_pages{${ADDRESS}}`, legend: "page files {{address}}" },
            ],
          },
        ],
      },
      {
        title: "Broker JVM and process",
        panels: [
          {
            title: "Heap used vs max",
            description: "Broker JVM heap used, committed and max (java.lang:type=Memory).",
            unit: 'bytes',
            axisLabel: "bytes",
            queries: [
              { expr: `mqload_broker_jvm_heap_used_bytes{${RUN}}`, legend: "used" },
              { expr: `mqload_broker_jvm_heap_max_bytes{${RUN}}`, legend: "max" },
            ],
          },
          {
            title: "GC time",
            description: "Share of wall time the broker JVM spent in GC pauses (Δ collection time ÷ Δt, young and old collectors).",
            unit: 'percentunit',
            axisLabel: "ratio",
            queries: [
              { expr: `mqload_broker_jvm_gc_time_ratio{${RUN}}`, legend: "GC time" },
            ],
          },
          {
            title: "Broker process CPU and disk use",
            description: "CPU of the local broker process (1 = one core) and the journal volume's disk use against max-disk-usage (where the broker blocks producers).",
            unit: 'percentunit',
            axisLabel: "ratio",
            queries: [
              { expr: `mqload_broker_process_cpu_ratio{${RUN}}`, legend: "broker CPU (pid {{pid}})" },
              { expr: `mqload_artemis_disk_store_usage_ratio{${RUN}}`, legend: "disk store usage" },
              { expr: `mqload_artemis_max_disk_usage_ratio{${RUN}}`, legend: "max-disk-usage" },
            ],
          },
          {
            title: "Journal",
            description: "The broker's journal type and OS (labels: NIO, ASYNCIO or MAPPED) with its journal-buffer-timeout, how long it gathers writes before one flush and sync (ASYNCIO's default 0.5 ms, NIO's 3.33 ms). Durable sends wait for that flush: on Linux ASYNCIO (libaio) waits less than NIO.",
            unit: 's',
            axisLabel: "seconds",
            queries: [
              { expr: `mqload_artemis_journal_buffer_timeout_seconds{${RUN}}`, legend: "buffer timeout, {{journal_type}} on {{os}}" },
            ],
          },
        ],
      },
    ],
  });
}
