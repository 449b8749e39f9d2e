/**
 * Collectors sample resources (hosts, broker process, JVM, broker internals, consumer lag,
 * client) on the run's interval. Each source is one file implementing {@link Collector}.
 * The orchestrator starts them, calls `sample()` every interval, appends the returned
 * samples to `samples.jsonl`, and reports availability in `summary.json → collectors`.
 * A collector never throws out of `sample()` into the run: failures are reported as gaps.
 */
import type { Profile } from '../profile/schema.js';
import type { Sample, CollectorStatus } from '../record/format.js';
import type { Driver } from '../drivers/types.js';

/** A reading before the orchestrator stamps `t` and `ts`. */
export type SampleReading = Omit<Sample, 't' | 'ts'>;

export interface Collector {
  /** Unique name, also the key in summary.json → collectors (e.g. `jmx:127.0.0.1:7071`). */
  readonly name: string;
  /** Source written into each sample (`host`, `process`, `broker-process`, `jmx`, `node`, `jolokia`, `lag`, `client`). */
  readonly source: string;
  /**
   * Prepares the collector. Resolves with `{ available: false, reason }` when the endpoint or
   * data source is missing; the run goes on without it.
   */
  start(): Promise<CollectorStatus>;
  /** Takes one reading. May reject; the caller records a gap and retries with backoff. */
  sample(): Promise<SampleReading[]>;
  stop(): Promise<void>;
}

/** A consumer group to watch on a topic (its lag or backlog). */
export interface LagTarget {
  groupId: string;
  topic: string;
  /**
   * True for groups the run does not own (`collect.lagGroups`): their topics are probed and a
   * topic without any committed offset of the group is left out instead of reported as unknown.
   */
  external?: boolean;
}

/**
 * One broker kind's own collectors (`src/collectors/<kind>/`), picked by `driver.type` in
 * `index.ts`. Anything a kind leaves out is covered by the neutral collectors.
 */
export interface BrokerCollectors {
  /**
   * The kind's lag collectors for these groups (e.g. Kafka's per-partition lag), or null to
   * use the neutral backlog collector (`backlog.ts`, group totals from `Driver.backlog`).
   */
  lag?(driver: Driver, targets: readonly LagTarget[]): Collector[] | null;
  /** The kind's broker collectors (RabbitMQ's management API and Prometheus plugin), from the resolved profile. */
  broker?(ctx: { profile: Profile }): Collector[];
  /**
   * The kind's collectors for Jolokia endpoints: `urls` is `collect.jolokia` as given, or null
   * when the profile leaves it out (the kind may then pick its own default, e.g. Artemis's web
   * console). Absent: each given URL gets the JVM-and-Kafka Jolokia collector (`kafka/jolokia.ts`).
   */
  jolokia?(urls: readonly string[] | null, ctx: { profile: Profile }): Collector[];
  /** JMX exporter endpoints (`host:port`) of the local broker to watch when `collect.jmxExporter` is not given. */
  defaultJmxExporters?(local: { jmxPort?: number }): string[];
  /**
   * Request-handler pools behind a JMX exporter endpoint (Kafka: 2 for the local broker, a
   * combined KRaft node running broker and controller in one process); 1 when absent.
   */
  jmxHandlerPools?(endpoint: string, local: { jmxPort?: number } | null): number;
}

/**
 * HTTP timeout of one scrape, ms: the interval, at least 5 s, at most 10 s. A JMX exporter
 * scrape takes 0.6–1.9 s on a loaded 2-core machine; the runner never samples a collector twice
 * at once, so a slow scrape only thins its samples instead of marking a gap.
 */
export function scrapeTimeoutMs(intervalMs: number): number {
  return Math.min(10_000, Math.max(5_000, intervalMs));
}
