/**
 * The RocketMQ collectors of a run (`driver.type: rocketmq`): the broker's Prometheus exporter
 * (prometheus.ts), at the local broker's bridged address when it runs here, else at port 5557 of
 * the first gRPC endpoint's host. Consumer lag per group comes from the neutral backlog
 * collector (`Driver.backlog`: broker − consumer offsets through the admin protocol).
 */
import type { Collector } from '../types.js';
import type { CollectorContext } from '../index.js';
import { scrapeTimeoutMs } from '../index.js';
import { readRocketmqState } from '../../local/rocketmq/broker.js';
import { rocketmqEndpoints } from '../../drivers/rocketmq/config.js';
import { RocketmqPrometheusCollector } from './prometheus.js';

export { ROCKETMQ_SAMPLE_NAMES, RocketmqPrometheusCollector, readRocketmq } from './prometheus.js';

/** The exporter URL for a profile: the local broker's, or `http://<gRPC host>:5557/metrics`. */
export function rocketmqMetricsUrl(ctx: Pick<CollectorContext, 'profile'>): string {
  const local = readRocketmqState();
  const first = rocketmqEndpoints(ctx.profile.driver)[0] ?? '127.0.0.1:8081';
  const host = first.slice(0, first.lastIndexOf(':'));
  if (local && (host === '127.0.0.1' || host === 'localhost')) return local.metricsUrl;
  return `http://${host}:5557/metrics`;
}

/** The RocketMQ collectors of a profile, not yet started. */
export function rocketmqCollectors(ctx: Pick<CollectorContext, 'profile'>): Collector[] {
  return [new RocketmqPrometheusCollector(rocketmqMetricsUrl(ctx), scrapeTimeoutMs(ctx.profile.collect?.intervalMs ?? 1000))];
}
