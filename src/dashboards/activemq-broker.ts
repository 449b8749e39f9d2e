/**
 * The "ActiveMQ Classic broker" dashboard: Apache ActiveMQ Classic as mqload's own `/metrics`
 * serves it during an ActiveMQ run — the Classic Jolokia collector's `mqload_activemq_*` series
 * (broker usage against its limits, broker-wide and per-queue rates, queue depth, in-flight and
 * consumers), the broker JVM (`mqload_broker_jvm_*`, the collector's `jolokia` sample) and the
 * local broker process — next to mqload's own load series of the chosen run. Classic has no
 * Prometheus endpoint of its own: Prometheus scrapes mqload only (its `mqload` job).
 */
import { buildDashboard, type Dashboard } from './grafana.js';

const RUN = 'run=~"$run"';
/** The chosen run's chosen queues. */
const QUEUE = 'run=~"$run", queue=~"$queue"';

/** The dashboard model (Grafana JSON), uid `mqload-activemq-broker`. */
export function activemqBrokerDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-activemq-broker',
    title: 'ActiveMQ Classic broker',
    description: 'Apache ActiveMQ Classic under load, from the series mqload exports for it (the Classic Jolokia collector, the broker JVM and process): enqueue and dequeue rates next to mqload’s, queue depth, in-flight and consumers, memory, store and temp usage against their limits (producer flow control), heap and GC.',
    tags: ['mqload', 'activemq'],
    variables: [
      { name: 'run', label: 'mqload run', description: 'Run id of a `mqload run` against ActiveMQ Classic (newest first)', query: 'label_values(mqload_activemq_connections, run)', sort: 2, multi: false },
      { name: 'queue', label: 'Queue', description: 'Queues of the broker during the run (ActiveMQ.* advisory queues left out; virtual-topic consumer queues are `Consumer.<group>.VirtualTopic.<topic>`)', query: 'label_values(mqload_activemq_queue_depth_messages{run=~"$run"}, queue)', sort: 1, multi: true },
    ],
    annotations: [
      { name: 'mqload run phases', expr: 'count by (run, phase) (mqload_phase_index{run=~"$run"})', title: '{{run}} {{phase}}', tagKeys: 'run,phase', color: 'rgba(255, 152, 48, 0.4)' },
    ],
    rows: [
      {
        title: 'Message rates',
        panels: [
          {
            title: 'Broker: enqueued and dequeued',
            description: 'Messages the broker took in and had acknowledged per second, all destinations (Jolokia TotalEnqueueCount, TotalDequeueCount as rates between two readings; each virtual-topic copy counts). Enqueued above dequeued means the queues grow.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `mqload_activemq_enqueued_messages_per_second{${RUN}}`, legend: 'enqueued' },
              { expr: `mqload_activemq_dequeued_messages_per_second{${RUN}}`, legend: 'dequeued' },
            ],
          },
          {
            title: 'mqload: sent, acknowledged, received',
            description: 'What mqload’s producers sent and the broker accepted, and what its consumers received, per second (same run).',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `sum(rate(mqload_messages_sent_total{${RUN}}[$__rate_interval]))`, legend: 'sent' },
              { expr: `sum(rate(mqload_messages_acked_total{${RUN}}[$__rate_interval]))`, legend: 'acknowledged' },
              { expr: `sum(rate(mqload_messages_received_total{${RUN}}[$__rate_interval]))`, legend: 'received' },
            ],
          },
          {
            title: 'Connections and consumers',
            description: 'Client connections open at the broker (CurrentConnectionsCount) and consumers of all destinations (TotalConsumerCount).',
            unit: 'short',
            axisLabel: 'count',
            queries: [
              { expr: `mqload_activemq_connections{${RUN}}`, legend: 'connections {{endpoint}}' },
              { expr: `mqload_activemq_consumers{${RUN}}`, legend: 'consumers {{endpoint}}' },
            ],
          },
        ],
      },
      {
        title: 'Queues',
        panels: [
          {
            title: 'Queue depth and in flight',
            description: 'Messages not yet acknowledged in each queue (QueueSize, dispatched ones included) and, of them, dispatched to consumers (InFlightCount). In flight stuck at consumers × prefetch while depth grows: the consumers’ handlers are the limit.',
            unit: 'short',
            axisLabel: 'messages',
            queries: [
              { expr: `mqload_activemq_queue_depth_messages{${QUEUE}}`, legend: 'depth {{queue}}' },
              { expr: `mqload_activemq_queue_in_flight_messages{${QUEUE}}`, legend: 'in flight {{queue}}' },
            ],
          },
          {
            title: 'Per queue: enqueued and dequeued',
            description: 'Messages into each queue and acknowledged from it, per second (EnqueueCount, DequeueCount as rates).',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `mqload_activemq_queue_enqueued_messages_per_second{${QUEUE}}`, legend: 'enqueued {{queue}}' },
              { expr: `mqload_activemq_queue_dequeued_messages_per_second{${QUEUE}}`, legend: 'dequeued {{queue}}' },
            ],
          },
          {
            title: 'Consumers per queue',
            description: 'Consumers attached to each queue (ConsumerCount).',
            unit: 'short',
            axisLabel: 'consumers',
            queries: [{ expr: `mqload_activemq_queue_consumers{${QUEUE}}`, legend: '{{queue}}' }],
          },
        ],
      },
      {
        title: 'Usage limits (producer flow control)',
        panels: [
          {
            title: 'Memory, store and temp usage',
            description: 'Broker memory, KahaDB store and temp store in use against their systemUsage limits (MemoryPercentUsage, StorePercentUsage, TempPercentUsage ÷ 100). At 1 the broker blocks senders: memory for all, store for persistent sends, temp for non-persistent messages spooled to disk. Cursors stop caching at 0.7 of memory.',
            unit: 'percentunit',
            axisLabel: 'ratio',
            queries: [
              { expr: `mqload_activemq_memory_usage_ratio{${RUN}}`, legend: 'memory' },
              { expr: `mqload_activemq_store_usage_ratio{${RUN}}`, legend: 'store' },
              { expr: `mqload_activemq_temp_usage_ratio{${RUN}}`, legend: 'temp' },
            ],
          },
          {
            title: 'Per queue: share of the memory limit',
            description: 'Each queue’s messages in memory against the broker memory limit (the destination’s MemoryPercentUsage ÷ 100).',
            unit: 'percentunit',
            axisLabel: 'ratio',
            queries: [{ expr: `mqload_activemq_queue_memory_usage_ratio{${QUEUE}}`, legend: '{{queue}}' }],
          },
          {
            title: 'Limits',
            description: 'The broker’s memory, store and temp limits (systemUsage memoryUsage, storeUsage, tempUsage): what the usage ratios divide by.',
            unit: 'bytes',
            axisLabel: 'bytes',
            queries: [
              { expr: `mqload_activemq_memory_limit_bytes{${RUN}}`, legend: 'memory limit' },
              { expr: `mqload_activemq_store_limit_bytes{${RUN}}`, legend: 'store limit' },
              { expr: `mqload_activemq_temp_limit_bytes{${RUN}}`, legend: 'temp limit' },
            ],
          },
        ],
      },
      {
        title: 'Broker JVM and process',
        panels: [
          {
            title: 'Heap used vs max',
            description: 'Broker JVM heap used and max (java.lang:type=Memory). The memory limit is a share of this heap (70 % in the shipped activemq.xml).',
            unit: 'bytes',
            axisLabel: 'bytes',
            queries: [
              { expr: `mqload_broker_jvm_heap_used_bytes{${RUN}}`, legend: 'used' },
              { expr: `mqload_broker_jvm_heap_max_bytes{${RUN}}`, legend: 'max' },
            ],
          },
          {
            title: 'GC time',
            description: 'Share of wall time the broker JVM spent in GC pauses (Δ collection time ÷ Δt, young and old collectors).',
            unit: 'percentunit',
            axisLabel: 'ratio',
            queries: [{ expr: `mqload_broker_jvm_gc_time_ratio{${RUN}}`, legend: 'GC time' }],
          },
          {
            title: 'Broker process CPU',
            description: 'CPU of the local broker process (1 = one core), sampled by mqload from /proc when the broker is `mqload local`’s.',
            unit: 'percentunit',
            axisLabel: 'ratio',
            queries: [{ expr: `mqload_broker_process_cpu_ratio{${RUN}}`, legend: 'broker CPU (pid {{pid}})' }],
          },
        ],
      },
    ],
  });
}
