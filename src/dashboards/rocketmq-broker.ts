/**
 * The "RocketMQ broker" dashboard: the broker as its own Prometheus exporter serves it
 * (`metricsExporterType=PROM`, `rocketmq_*` as RocketMQ 5.5.0 names them; the local broker's on
 * 127.0.0.1:5557; scrape jobs: `prometheus/rocketmq.yml`), next to mqload's own series of the
 * chosen run: its load rates and the local broker process. User topics and groups only
 * (`is_system="false"`). The exporter serves no JVM series.
 */
import { buildDashboard, type Dashboard } from './grafana.js';

/** Series selector of the chosen broker(s) (the exporter's scrape job and instances). */
const RMQ = 'job=~"$job", instance=~"$instance"';
/** User topics only. */
const USER = `${RMQ}, is_system="false"`;
/** The chosen consumer groups. */
const GROUPS = `${USER}, consumer_group=~"$group"`;
const RUN = 'run=~"$run"';

const rate = (counter: string, selector: string, by: string) => `sum by (${by}) (rate(${counter}{${selector}}[$__rate_interval]))`;

/** The dashboard model (Grafana JSON), uid `mqload-rocketmq-broker`. */
export function rocketmqBrokerDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-rocketmq-broker',
    title: 'RocketMQ broker',
    description: 'RocketMQ 5 under load, from the broker’s own Prometheus exporter: messages and bytes in and out next to mqload’s rates, consumer lag split into ready and in flight, lag and queueing latency, request latency, flush and dispatch behind, processor queues, and the local broker process.',
    tags: ['mqload', 'rocketmq'],
    variables: [
      { name: 'job', label: 'Job', description: 'Prometheus job scraping the broker exporter (metricsPromExporterPort)', query: 'label_values(rocketmq_storage_flush_behind_bytes, job)', sort: 1, multi: false },
      { name: 'instance', label: 'Broker', description: 'Exporter address of each broker', query: 'label_values(rocketmq_storage_flush_behind_bytes{job=~"$job"}, instance)', sort: 1, multi: true },
      { name: 'group', label: 'Consumer group', description: 'Consumer groups of user topics (published while a consumer of the group is online)', query: 'label_values(rocketmq_consumer_lag_messages{job=~"$job", is_system="false"}, consumer_group)', sort: 1, multi: true },
      { name: 'run', label: 'mqload run', description: 'Run id of a `mqload run` against this broker (newest first)', query: 'label_values(mqload_messages_sent_total, run)', sort: 2, multi: false },
    ],
    annotations: [
      { name: 'mqload run phases', expr: 'count by (run, phase) (mqload_phase_index)', title: '{{run}} {{phase}}', tagKeys: 'run,phase', color: 'rgba(255, 152, 48, 0.4)' },
    ],
    rows: [
      {
        title: 'Throughput',
        panels: [
          {
            title: 'Broker: messages in and out',
            description: 'Messages put to user topics and delivered to consumers per second (rocketmq_messages_in_total, rocketmq_messages_out_total). Out counts each group that reads a message.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: rate('rocketmq_messages_in_total', USER, 'instance'), legend: 'in {{instance}}' },
              { expr: rate('rocketmq_messages_out_total', USER, 'instance'), legend: 'out {{instance}}' },
            ],
          },
          {
            title: 'Broker: bytes in and out',
            description: 'Message bytes put to and delivered from user topics per second (rocketmq_throughput_in_total, rocketmq_throughput_out_total).',
            unit: 'Bps',
            queries: [
              { expr: rate('rocketmq_throughput_in_total', USER, 'instance'), legend: 'in {{instance}}' },
              { expr: rate('rocketmq_throughput_out_total', USER, 'instance'), legend: 'out {{instance}}' },
            ],
          },
          {
            title: 'mqload: sent, acknowledged, received',
            description: 'What mqload’s producers sent and the broker accepted, and what its consumers received, per second (the chosen run).',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `sum(rate(mqload_messages_sent_total{${RUN}}[$__rate_interval]))`, legend: 'sent' },
              { expr: `sum(rate(mqload_messages_acked_total{${RUN}}[$__rate_interval]))`, legend: 'acknowledged' },
              { expr: `sum(rate(mqload_messages_received_total{${RUN}}[$__rate_interval]))`, legend: 'received' },
            ],
          },
        ],
      },
      {
        title: 'Consumer groups',
        panels: [
          {
            title: 'Lag: ready and in flight',
            description: 'Messages each group has not consumed (lag), of them ready to receive (max offset − pulled offset: too few or too slow pullers when it grows) and in flight (pulled, not yet acknowledged: slow handlers when it grows). Messages a consumer holds are not counted until their invisible duration ends.',
            unit: 'short',
            axisLabel: 'messages',
            queries: [
              { expr: `sum by (consumer_group) (rocketmq_consumer_lag_messages{${GROUPS}})`, legend: 'lag {{consumer_group}}' },
              { expr: `sum by (consumer_group) (rocketmq_consumer_ready_messages{${GROUPS}})`, legend: 'ready {{consumer_group}}' },
              { expr: `sum by (consumer_group) (rocketmq_consumer_inflight_messages{${GROUPS}})`, legend: 'in flight {{consumer_group}}' },
            ],
          },
          {
            title: 'Lag and queueing latency',
            description: 'Age of the oldest message each group has not acknowledged (lag latency) and how long the oldest ready message has waited to be pulled (queueing latency).',
            unit: 'ms',
            queries: [
              { expr: `max by (consumer_group) (rocketmq_consumer_lag_latency_milliseconds{${GROUPS}})`, legend: 'lag {{consumer_group}}' },
              { expr: `max by (consumer_group) (rocketmq_consumer_queueing_latency_milliseconds{${GROUPS}})`, legend: 'queueing {{consumer_group}}' },
            ],
          },
          {
            title: 'Messages out per group',
            description: 'Messages delivered to each group per second (rocketmq_messages_out_total by consumer_group). Below the topic’s in rate while its lag grows: the group is the limit.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [{ expr: rate('rocketmq_messages_out_total', GROUPS, 'consumer_group'), legend: '{{consumer_group}}' }],
          },
        ],
      },
      {
        title: 'Requests and storage',
        panels: [
          {
            title: 'Remoting request latency p99 by request code',
            description: 'p99 of the time the broker took for the requests its remoting server handled, per request code (rocketmq_rpc_latency_milliseconds; buckets 1, 3, 5, 10, 100 ms, 1 s, 3 s, so the quantile is only as fine as them). With the proxy in the broker’s JVM (local mode, as the local broker runs) gRPC clients’ sends and receives reach the broker in-process and are not counted: what shows is admin traffic (mqload’s topic, group and lag requests) and remoting clients’ sends and pulls.',
            unit: 'ms',
            queries: [{ expr: `histogram_quantile(0.99, sum by (le, request_code) (rate(rocketmq_rpc_latency_milliseconds_bucket{${RMQ}}[$__rate_interval])))`, legend: '{{request_code}}' }],
          },
          {
            title: 'Flush and dispatch behind',
            description: 'Commit-log bytes written but not yet flushed to disk (rising with ASYNC_FLUSH: the disk is behind) and not yet dispatched to the consume queues (rising: consumers cannot see new messages yet).',
            unit: 'bytes',
            queries: [
              { expr: `max by (instance) (rocketmq_storage_flush_behind_bytes{${RMQ}})`, legend: 'flush behind {{instance}}' },
              { expr: `max by (instance) (rocketmq_storage_dispatch_behind_bytes{${RMQ}})`, legend: 'dispatch behind {{instance}}' },
            ],
          },
          {
            title: 'Processor queue watermark',
            description: 'Requests waiting in each processor’s thread-pool queue (rocketmq_processor_watermark). Send requests that wait longer than waitTimeMillsInSendQueue (200 ms) are refused with SYSTEM_BUSY.',
            unit: 'short',
            axisLabel: 'requests',
            queries: [{ expr: `max by (processor) (rocketmq_processor_watermark{${RMQ}})`, legend: '{{processor}}' }],
          },
        ],
      },
      {
        title: 'Broker process',
        panels: [
          {
            title: 'Broker process CPU',
            description: 'CPU of the local broker process (broker and proxy in one JVM; 1 = one core), sampled by mqload from /proc during the chosen run.',
            unit: 'percentunit',
            axisLabel: 'ratio',
            queries: [{ expr: `mqload_broker_process_cpu_ratio{${RUN}}`, legend: 'broker CPU (pid {{pid}})' }],
          },
          {
            title: 'Broker process memory',
            description: 'Resident memory of the local broker process (heap, off-heap and the mapped commit-log pages it touches).',
            unit: 'bytes',
            queries: [{ expr: `mqload_broker_process_rss_bytes{${RUN}}`, legend: 'RSS (pid {{pid}})' }],
          },
        ],
      },
    ],
  });
}
