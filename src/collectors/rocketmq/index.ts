/**
 * The RocketMQ collectors of a run (`driver.type: rocketmq`):
 * - the broker's Prometheus exporter (prometheus.ts), at the local broker's bridged address when
 *   it runs here, else at port 5557 of the first gRPC endpoint's host, with the broker's flush
 *   and replication mode read once through the admin protocol (`driver.config.brokerAddress`);
 * - for the local broker, its two JVMs through their Jolokia agents (`jvm-collector.ts`, source
 *   `jolokia`): the broker+proxy JVM labelled `{ jvm: 'broker' }`, which the JVM rules judge,
 *   and the name server's labelled `{ jvm: 'namesrv' }`, recorded only. A remote broker's JVMs
 *   are read through `collect.jolokia` (the JVM-and-Kafka Jolokia collector) when given.
 * Consumer lag per group comes from the neutral backlog collector (`Driver.backlog`: broker −
 * consumer offsets through the admin protocol).
 */
import type { Collector } from '../types.js';
import type { CollectorContext } from '../index.js';
import { scrapeTimeoutMs } from '../index.js';
import { readRocketmqState, rocketmqJvmTargets, type RocketmqState } from '../../local/rocketmq/broker.js';
import { rocketmqEndpoints, rocketmqTuningOf } from '../../drivers/rocketmq/config.js';
import { RocketmqAdmin } from '../../drivers/rocketmq/admin.js';
import { BROKER_JVM, JVM_ROLE_LABEL } from '../../record/sample-names.js';
import { JvmJolokiaCollector } from '../jvm-collector.js';
import { RocketmqPrometheusCollector } from './prometheus.js';

export { ROCKETMQ_SAMPLE_NAMES, RocketmqPrometheusCollector, readRocketmq, durabilityValues } from './prometheus.js';

/** The local broker's state when the profile's first gRPC endpoint is on this machine and it runs, else null. */
function localTarget(ctx: Pick<CollectorContext, 'profile'>): { state: RocketmqState | null; host: string } {
  const first = rocketmqEndpoints(ctx.profile.driver)[0] ?? '127.0.0.1:8081';
  const host = first.slice(0, first.lastIndexOf(':'));
  const local = readRocketmqState();
  return { state: local && (host === '127.0.0.1' || host === 'localhost') ? local : null, host };
}

/** The exporter URL for a profile: the local broker's, or `http://<gRPC host>:5557/metrics`. */
export function rocketmqMetricsUrl(ctx: Pick<CollectorContext, 'profile'>): string {
  const { state, host } = localTarget(ctx);
  return state ? state.metricsUrl : `http://${host}:5557/metrics`;
}

/** The RocketMQ collectors of a profile, not yet started. */
export function rocketmqCollectors(ctx: Pick<CollectorContext, 'profile'>): Collector[] {
  const timeoutMs = scrapeTimeoutMs(ctx.profile.collect?.intervalMs ?? 1000);
  const tuning = rocketmqTuningOf(ctx.profile.driver);
  const admin = new RocketmqAdmin({ broker: tuning.brokerAddress, namesrv: tuning.namesrv, cluster: tuning.cluster, timeoutMs });
  const out: Collector[] = [new RocketmqPrometheusCollector(rocketmqMetricsUrl(ctx), timeoutMs, () => admin.brokerConfig())];
  const { state } = localTarget(ctx);
  for (const { jvm, target } of state ? rocketmqJvmTargets(state, timeoutMs) : []) out.push(new JvmJolokiaCollector(target, { [JVM_ROLE_LABEL]: jvm === 'broker' ? BROKER_JVM : jvm }));
  return out;
}
