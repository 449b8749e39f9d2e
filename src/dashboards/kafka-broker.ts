/**
 * The "Kafka broker" dashboard: the broker as the Prometheus JMX exporter agent exports it with
 * mqload's rules (`local/kafka/jmx-exporter.yaml`: `kafka_*` and `jvm_*` series) and its host as
 * node_exporter exports it (`node_*`). Rates first, then request latency, handler capacity and
 * replication health, the JVM, and the host.
 */
import { buildDashboard, type Dashboard, type QuerySpec } from './grafana.js';

/** Series selector of the chosen broker(s) (JMX exporter job and instances). */
const KAFKA = 'job=~"$job", instance=~"$instance"';
/** Series selector of the chosen broker host(s) (node_exporter instances). */
const NODE = 'instance=~"$node"';
/** Interfaces that carry no broker traffic of their own (container plumbing). */
const NOT_VIRTUAL = 'device!~"lo|veth.*|docker.*|br-.*"';

const kafkaRate = (counter: string, extra = '') => `sum by (instance) (rate(${counter}{${KAFKA}${extra}}[$__rate_interval]))`;

/** The request-time parts the JMX rules export, as `kafka_network_requestmetrics_<part>`. */
const REQUEST_PARTS: Array<[string, string]> = [
  ['totaltimems', 'total'],
  ['requestqueuetimems', 'request queue'],
  ['localtimems', 'local (leader append/read)'],
  ['remotetimems', 'remote (replicas or long poll)'],
  ['responsequeuetimems', 'response queue'],
  ['responsesendtimems', 'response send'],
];

/** p99 of each part of one request type (gauges in ms from the broker's own histograms). */
function requestTimeP99(request: string): QuerySpec[] {
  return REQUEST_PARTS.map(([metric, legend]) => ({
    expr: `max by (instance) (kafka_network_requestmetrics_${metric}{${KAFKA}, request="${request}", quantile="0.99"})`,
    legend: `${legend} {{instance}}`,
  }));
}

