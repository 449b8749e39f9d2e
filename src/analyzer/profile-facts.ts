/**
 * Facts the rules read from the profile and summary: topics, partition and consumer counts,
 * send mode, the target rate. Each returns null when the record does not say.
 */
import type { Profile } from '../profile/schema.js';
import type { RunSummary } from '../record/summary.js';
import type { RuleContext } from './types.js';

/** A topic as rules read it: `partitions` null for a destination without partitions (a queue). */
export interface TopicFacts {
  name: string;
  partitions: number | null;
}

/** The topic producers write to (producers.topic, else the first topic). */
export function produceTopic(p: Profile): TopicFacts | null {
  const name = p.producers.topic ?? p.topics[0]?.name;
  const t = p.topics.find((x) => x.name === name);
  return t ? { name: t.name, partitions: t.partitions ?? null } : null;
}

/** The topic consumers read (consumers.topic, else the producers' topic). */
export function consumeTopic(p: Profile): TopicFacts | null {
  const name = p.consumers?.topic ?? p.producers.topic ?? p.topics[0]?.name;
  const t = p.topics.find((x) => x.name === name);
  return t ? { name: t.name, partitions: t.partitions ?? null } : null;
}

/**
 * Consumers per group that can be busy: min(perGroup, partitions) on a partitioned topic (a
 * partition goes to one member), every member on a queue (competing consumers).
 */
export function activeConsumers(p: Profile): number | null {
  const topic = consumeTopic(p);
  if (!p.consumers || p.consumers.perGroup === 0 || p.consumers.groups === 0 || !topic) return null;
  return topic.partitions === null ? p.consumers.perGroup : Math.min(p.consumers.perGroup, topic.partitions);
}

/** Send mode from the profile, else the summary. */
export function sendMode(ctx: RuleContext): 'sync' | 'async' | 'oneway' | null {
  return ctx.profile?.producers.mode ?? ctx.summary?.mode ?? null;
}

/** Worker threads of the run (summary), null when unknown. */
export function workerCount(summary: RunSummary | null): number | null {
  return summary?.workers ?? null;
}

/** Highest target rate of the profile's phases (msg/s); null when every phase is max-throughput. */
export function profileTargetRate(p: Profile): number | null {
  let best: number | null = null;
  for (const phase of p.load.phases) {
    let r: number | null = null;
    if (phase.executor === 'constant-arrival-rate') r = phase.rate;
    else if (phase.executor === 'ramping-arrival-rate') r = Math.max(phase.startRate ?? 0, ...phase.stages.map((s) => s.target));
    if (r !== null && (best === null || r > best)) best = r;
  }
  return best;
}

/** True when the profile injects faults (so restarts, shrinks and rebalances may be expected). */
export function hasFaults(p: Profile | null): boolean {
  return (p?.faults?.length ?? 0) > 0;
}
