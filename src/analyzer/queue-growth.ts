/**
 * The one "a queue grows: its consumers are the limit" rule that every broker whose groups are
 * queues shares (RabbitMQ R4/R5/R12, Artemis AR2, ActiveMQ Classic AC2); each pack says only how
 * its collector reads a queue. A run queue's depth rises (least-squares trend above the pack's
 * floor and 1 % of the produce rate) while it stays above 0 for a sustained stretch → the
 * consumers are the limit. Per-consumer rate c = the queue's drain rate (acks, acknowledged or
 * dequeued messages per second) ÷ its consumers; consumers needed = ⌈target ÷ c⌉.
 */
import type { Evidence, Finding, FindingAction } from './finding-types.js';
import { consumerActions } from './actions.js';
import type { FindingClass } from './finding.js';
import { type Rule, type RuleContext, OK, insufficient, issue } from './types.js';
import { values } from './series.js';
import { sustained, enoughReadings } from './sustained.js';
import { median, slope, type Point } from './stats.js';
import { evidence, sustainedNote } from './evidence.js';
import { THRESHOLDS as T } from './thresholds.js';
import { achievedRate } from './rate.js';
import { profileTargetRate } from './profile-facts.js';
import { consumersNeeded } from './scaling.js';
import type { QueueGrowthParams } from '../recommendations/queue-consumers.js';

/** A queue's consumers and rates over the window (medians; null where not measured). */
export interface QueueDrain {
  consumers: number | null;
  /** Messages leaving the queue (acked, acknowledged, dequeued), msg/s. */
  drainPerSec: number | null;
  addedPerSec?: number | null;
}

/** How one pack reads a growing queue. */
export interface QueueGrowthSpec {
  id: string;
  kb: string;
  /** Why the rule cannot judge this window (the broker's collector left no samples), or null. */
  unavailable(ctx: RuleContext): string | null;
  /** Per run queue (key: queue name) depth series and where they come from, for the evidence note (`QueueSize`, `MessageCount`, a source); null when there are none. */
  depth(ctx: RuleContext): { series: Map<string, Point[]>; source: string } | null;
  /** How the depth is named in evidence: `depth` or `ready`. */
  depthWord: string;
  /** The pack's least growth that counts, msg/s (the 1 %-of-rate floor applies as well). */
  minGrowthPerSec: number;
  drain(ctx: RuleContext, queue: string): QueueDrain;
  /** How the drain rate is named in evidence: `dequeue rate`, `ack rate`, `acknowledged`. */
  drainWord: string;
  /**
   * The queue's consumer capacity while messages waited (RabbitMQ), or null when not measured;
   * at or above `capacityFull` the consumers took every message at once, and the queue is not
   * theirs to blame.
   */
  capacity?: { of(ctx: RuleContext, queue: string, waiting: readonly Point[]): number | null; full: number };
  /** The finding of this pack's id, from the shared parameters and the actions mqload can try. */
  finding(cls: FindingClass, evidence: Evidence[], params: QueueGrowthParams, actions: FindingAction[]): Finding;
}

/** Median of a series, or null when it has no finite value. */
export function medianOrNull(pts: readonly Point[] | undefined): number | null {
  const m = median(values(pts ? [...pts] : []));
  return Number.isFinite(m) ? m : null;
}

/** The queue-growing rule of a pack; see the file comment for the condition and thresholds. */
export function queueGrowthRule(spec: QueueGrowthSpec): Rule {
  return {
    id: spec.id,
    kb: spec.kb,
    needsWindow: true,
    evaluate(ctx) {
      const w = ctx.window;
      const why = spec.unavailable(ctx);
      if (why !== null) return insufficient(why);
      const depth = spec.depth(ctx);
      if (!depth || depth.series.size === 0) return insufficient(`no ${spec.depthWord} readings for the run's queues`);
      const produceRate = achievedRate(w);
      const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? produceRate;
      const limit = Math.max(spec.minGrowthPerSec, T.lagGrowthMinShareOfRate.value * (Number.isFinite(produceRate) ? produceRate : 0));
      const findings: Finding[] = [];
      for (const [queue, pts] of depth.series) {
        if (!enoughReadings(values(pts))) continue;
        const growth = slope(pts);
        const above = sustained(values(pts), (v) => v > 0);
        if (!(growth > limit) || !above.holds) continue;
        const capacity = spec.capacity ? spec.capacity.of(ctx, queue, pts.filter((p) => p.v > 0)) : null;
        if (spec.capacity && capacity !== null && !(capacity < spec.capacity.full)) continue;
        const d = spec.drain(ctx, queue);
        const perConsumer = d.consumers !== null && d.consumers > 0 && d.drainPerSec !== null && d.drainPerSec > 0 ? d.drainPerSec / d.consumers : null;
        const endDepth = pts[pts.length - 1]!.v;
        const ev = [
          evidence(w, `${spec.depthWord} growth of ${queue}`, growth, 'msg/s', { threshold: limit, note: `least-squares trend of ${depth.source}; ${spec.depthWord} > 0: ${sustainedNote(above)}` }),
          evidence(w, `${spec.depthWord} of ${queue} at window end`, endDepth, 'messages'),
        ];
        const added = d.addedPerSec ?? null;
        if (added !== null) ev.push(evidence(w, `messages added to ${queue} median`, added, 'msg/s'));
        if (capacity !== null) ev.push(evidence(w, `consumer capacity of ${queue} median while messages waited`, capacity, 'ratio', { threshold: spec.capacity!.full }));
        if (perConsumer !== null) ev.push(evidence(w, `${spec.drainWord} per consumer of ${queue}`, perConsumer, 'msg/s', { note: `${spec.drainWord} ${d.drainPerSec!.toFixed(0)} msg/s ÷ ${d.consumers} consumers` }));
        const severity = growth > T.lagGrowthCriticalShareOfRate.value * produceRate ? 'critical' : 'warning';
        const confidence = (spec.capacity ? capacity !== null : perConsumer !== null) ? 'high' : 'medium';
        const needed = perConsumer !== null && target > 0 ? consumersNeeded(target, perConsumer) : null;
        const actions = consumerActions({ consumers: d.consumers, needed, topic: null, partitions: null }, `each consumer of ${queue} drains ${perConsumer?.toFixed(0) ?? '?'} msg/s; the target is ${target.toFixed(0)} msg/s`);
        findings.push(
          spec.finding({ category: 'consumer-lag', severity, confidence }, ev, {
            queue,
            growthPerSec: growth,
            endDepth,
            consumers: d.consumers,
            addedPerSec: added,
            capacity,
            perConsumerRate: perConsumer,
            targetRate: target,
            neededConsumers: needed,
          }, actions),
        );
      }
      return findings.length > 0 ? issue(findings) : OK;
    },
  };
}
