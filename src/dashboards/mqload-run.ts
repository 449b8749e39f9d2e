/**
 * The "mqload run" dashboard: one run of `mqload run` as its live `/metrics` endpoint exports it
 * (metric names from `PROMETHEUS_CATALOG`, all filtered by the `run` variable). Read top to
 * bottom: is the load what was asked for, how slow is it, are consumers keeping up, and is the
 * load generator itself the limit.
 */
import { buildDashboard, type Dashboard, type QuerySpec } from './grafana.js';

/** Series selector of the chosen run. */
const RUN = 'run=~"$run"';

/** Latency quantiles of an exported histogram, over Grafana's rate interval. */
function quantiles(histogram: string, qs: Array<[number, string]>): QuerySpec[] {
  return qs.map(([q, legend]) => ({
    expr: `histogram_quantile(${q}, sum by (le) (rate(${histogram}_bucket{${RUN}}[$__rate_interval])))`,
    legend,
  }));
}

const rate = (counter: string) => `sum(rate(${counter}{${RUN}}[$__rate_interval]))`;

/** The dashboard model (Grafana JSON), uid `mqload-run`. */
export function mqloadRunDashboard(): Dashboard {
  return buildDashboard({
    uid: 'mqload-run',
    title: 'mqload run',
    description: 'One mqload run: target vs achieved rate, publish and end-to-end latency, consumer lag and load-generator health.',
    tags: ['mqload'],
    variables: [
      {
        name: 'run',
        label: 'Run',
        description: 'Run id (newest first); every series of `mqload run` carries it',
        query: 'label_values(mqload_messages_sent_total, run)',
        sort: 2,
        multi: false,
      },
    ],
    annotations: [
      {
        name: 'Run phases',
        expr: `count by (phase) (mqload_phase_index{${RUN}})`,
        title: '{{phase}}',
        tagKeys: 'phase',
        color: 'rgba(255, 152, 48, 0.4)',
      },
      {
        name: 'Faults',
        expr: `max by (fault, action) (mqload_fault_active{${RUN}}) == 1`,
        title: '{{action}} ({{fault}})',
        tagKeys: 'action,fault',
        color: 'rgba(242, 73, 92, 0.5)',
      },
    ],
    rows: [
      {
        title: 'Rates',
        panels: [
          {
            title: 'Send rate: target vs achieved',
            description:
              'Target is the schedule (absent in max-throughput phases). Sent is what the producers issued, acknowledged what the broker confirmed. Sent below target means the load generator fell behind: see dropped sends and publish delay.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `sum(mqload_target_rate_messages_per_second{${RUN}})`, legend: 'target' },
              { expr: rate('mqload_messages_sent_total'), legend: 'sent' },
              { expr: rate('mqload_messages_acked_total'), legend: 'acknowledged' },
            ],
          },
          {
            title: 'Consumer rate',
            description: 'Messages delivered to the consumers, per consumer group and in all. Below the acknowledged rate, lag grows.',
            unit: 'short',
            axisLabel: 'msg/s',
            queries: [
              { expr: `sum by (group) (rate(mqload_group_messages_received_total{${RUN}}[$__rate_interval]))`, legend: '{{group}}' },
              { expr: rate('mqload_messages_received_total'), legend: 'all groups' },
            ],
          },
          {
            title: 'Errors and dropped sends',
            description:
              'Failed: sends that failed after the client retries. Dropped: sends the schedule wanted but the generator could not issue on time (it is saturated). Retries and timeouts are client requests.',
            unit: 'short',
            axisLabel: 'per second',
            queries: [
              { expr: rate('mqload_messages_failed_total'), legend: 'failed messages' },
              { expr: rate('mqload_sends_dropped_total'), legend: 'dropped sends' },
              { expr: rate('mqload_client_retries_total'), legend: 'client retries' },
              { expr: rate('mqload_client_request_timeouts_total'), legend: 'client request timeouts' },
            ],
          },
        ],
      },
      {
        title: 'Latency',
        panels: [
          {
            title: 'Publish latency',
            description: 'From the intended send time (the schedule) to the acknowledgement, so a late generator shows up here too. From the exported histogram buckets.',
            unit: 's',
            queries: quantiles('mqload_publish_latency_seconds', [
              [0.5, 'p50'],
              [0.99, 'p99'],
              [0.999, 'p99.9'],
            ]),
          },
          {
            title: 'End-to-end latency',
            description: 'From the intended send time to consumption. Grows with consumer lag.',
            unit: 's',
            queries: quantiles('mqload_e2e_latency_seconds', [
              [0.5, 'p50'],
              [0.99, 'p99'],
              [0.999, 'p99.9'],
            ]),
          },
          {
            title: 'Publish delay',
            description:
              'Actual minus intended send time: how far the generator runs behind its schedule. High delay with an idle broker means the load generator is the bottleneck (check CPU and event-loop delay below).',
            unit: 's',
            queries: quantiles('mqload_publish_delay_seconds', [
              [0.5, 'p50'],
              [0.99, 'p99'],
            ]),
          },
        ],
      },
      {
        title: 'Consumer lag',
        panels: [
          {
            title: 'Consumer lag (messages)',
            description: 'Log-end offset minus committed offset, summed over the partitions of each group and topic.',
            unit: 'short',
            axisLabel: 'messages',
            queries: [{ expr: `sum by (group, topic) (mqload_consumer_group_lag_messages{${RUN}})`, legend: '{{group}} on {{topic}}' }],
          },
          {
            title: 'Consumer lag (time)',
            description: 'How far behind the newest message each group is, in seconds (largest partition lag of the group on the topic).',
            unit: 's',
            queries: [{ expr: `max by (group, topic) (mqload_consumer_lag_seconds{${RUN}})`, legend: '{{group}} on {{topic}}' }],
          },
        ],
      },
      {
        title: 'Load generator',
        panels: [
          {
            title: 'Load-generator CPU',
            description: 'Host CPU busy share over all cores and on the busiest core, and mqload: the whole process (all-threads) and each thread, the coordinator and every load worker (100 % = one core). A busy host or core means the numbers above may describe the generator, not the broker.',
            unit: 'percentunit',
            queries: [
              { expr: `max(mqload_host_cpu_busy_ratio{${RUN}})`, legend: 'host, all cores' },
              { expr: `max(mqload_host_cpu_max_core_busy_ratio{${RUN}})`, legend: 'host, busiest core' },
              { expr: `sum by (thread) (mqload_process_cpu_ratio{${RUN}})`, legend: 'mqload {{thread}} (100% = 1 core)' },
            ],
          },
          {
            title: 'Event-loop delay p99',
            description: 'Per thread (coordinator and workers), over the last interval. Tens of milliseconds mean the thread cannot keep its schedule.',
            unit: 's',
            queries: [{ expr: `max by (thread) (mqload_process_event_loop_delay_p99_seconds{${RUN}})`, legend: '{{thread}}' }],
          },
          {
            title: 'Messages in flight',
            description: 'Issued and not yet acknowledged or failed. Flat at the producers’ maxInFlight limit means sends wait for acknowledgements.',
            unit: 'short',
            axisLabel: 'messages',
            queries: [{ expr: `sum(mqload_messages_in_flight{${RUN}})`, legend: 'in flight' }],
          },
        ],
      },
    ],
  });
}
