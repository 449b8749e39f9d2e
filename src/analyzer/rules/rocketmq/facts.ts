/**
 * What the RocketMQ rules read: series of the RocketMQ collector ({@link ROCKETMQ_SAMPLE_NAMES},
 * source `rocketmq`) per consumer group of the run's topics and broker-wide, the broker's flush
 * and replication mode (the collector's `sync_flush` and `sync_replication`, read from the
 * broker's config), and the profile's queue counts and durability intent. A broker may carry
 * other traffic, so group rules judge the groups reading the run's own topics.
 */
import type { Profile } from '../../../profile/schema.js';
import { ROCKETMQ_SAMPLE_NAMES } from '../../../collectors/rocketmq/prometheus.js';
import { rocketmqTuningOf } from '../../../drivers/rocketmq/config.js';
import type { AnalysisWindow } from '../../window.js';
import type { Point } from '../../stats.js';

export const RG = ROCKETMQ_SAMPLE_NAMES.group;
export const RB = ROCKETMQ_SAMPLE_NAMES.broker;
/** Sample source of the RocketMQ collector. */
export const ROCKETMQ_SOURCE = 'rocketmq';

/** True when the window holds any sample of the RocketMQ collector. */
export function hasRocketmqSamples(window: AnalysisWindow): boolean {
  return window.samples.some((s) => s.source === ROCKETMQ_SOURCE);
}

/** The reason given when no RocketMQ collector sample is in the window. */
export const NO_ROCKETMQ_SAMPLES = 'no RocketMQ exporter samples (metricsExporterType=PROM on the broker; the local broker has it)';

/** Per consumer group (key: group id) series of a group value on the run's topics (every topic without a profile). */
export function groupSeries(window: AnalysisWindow, profile: Profile | null, name: string): Map<string, Point[]> {
  const topics = profile ? new Set(profile.topics.map((t) => t.name)) : null;
  const out = new Map<string, Point[]>();
  for (const s of window.samples) {
    const group = s.labels?.['group'];
    const topic = s.labels?.['topic'];
    if (s.source !== ROCKETMQ_SOURCE || group === undefined || topic === undefined || typeof s.values[name] !== 'number' || (topics && !topics.has(topic))) continue;
    let list = out.get(group);
    if (!list) out.set(group, (list = []));
    list.push({ t: s.t, v: s.values[name]! });
  }
  return out;
}

/** The topic a group's samples name (the first seen), or null. */
export function topicOfGroup(window: AnalysisWindow, group: string): string | null {
  for (const s of window.samples) if (s.source === ROCKETMQ_SOURCE && s.labels?.['group'] === group && s.labels['topic']) return s.labels['topic'];
  return null;
}

/** Broker-wide series (samples without labels) of a broker value. */
export function brokerSeries(window: AnalysisWindow, name: string): Point[] {
  return window.samples.filter((s) => s.source === ROCKETMQ_SOURCE && !s.labels && typeof s.values[name] === 'number').map((s) => ({ t: s.t, v: s.values[name]! }));
}

/** A broker flag (`sync_flush`, `sync_replication`) as the last reading says, or null when not read. */
export function brokerFlag(window: AnalysisWindow, name: string): boolean | null {
  const pts = brokerSeries(window, name);
  return pts.length > 0 ? pts[pts.length - 1]!.v === 1 : null;
}

/** Message queues `topic` gets when mqload creates it (`topics[].queues`, else `driver.config.queues`, default 4). */
export function topicQueues(profile: Profile, topic: string): number {
  const t = profile.topics.find((x) => x.name === topic) as { queues?: unknown } | undefined;
  return typeof t?.queues === 'number' && t.queues > 0 ? t.queues : rocketmqTuningOf(profile.driver).queues;
}

/**
 * True when the profile puts durability first: producers ask every replica to acknowledge
 * (`producers.acks: all` or -1, set explicitly) or the run kills or restarts the broker.
 */
export function durabilityFirst(profile: Profile | null): boolean {
  if (!profile) return false;
  const acks = profile.producers.acks;
  if (acks === 'all' || acks === -1) return true;
  return (profile.faults ?? []).some((f) => f.action === 'broker-kill' || f.action === 'broker-restart');
}
