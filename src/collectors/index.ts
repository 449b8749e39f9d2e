/**
 * Builds the collectors a run asks for (`profile.collect`) and re-exports what the
 * orchestrator needs: the {@link CollectorRunner} that schedules them and the
 * {@link WorkerStatsHub} through which workers' statistics reach the `process` and `client`
 * collectors.
 *
 * Defaults: host and process on; broker-process on when the target is the local broker;
 * for a local Kafka broker its JMX exporter (`127.0.0.1:<jmxPort>`, 7071 by default) unless
 * `collect.jmxExporter` is given (an empty list turns it off); lag and client on. What is the
 * broker's own comes from {@link BROKER_COLLECTORS} by `driver.type` (Kafka's per-partition
 * lag, RabbitMQ's management API and Prometheus plugin collectors, Artemis's Jolokia collector);
 * a kind without its own lag collector gets the neutral backlog collector. `collect.jolokia`
 * endpoints go to the kind's own Jolokia collector where it has one (Artemis: its broker, address
 * and queue MBeans; by default its web console, an empty list turns it off), else to the
 * JVM-and-Kafka one.
 */
import type { Profile } from '../profile/schema.js';
import type { BrokerKind, Driver } from '../drivers/types.js';
import { scrapeTimeoutMs, type BrokerCollectors, type Collector, type LagTarget } from './types.js';
import { HostCollector } from './host.js';
import { ProcessCollector } from './process.js';
import { BrokerProcessCollector, type LocalBrokerReader } from './broker-process.js';
import { NodeExporterCollector } from './node.js';
import { JmxExporterCollector } from './kafka/jmx.js';
import { JolokiaCollector } from './kafka/jolokia.js';
import { KAFKA_COLLECTORS } from './kafka/index.js';
import { BacklogCollector } from './backlog.js';
import { ClientCollector } from './client.js';
import type { WorkerStatsHub } from './worker-stats.js';
import { rabbitmqCollectors } from './rabbitmq/index.js';
import { rocketmqCollectors } from './rocketmq/index.js';
import { ARTEMIS_COLLECTORS } from './artemis/index.js';
import { activemqCollectors } from './activemq/index.js';

/** Each kind's own collectors; a kind without an entry gets only the neutral ones. */
export const BROKER_COLLECTORS: Readonly<Partial<Record<BrokerKind, BrokerCollectors>>> = {
  kafka: KAFKA_COLLECTORS,
  rabbitmq: { broker: rabbitmqCollectors },
  rocketmq: { broker: rocketmqCollectors },
  artemis: ARTEMIS_COLLECTORS,
  activemq: { broker: activemqCollectors },
};

/** The local broker as `mqload local` recorded it (a subset of its state; extra fields are fine). */
export interface LocalBrokerInfo {
  pid: number;
  /** JMX exporter port (default 7071). */
  jmxPort?: number;
  /** Kafka data directory (`log.dirs`). */
  dataDir?: string;
  bootstrap?: string;
}

/** Everything the collectors of one run need. */
export interface CollectorContext {
  /** The resolved profile (after CLI overrides). */
  profile: Profile;
  /** Consumer groups of this run, each with the topic it reads. */
  groups: Array<{ groupId: string; topic: string }>;
  /** Topics of this run (the topics `collect.lagGroups` are looked up on). */
  topics: string[];
  /** A driver for admin calls (lag) and the coordinator's client instrumentation; null: no lag/client from the coordinator. */
  driver: Driver | null;
  /** The local broker's state when the profile targets it, else null. */
  localBroker: LocalBrokerInfo | null;
  /** Re-reads the local broker state (to follow a broker restarted by a fault); optional. */
  readLocalBroker?: () => LocalBrokerInfo | null | Promise<LocalBrokerInfo | null>;
  /** Where the orchestrator reports worker statistics each interval; null when there are no workers. */
  workerStats: WorkerStatsHub | null;
}

/** Groups to watch: the run's own, plus `collect.lagGroups` on every run topic (marked external). */
export function lagTargets(ctx: Pick<CollectorContext, 'groups' | 'topics' | 'profile'>): LagTarget[] {
  const seen = new Set<string>();
  const out: LagTarget[] = [];
  const add = (t: LagTarget) => {
    const key = `${t.groupId}\u0000${t.topic}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(t);
    }
  };
  for (const g of ctx.groups) add({ groupId: g.groupId, topic: g.topic });
  for (const groupId of ctx.profile.collect?.lagGroups ?? []) for (const topic of ctx.topics) add({ groupId, topic, external: true });
  return out;
}

/** The collectors `ctx.profile.collect` asks for, not yet started. Names are unique. */
export function buildCollectors(ctx: CollectorContext): Collector[] {
  const c = ctx.profile.collect ?? {};
  const intervalMs = c.intervalMs ?? 1000;
  const timeout = scrapeTimeoutMs(intervalMs);
  const out: Collector[] = [];
  if (c.host !== false) {
    out.push(new HostCollector());
    out.push(new ProcessCollector(ctx.workerStats));
  }
  if (c.brokerProcess !== false && ctx.localBroker) {
    const reread: LocalBrokerReader | null = ctx.readLocalBroker ?? null;
    out.push(new BrokerProcessCollector(ctx.localBroker, reread));
  }
  const own: BrokerCollectors = BROKER_COLLECTORS[ctx.profile.driver.type] ?? {};
  for (const ep of new Set(c.nodeExporter ?? [])) out.push(new NodeExporterCollector(ep, timeout));
  const jmx = c.jmxExporter ?? (ctx.localBroker && own.defaultJmxExporters ? own.defaultJmxExporters(ctx.localBroker) : []);
  for (const ep of new Set(jmx)) out.push(new JmxExporterCollector(ep, timeout, own.jmxHandlerPools?.(ep, ctx.localBroker) ?? 1));
  const jolokia = c.jolokia ? [...new Set(c.jolokia)] : null;
  if (own.jolokia) out.push(...own.jolokia(jolokia, ctx));
  else for (const url of jolokia ?? []) out.push(new JolokiaCollector(url, timeout));
  if (c.lag !== false && ctx.driver) {
    const targets = lagTargets(ctx);
    if (targets.length > 0) out.push(...(own.lag?.(ctx.driver, targets) ?? [new BacklogCollector(ctx.driver, targets)]));
  }
  if (c.client !== false && (ctx.driver || ctx.workerStats)) out.push(new ClientCollector(ctx.driver, ctx.workerStats));
  out.push(...(own.broker?.(ctx) ?? []));
  return out;
}

export { CollectorRunner, type CollectorBatch, type CollectorEvent, type CollectorRunnerOptions } from './runner.js';
export { WorkerStatsHub, type WorkerStats, type WorkerStatsSink, type WorkerClientFigures } from './worker-stats.js';
export { scrapeTimeoutMs, type Collector, type SampleReading } from './types.js';