/** The dashboard model (Grafana JSON), uid `mqload-kafka-broker`. */
export function kafkaBrokerDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-kafka-broker',
    title: 'Kafka broker',
    description: 'Kafka broker under load: throughput, request time breakdown, handler capacity, replication health, JVM and host resources.',
    tags: ['mqload', 'kafka'],
    variables: [
      { name: 'job', label: 'Job', description: 'Prometheus job scraping the brokers’ JMX exporter', query: 'label_values(kafka_server_brokertopicmetrics_bytesin_total, job)', sort: 1, multi: false },
      { name: 'instance', label: 'Broker', description: 'JMX exporter address of each broker', query: 'label_values(kafka_server_brokertopicmetrics_bytesin_total{job=~"$job"}, instance)', sort: 1, multi: true },
      { name: 'node', label: 'Broker host', description: 'node_exporter address of each broker host', query: 'label_values(node_cpu_seconds_total, instance)', sort: 1, multi: true },
    ],
    annotations: [
      { name: 'mqload run phases', expr: 'count by (run, phase) (mqload_phase_index)', title: '{{run}} {{phase}}', tagKeys: 'run,phase', color: 'rgba(255, 152, 48, 0.4)' },
      { name: 'mqload faults', expr: 'max by (run, fault, action) (mqload_fault_active) == 1', title: '{{run}} {{action}} ({{fault}})', tagKeys: 'run,action,fault', color: 'rgba(242, 73, 92, 0.5)' },
    ],
    rows: [
      {
        title: 'Throughput',
        panels: [
          {
            title: 'Messages in',
            description: 'Messages appended to the logs per second, all topics.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [{ expr: kafkaRate('kafka_server_brokertopicmetrics_messagesin_total'), legend: '{{instance}}' }],
          },
          {
            title: 'Bytes in and out',
            description: 'Bytes produced to and fetched from the broker per second (client traffic; replication is counted separately by Kafka).',
            unit: 'Bps',
            queries: [
              { expr: kafkaRate('kafka_server_brokertopicmetrics_bytesin_total'), legend: 'in {{instance}}' },
              { expr: kafkaRate('kafka_server_brokertopicmetrics_bytesout_total'), legend: 'out {{instance}}' },
            ],
          },
          {
            title: 'Produce and fetch requests',
            description: 'Produce and fetch requests per second, and those that failed.',
            unit: 'reqps',
            queries: [
              { expr: kafkaRate('kafka_server_brokertopicmetrics_totalproducerequests_total'), legend: 'produce {{instance}}' },
              { expr: kafkaRate('kafka_server_brokertopicmetrics_totalfetchrequests_total'), legend: 'fetch {{instance}}' },
              { expr: kafkaRate('kafka_server_brokertopicmetrics_failedproducerequests_total'), legend: 'failed produce {{instance}}' },
              { expr: kafkaRate('kafka_server_brokertopicmetrics_failedfetchrequests_total'), legend: 'failed fetch {{instance}}' },
            ],
          },
        ],
      },
      {
        title: 'Request latency',
        panels: [
          {
            title: 'Produce request time p99 by part',
            description:
              'Where a produce request spends its time (p99 of each part, so the parts do not add up to the total). Request queue: waiting for a handler thread. Local: appending on the leader. Remote: waiting for replicas (acks=all). Response queue/send: network threads.',
            unit: 'ms',
            queries: requestTimeP99('Produce'),
          },
          {
            title: 'Consumer fetch request time p99 by part',
            description: 'Same breakdown for consumer fetches. Remote time includes the long-poll wait (fetch.max.wait.ms) when there is no new data, so a high remote time alone is not a problem.',
            unit: 'ms',
            queries: requestTimeP99('FetchConsumer'),
          },
        ],
      },
      {
        title: 'Capacity and replication',
        panels: [
          {
            title: 'Request handler and network processor idle',
            description:
              'Share of time the I/O (request handler) and network threads wait for work; below 30 % they are saturated. Kafka marks the request-handler meter with idle time divided by the pool size, per pool: on a node that is both broker and controller (KRaft combined mode, as with `mqload local` and the docker-compose stack) Kafka 4.1 adds both pools into the same meter, so the handler line runs from 0 to 200 % there (the controller pool is nearly always idle, so ~100 % means the broker pool is saturated).',
            unit: 'percentunit',
            queries: [
              { expr: `${kafkaRate('kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent_total')} / 1e9`, legend: 'request handlers {{instance}}' },
              { expr: `max by (instance) (kafka_network_socketserver_networkprocessoravgidlepercent{${KAFKA}})`, legend: 'network processors {{instance}}' },
            ],
          },
          {
            title: 'Request and response queues',
            description: 'Requests waiting for a handler thread and responses waiting for a network thread. A growing request queue with idle handlers near 0 means the I/O threads are the limit.',
            unit: 'short',
            axisLabel: 'requests',
            queries: [
              { expr: `max by (instance) (kafka_network_requestchannel_requestqueuesize{${KAFKA}})`, legend: 'request queue {{instance}}' },
              { expr: `max by (instance) (kafka_network_requestchannel_responsequeuesize{${KAFKA}})`, legend: 'response queue {{instance}}' },
            ],
          },
          {
            title: 'Under-replicated and offline partitions',
            description: 'Should all be 0. Under-replicated or under-min-ISR partitions during a test mean followers cannot keep up (or a broker is down); acks=all producers then slow down or fail.',
            unit: 'short',
            axisLabel: 'partitions',
            queries: [
              { expr: `max by (instance) (kafka_server_replicamanager_underreplicatedpartitions{${KAFKA}})`, legend: 'under-replicated {{instance}}' },
              { expr: `max by (instance) (kafka_server_replicamanager_underminisrpartitioncount{${KAFKA}})`, legend: 'under min ISR {{instance}}' },
              { expr: `max by (instance) (kafka_controller_kafkacontroller_offlinepartitionscount{${KAFKA}})`, legend: 'offline (controller view) {{instance}}' },
            ],
          },
        ],
      },
      {
        title: 'Broker JVM',
        panels: [
          {
            title: 'Heap used and max',
            description: 'Heap in use and the maximum heap. Used heap that stays near max right after collections means the heap is too small.',
            unit: 'bytes',
            queries: [
              { expr: `sum by (instance) (jvm_memory_used_bytes{${KAFKA}, area="heap"})`, legend: 'used {{instance}}' },
              { expr: `sum by (instance) (jvm_memory_max_bytes{${KAFKA}, area="heap"})`, legend: 'max {{instance}}' },
            ],
          },
          {
            title: 'GC time',
            description: 'Seconds spent in garbage collection per second, by collector. Above a few percent, pauses show in request latency.',
            unit: 'percentunit',
            queries: [{ expr: `sum by (instance, gc) (rate(jvm_gc_collection_seconds_sum{${KAFKA}}[$__rate_interval]))`, legend: '{{gc}} {{instance}}' }],
          },
        ],
      },
      {
        title: 'Broker host',
        panels: [
          {
            title: 'Host CPU',
            description: 'Busy share of all cores (1 − idle), and the share lost to I/O wait and to the hypervisor (steal).',
            unit: 'percentunit',
            queries: [
              { expr: `1 - avg by (instance) (rate(node_cpu_seconds_total{${NODE}, mode="idle"}[$__rate_interval]))`, legend: 'busy {{instance}}' },
              { expr: `avg by (instance) (rate(node_cpu_seconds_total{${NODE}, mode="iowait"}[$__rate_interval]))`, legend: 'iowait {{instance}}' },
              { expr: `avg by (instance) (rate(node_cpu_seconds_total{${NODE}, mode="steal"}[$__rate_interval]))`, legend: 'steal {{instance}}' },
            ],
          },
          {
            title: 'Host network',
            description: 'Bytes received and sent per second on the physical (or container) interfaces. Compare with the NIC’s capacity.',
            unit: 'Bps',
            queries: [
              { expr: `sum by (instance) (rate(node_network_receive_bytes_total{${NODE}, ${NOT_VIRTUAL}}[$__rate_interval]))`, legend: 'received {{instance}}' },
              { expr: `sum by (instance) (rate(node_network_transmit_bytes_total{${NODE}, ${NOT_VIRTUAL}}[$__rate_interval]))`, legend: 'sent {{instance}}' },
            ],
          },
          {
            title: 'Host disk throughput',
            description: 'Bytes written to and read from block devices per second. Reads during a test that consumes fresh data mean the page cache is too small.',
            unit: 'Bps',
            queries: [
              { expr: `sum by (instance) (rate(node_disk_written_bytes_total{${NODE}}[$__rate_interval]))`, legend: 'written {{instance}}' },
              { expr: `sum by (instance) (rate(node_disk_read_bytes_total{${NODE}}[$__rate_interval]))`, legend: 'read {{instance}}' },
            ],
          },
          {
            title: 'Host disk busy',
            description: 'Share of time the busiest device had I/O in progress. Near 100 % the disk is saturated (for SSDs, check latency too).',
            unit: 'percentunit',
            queries: [{ expr: `max by (instance) (rate(node_disk_io_time_seconds_total{${NODE}}[$__rate_interval]))`, legend: 'busiest device {{instance}}' }],
          },
        ],
      },
    ],
  });
}
