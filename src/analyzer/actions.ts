/**
 * The actions of recommendations mqload can apply itself ({@link FindingAction}), computed from
 * the same numbers as their text. Kept in one place so every rule that recommends the same change
 * words it the same way, and `tune` (issue 12) has one shape to apply.
 */
import type { FindingAction } from './finding-types.js';

/** What a consumers-needed recommendation knows. */
export interface ConsumerScaling {
  /** Consumers per group now (`consumers.perGroup`), or null when unknown. */
  consumers: number | null;
  /** Consumers per group the target needs, or null when not computed. */
  needed: number | null;
  /** The topic the group reads, and its partitions when the broker has partitions (Kafka); null otherwise. */
  topic: string | null;
  partitions: number | null;
}

/**
 * Raise `consumers.perGroup` to the consumers needed, and, where the broker has partitions and
 * a group can use at most one consumer per partition, the topic's partitions to the same number.
 * Nothing when the count already suffices or is unknown.
 */
export function consumerActions(s: ConsumerScaling, why: string): FindingAction[] {
  if (s.needed === null || (s.consumers !== null && s.needed <= s.consumers)) return [];
  const out: FindingAction[] = [{ target: 'profile', path: 'consumers.perGroup', from: s.consumers, to: s.needed, why }];
  if (s.topic !== null && s.partitions !== null && s.needed > s.partitions) {
    out.push({ target: 'topic', name: s.topic, setting: 'partitions', from: s.partitions, to: s.needed, why: 'a consumer group uses at most one consumer per partition' });
  }
  return out;
}

/** What a consumers-at-their-window recommendation knows (RabbitMQ prefetch, AMQP 1.0 credit). */
export interface WindowScaling {
  /** The handlers run at their processing ceiling: only more consumers help. */
  processingBound: boolean;
  /** The window now (`driver.config.prefetch`) and the one the round trip needs (null: not computed). */
  window: number;
  suggestedWindow: number | null;
  consumers: number | null;
  needed: number | null;
}

/**
 * The change a consumers-at-their-window finding recommends first: a larger
 * `driver.config.prefetch` when the round trip, not the handler, holds the consumers back;
 * otherwise more consumers.
 */
export function windowActions(s: WindowScaling, why: string): FindingAction[] {
  if (!s.processingBound && s.suggestedWindow !== null && s.suggestedWindow > s.window) {
    return [{ target: 'profile', path: 'driver.config.prefetch', from: s.window, to: s.suggestedWindow, why }];
  }
  return consumerActions({ consumers: s.consumers, needed: s.needed, topic: null, partitions: null }, why);
}

/** What a tiny-batches recommendation knows about the producers' batching. */
export interface BatchScaling {
  /** `producers.batch.lingerMs` now (null: the default), and the linger that fills the minimum batch at the measured rate. */
  lingerMs: number | null;
  suggestedLingerMs: number | null;
  /** `producers.batch.maxRecords` now (null: the default), and the smallest batch worth sending. */
  maxRecords: number | null;
  minRecords: number;
  /** `linger.ms` set in `driver.config`: it wins over `producers.batch`, so the action changes it there. */
  clientLingerMs: number | null;
}

/**
 * Raise the producers' linger to the one that fills a batch at the measured rate and, when the
 * batch is capped below the smallest worth sending, the batch size to it. Changes `linger.ms` in
 * `driver.config` when the profile sets it there (it wins over `producers.batch`). Nothing when
 * both already suffice or the rate was not measured.
 */
export function batchActions(s: BatchScaling, why: string): FindingAction[] {
  const out: FindingAction[] = [];
  const linger = s.clientLingerMs ?? s.lingerMs;
  if (s.suggestedLingerMs !== null && (linger === null || s.suggestedLingerMs > linger)) {
    out.push({ target: 'profile', path: s.clientLingerMs !== null ? 'driver.config.linger.ms' : 'producers.batch.lingerMs', from: linger, to: s.suggestedLingerMs, why });
  }
  if (s.maxRecords !== null && s.maxRecords < s.minRecords) {
    out.push({ target: 'profile', path: 'producers.batch.maxRecords', from: s.maxRecords, to: s.minRecords, why: `a batch capped at ${s.maxRecords} cannot reach ${s.minRecords} messages` });
  }
  return out;
}

/** What a saturated-thread-pool recommendation knows (Kafka request handlers, network processors). */
export interface ThreadPoolScaling {
  property: 'num.io.threads' | 'num.network.threads';
  /** Threads in the pool now (from the broker's settings in the record), null when unknown. */
  threads: number | null;
  /** Measured idle share of the pool, 0–1, and the idle share to bring it back to. */
  idle: number;
  targetIdle: number;
  /** Whether the broker's CPU had headroom (false: more threads only contend for it); null when unmeasured. */
  cpuHeadroom: boolean | null;
}

/**
 * The pool size that brings the busy threads (threads × (1 − idle)) back to `1 − targetIdle` of
 * the pool; null when the count is unknown, the CPU has no headroom, or the pool already suffices.
 */
export function threadsNeeded(s: ThreadPoolScaling): number | null {
  if (s.threads === null || s.cpuHeadroom === false || !(s.idle >= 0 && s.idle < 1)) return null;
  const needed = Math.ceil((s.threads * (1 - s.idle)) / (1 - s.targetIdle));
  return needed > s.threads ? needed : null;
}

/** Resize the pool to {@link threadsNeeded} on the local broker (a restart applies it there; a cluster's operators apply it). */
export function threadPoolActions(s: ThreadPoolScaling, why: string): FindingAction[] {
  const to = threadsNeeded(s);
  return to === null ? [] : [{ target: 'local-broker', property: s.property, from: String(s.threads), to: String(to), why }];
}

/** A whole-number broker setting from the record's broker facts (`num.io.threads`), null when absent. */
export function brokerSettingNumber(settings: Readonly<Record<string, string>> | undefined, name: string): number | null {
  const v = Number(settings?.[name]);
  return Number.isInteger(v) && v > 0 ? v : null;
}

/**
 * A thread pool as the record shows it: its size from the broker's settings, its measured idle
 * share, the idle share to restore, and CPU headroom from the busiest broker's CPU p90 (ratio of
 * its cores; below `brokerCpuHigh` is headroom; null: unmeasured).
 */
export function threadPool(property: ThreadPoolScaling['property'], settings: Readonly<Record<string, string>> | undefined, idle: number, targetIdle: number, cpuP90: number | null, cpuHigh: number): ThreadPoolScaling {
  return { property, threads: brokerSettingNumber(settings, property), idle, targetIdle, cpuHeadroom: cpuP90 === null ? null : cpuP90 < cpuHigh };
}

/** An action in words: "`consumers.perGroup` 2 → 6" or "topic `t` partitions 4 → 6". */
export function describeAction(a: FindingAction): string {
  const from = (v: number | string | null) => (v === null ? 'unset' : String(v));
  switch (a.target) {
    case 'profile':
      return `\`${a.path}\` ${from(a.from)} → ${a.to}`;
    case 'topic':
      return `topic \`${a.name}\` ${a.setting} ${from(a.from)} → ${a.to}`;
    case 'local-broker':
      return `local broker ${a.property} ${from(a.from)} → ${a.to}`;
  }
}

/** {@link describeAction} as plain text, without the Markdown code marks (console lines, table cells). */
export function describeActionPlain(a: FindingAction): string {
  return describeAction(a).replace(/`/g, '');
}
