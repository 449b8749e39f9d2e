/**
 * What the RabbitMQ rules read: series of the RabbitMQ collectors ({@link RABBITMQ_SAMPLE_NAMES})
 * per node, per run queue and broker-wide, and the profile's RabbitMQ settings (prefetch, queue
 * type, durability). Both collectors write the same value names; a series is read from one
 * source only, the real-time `rabbitmq-prometheus` first where it has the value, else the
 * management API (`rabbitmq`, refreshed every 5 s, so its 1 s samples repeat values).
 *
 * A broker may carry other traffic besides the run, so rules judge the run's own queues
 * (`<exchange>.<group id>` for the profile's topics) wherever the signal exists per queue.
 */
import type { Sample } from '../../../record/format.js';
import type { Profile } from '../../../profile/schema.js';
import { RABBITMQ_SAMPLE_NAMES, RABBITMQ_SOURCES } from '../../../collectors/rabbitmq/names.js';
import { DEFAULT_TUNING } from '../../../drivers/rabbitmq/config.js';
import { parseTopicSettings, type RabbitTopicSettings } from '../../../drivers/rabbitmq/topology.js';
import type { AnalysisWindow } from '../../window.js';
import type { Point } from '../../stats.js';
import { consumeTopic } from '../../profile-facts.js';

export const RN = RABBITMQ_SAMPLE_NAMES.node;
export const RQ = RABBITMQ_SAMPLE_NAMES.queue;
export const RT = RABBITMQ_SAMPLE_NAMES.totals;

/** Which collector a series came from (for evidence). */
export type RabbitSource = (typeof RABBITMQ_SOURCES)[number];

/** One series per key (node, queue) and the source it was read from. */
export interface RabbitSeries {
  source: RabbitSource;
  series: Map<string, Point[]>;
}

/** `prefer` first, then the other source: the first that has `name` for samples passing `kind`. */
function pick(window: AnalysisWindow, name: string, kind: (s: Sample) => string | null, prefer: RabbitSource): RabbitSeries | null {
  const order: RabbitSource[] = prefer === 'rabbitmq' ? ['rabbitmq', 'rabbitmq-prometheus'] : ['rabbitmq-prometheus', 'rabbitmq'];
  for (const source of order) {
    const out = new Map<string, Point[]>();
    for (const s of window.samples) {
      if (s.source !== source || typeof s.values[name] !== 'number') continue;
      const key = kind(s);
      if (key === null) continue;
      let list = out.get(key);
      if (!list) out.set(key, (list = []));
      list.push({ t: s.t, v: s.values[name]! });
    }
    if (out.size > 0) return { source, series: out };
  }
  return null;
}

/** Per node (`labels.node`) series of a node value. */
export function nodeSeries(window: AnalysisWindow, name: string, prefer: RabbitSource = 'rabbitmq-prometheus'): RabbitSeries | null {
  return pick(window, name, (s) => s.labels?.node ?? null, prefer);
}

/** The exchanges (topics) of the run, whose group queues are `<exchange>.<group>`; empty without a profile. */
export function runExchanges(profile: Profile | null): string[] {
  return profile ? profile.topics.map((t) => t.name) : [];
}

/** True when `queue` is a group queue of one of `exchanges` (every queue when the list is empty). */
export function isRunQueue(queue: string, exchanges: readonly string[]): boolean {
  return exchanges.length === 0 || exchanges.some((x) => queue === x || queue.startsWith(`${x}.`));
}

/** Per run queue series of a queue value (key: queue name). */
export function queueSeries(window: AnalysisWindow, profile: Profile | null, name: string, prefer: RabbitSource = 'rabbitmq-prometheus'): RabbitSeries | null {
  const exchanges = runExchanges(profile);
  return pick(window, name, (s) => (s.labels?.queue !== undefined && isRunQueue(s.labels.queue, exchanges) ? s.labels.queue : null), prefer);
}

/** Broker-wide series (samples without labels) of a totals value, as one series under key `broker`. */
export function totalSeries(window: AnalysisWindow, name: string, prefer: RabbitSource = 'rabbitmq'): { source: RabbitSource; points: Point[] } | null {
  const r = pick(window, name, (s) => (s.labels === undefined || Object.keys(s.labels).length === 0 ? 'broker' : null), prefer);
  return r ? { source: r.source, points: r.series.get('broker')! } : null;
}

/** True when the window holds any sample of a RabbitMQ collector. */
export function hasRabbitSamples(window: AnalysisWindow): boolean {
  return window.samples.some((s) => (RABBITMQ_SOURCES as readonly string[]).includes(s.source));
}

/** The reason given when no RabbitMQ collector sample is in the window. */
export const NO_RABBIT_SAMPLES = 'no RabbitMQ management or Prometheus samples (collect.rabbitmqManagement / collect.rabbitmqPrometheus)';

export { valueAt } from '../../stats.js';

/** Consumer prefetch (`driver.config.prefetch`, default 500), messages. */
export function profilePrefetch(profile: Profile | null): number {
  const v = profile?.driver.config?.['prefetch'];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_TUNING.prefetch;
}

/** The consumed topic's RabbitMQ settings (queue type, durable, persistent), defaults filled in; null without a profile. */
export function consumeSettings(profile: Profile | null): RabbitTopicSettings | null {
  if (!profile) return null;
  const name = consumeTopic(profile)?.name ?? profile.producers.topic ?? profile.topics[0]?.name;
  const entry = profile.topics.find((t) => t.name === name);
  return entry ? parseTopicSettings(entry as unknown as Readonly<Record<string, unknown>>) : null;
}

/** The produced-to topic's RabbitMQ settings; null without a profile. */
export function produceSettings(profile: Profile | null): RabbitTopicSettings | null {
  if (!profile) return null;
  const name = profile.producers.topic ?? profile.topics[0]?.name;
  const entry = profile.topics.find((t) => t.name === name);
  return entry ? parseTopicSettings(entry as unknown as Readonly<Record<string, unknown>>) : null;
}

/** Per-timestamp sum over the series of a map (for "all run queues together"). */
export function sumByTime(series: Map<string, Point[]>): Point[] {
  const at = new Map<number, number>();
  for (const pts of series.values()) for (const p of pts) at.set(p.t, (at.get(p.t) ?? 0) + p.v);
  return [...at.entries()].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v }));
}
