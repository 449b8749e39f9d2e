/**
 * The "RabbitMQ broker" dashboard: the broker as `rabbitmq_prometheus` 3.10 serves it (job
 * `rabbitmq`: `/metrics`, queues aggregated; job `rabbitmq-queues`: `/metrics/detailed` with the
 * queue families, per queue), next to mqload's own load series of the chosen run. Scrape jobs:
 * `prometheus/rabbitmq.yml`. Connection and channel `state` (flow, blocked) is not served by the
 * plugin at all: mqload's `rabbitmq` collector reads it from the management API into the run record.
 */
import { buildDashboard, type Dashboard } from './grafana.js';

/** Series selector of the chosen broker node(s) (the plugin's scrape job and instances). */
const RMQ = 'job=~"$job", instance=~"$instance"';
/** Per-queue series (the detailed endpoint, same instances). */
const QUEUES = 'job=~"$queues_job", instance=~"$instance"';
const RUN = 'run=~"$run"';

const rmqRate = (counter: string) => `sum by (instance) (rate(${counter}{${RMQ}}[$__rate_interval]))`;
const rmqGauge = (gauge: string, extra = '') => `sum by (instance) (${gauge}{${RMQ}${extra}})`;

/** The dashboard model (Grafana JSON), uid `mqload-rabbitmq-broker`. */
export function rabbitmqBrokerDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-rabbitmq-broker',
    title: 'RabbitMQ broker',
    description: 'RabbitMQ under load: message rates next to mqload’s, queue depth and consumer capacity, memory vs watermark and alarms, Erlang memory, file descriptors, processes and connections.',
    tags: ['mqload', 'rabbitmq'],
    variables: [
      { name: 'job', label: 'Job', description: 'Prometheus job scraping the RabbitMQ Prometheus plugin (/metrics)', query: 'label_values(rabbitmq_identity_info, job)', sort: 1, multi: false },
      { name: 'queues_job', label: 'Queue job', description: 'Prometheus job scraping /metrics/detailed (per-queue series)', query: 'label_values(rabbitmq_detailed_queue_messages_ready, job)', sort: 1, multi: false },
      { name: 'instance', label: 'Node', description: 'Prometheus plugin address of each RabbitMQ node', query: 'label_values(rabbitmq_identity_info{job=~"$job"}, instance)', sort: 1, multi: true },
      { name: 'run', label: 'mqload run', description: 'Run id of a `mqload run` against this broker (newest first)', query: 'label_values(mqload_messages_sent_total, run)', sort: 2, multi: false },
    ],
    annotations: [
      { name: 'mqload run phases', expr: 'count by (run, phase) (mqload_phase_index)', title: '{{run}} {{phase}}', tagKeys: 'run,phase', color: 'rgba(255, 152, 48, 0.4)' },
    ],
    rows: [
      {
        title: 'Message rates',
        panels: [
          {
            title: 'Broker: published, delivered, acknowledged, redelivered',
            description: 'Messages the broker received from publishers, delivered to consumers (and basic.get), acknowledged by consumers and redelivered, per second (rabbitmq_global_messages_*). Redeliveries are not throughput: they mean nacks, consumer crashes or timeouts.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: rmqRate('rabbitmq_global_messages_received_total'), legend: 'published {{instance}}' },
              { expr: rmqRate('rabbitmq_global_messages_delivered_total'), legend: 'delivered {{instance}}' },
              { expr: rmqRate('rabbitmq_global_messages_acknowledged_total'), legend: 'acked {{instance}}' },
              { expr: rmqRate('rabbitmq_global_messages_redelivered_total'), legend: 'redelivered {{instance}}' },
            ],
          },
          {
            title: 'Broker: confirms, unroutable and max-length drops',
            description: 'Publisher confirms sent, unroutable messages dropped, and messages dead-lettered or discarded because a queue hit max-length, per second. Any drop makes a run’s delivery figures invalid.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: rmqRate('rabbitmq_global_messages_confirmed_total'), legend: 'confirmed {{instance}}' },
              { expr: rmqRate('rabbitmq_global_messages_unroutable_dropped_total'), legend: 'unroutable dropped {{instance}}' },
              { expr: rmqRate('rabbitmq_global_messages_dead_lettered_maxlen_total'), legend: 'max-length {{instance}}' },
            ],
          },
          {
            title: 'mqload: sent, acknowledged, received',
            description: 'The chosen run as mqload saw it: sends issued, publisher acknowledgements and deliveries to its consumers per second. Compare with the broker’s rates on the left.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `sum(rate(mqload_messages_sent_total{${RUN}}[$__rate_interval]))`, legend: 'sent' },
              { expr: `sum(rate(mqload_messages_acked_total{${RUN}}[$__rate_interval]))`, legend: 'acked' },
              { expr: `sum(rate(mqload_messages_received_total{${RUN}}[$__rate_interval]))`, legend: 'received' },
            ],
          },
        ],
      },
      {
        title: 'Queues',
        panels: [
          {
            title: 'Queue depth: ready and unacknowledged',
            description: 'Messages waiting for a consumer (ready) and delivered but not yet acknowledged (unacked), per queue. Ready rising at a steady publish rate: consumers are slower than publishers. Unacked near consumers × prefetch: consumers are processing-bound.',
            unit: 'short',
            axisLabel: 'messages',
            queries: [
              { expr: `sum by (vhost, queue) (rabbitmq_detailed_queue_messages_ready{${QUEUES}})`, legend: 'ready {{vhost}} {{queue}}' },
              { expr: `sum by (vhost, queue) (rabbitmq_detailed_queue_messages_unacked{${QUEUES}})`, legend: 'unacked {{vhost}} {{queue}}' },
            ],
          },
          {
            title: 'Consumer capacity and consumers',
            description: 'Share of time a queue could deliver to its consumers at once (1: consumers keep up; below 1 with ready messages: the queue waits on consumers; 0 also when there are none), and consumers per queue.',
            unit: 'short',
            queries: [
              { expr: `max by (vhost, queue) (rabbitmq_detailed_queue_consumer_capacity{${QUEUES}})`, legend: 'capacity {{vhost}} {{queue}}' },
              { expr: `sum by (vhost, queue) (rabbitmq_detailed_queue_consumers{${QUEUES}})`, legend: 'consumers {{vhost}} {{queue}}' },
            ],
          },
          {
            title: 'All queues: depth',
            description: 'Ready and unacknowledged messages over all queues of the node (aggregated /metrics). Long queues cost memory and, past the watermark, block publishers.',
            unit: 'short',
            queries: [
              { expr: rmqGauge('rabbitmq_queue_messages_ready'), legend: 'ready {{instance}}' },
              { expr: rmqGauge('rabbitmq_queue_messages_unacked'), legend: 'unacked {{instance}}' },
            ],
          },
        ],
      },
      {
        title: 'Memory and alarms',
        panels: [
          {
            title: 'Memory used vs high watermark',
            description: 'Resident memory of the node and its high watermark (vm_memory_high_watermark × RAM). At the watermark the memory alarm blocks every publisher of the cluster until memory falls.',
            unit: 'bytes',
            queries: [
              { expr: rmqGauge('rabbitmq_process_resident_memory_bytes'), legend: 'used {{instance}}' },
              { expr: rmqGauge('rabbitmq_resident_memory_limit_bytes'), legend: 'watermark {{instance}}' },
            ],
          },
          {
            title: 'Alarms',
            description: 'Memory, free-disk and file-descriptor alarms (1 = raised). While the memory or disk alarm is raised, publishers are blocked (connections `blocked`) and consumers go on.',
            unit: 'short',
            max: 1,
            queries: [
              { expr: rmqGauge('rabbitmq_alarms_memory_used_watermark'), legend: 'memory {{instance}}' },
              { expr: rmqGauge('rabbitmq_alarms_free_disk_space_watermark'), legend: 'disk {{instance}}' },
              { expr: rmqGauge('rabbitmq_alarms_file_descriptor_limit'), legend: 'file descriptors {{instance}}' },
            ],
          },
          {
            title: 'Erlang memory breakdown',
            description: 'Erlang VM memory by kind: processes (queues, connections, channels), binaries (message bodies), ETS tables (indices, management data), code and atoms. 3.10 serves no per-category breakdown on /metrics (mqload’s `rabbitmq` collector reads /api/nodes/{node}/memory).',
            unit: 'bytes',
            queries: [
              { expr: `sum by (instance, usage) (erlang_vm_memory_system_bytes_total{${RMQ}})`, legend: '{{usage}} {{instance}}' },
              { expr: rmqGauge('erlang_vm_memory_bytes_total', ', kind="processes"'), legend: 'processes {{instance}}' },
              { expr: rmqGauge('rabbitmq_queue_process_memory_bytes'), legend: 'queue processes {{instance}}' },
            ],
          },
        ],
      },
      {
        title: 'Node resources and connections',
        panels: [
          {
            title: 'File descriptors and sockets',
            description: 'Open file descriptors and their limit (every connection and queue segment takes one). With fewer than ~100 free, new connections fail.',
            unit: 'short',
            queries: [
              { expr: rmqGauge('rabbitmq_process_open_fds'), legend: 'open fds {{instance}}' },
              { expr: rmqGauge('rabbitmq_process_max_fds'), legend: 'fd limit {{instance}}' },
            ],
          },
          {
            title: 'Erlang processes',
            description: 'Erlang processes in use and the VM limit (queues, connections and channels are processes). Above ~80 % of the limit, raise RABBITMQ_MAX_NUMBER_OF_PROCESSES.',
            unit: 'short',
            queries: [
              { expr: rmqGauge('rabbitmq_erlang_processes_used'), legend: 'used {{instance}}' },
              { expr: rmqGauge('rabbitmq_erlang_processes_limit'), legend: 'limit {{instance}}' },
            ],
          },
          {
            title: 'Connections and channels',
            description: 'Open connections and channels, and connections opened per second (churn costs broker CPU). Flow-control and blocked states are served by the management API only (mqload’s `rabbitmq` collector: connections_flow, connections_blocked in the run record).',
            unit: 'short',
            queries: [
              { expr: rmqGauge('rabbitmq_connections'), legend: 'connections {{instance}}' },
              { expr: rmqGauge('rabbitmq_channels'), legend: 'channels {{instance}}' },
              { expr: rmqRate('rabbitmq_connections_opened_total'), legend: 'opened/s {{instance}}' },
            ],
          },
        ],
      },
    ],
  });
}
