/**
 * L1, L2: consumer lag growing. Per (group, topic): the least-squares trend of total lag above
 * max(1 msg/s, 1 % of the produce rate) while lag stays above Burrow's allowed lag (sustained),
 * and Burrow's per-partition evaluation (STOP / STALL / REWIND → `consumer-stalled`). Without a
 * lag collector, the backlog is estimated from produced minus received counts (medium confidence).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { slope, type Point } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { groupLags, backlogFromCounts, groupReceiveRate, groupActiveLately, type GroupLag } from '../../lag-series.js';
import { evaluatePartition, groupStatus, worstPartition, type PartitionStatus } from '../../burrow.js';
import { consumeTopic, activeConsumers } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import { consumerActions } from '../../actions.js';
import type { RuleContext } from '../../types.js';
import { enoughReadings } from '../../sustained.js';

interface Judged {
  group: string;
  topic: string;
  total: Point[];
  partitions: Map<string, PartitionStatus>;
  estimated: boolean;
}

/**
 * True when the group handled messages at its processing ceiling over the window: received ≥
 * `processingSaturationShare` × active consumers × 1000 ÷ the profile's per-message delay. Then
 * every consumer was busy, so none was stuck: a partition whose offset did not move was waiting
 * behind another partition's batch of the same consumer (a slow consumer, not a stuck handler).
 */
function groupAtProcessingCeiling(ctx: RuleContext, group: string): boolean {
  const delayMs = ctx.profile?.consumers?.processing?.delayMs ?? 0;
  const active = ctx.profile ? activeConsumers(ctx.profile) : null;
  const rate = groupReceiveRate(ctx.window, group);
  if (!(delayMs > 0) || active === null || !(active > 0) || rate === null) return false;
  return rate >= T.processingSaturationShare.value * active * (1000 / delayMs);
}

function burrowStatuses(ctx: RuleContext, g: GroupLag): Map<string, PartitionStatus> {
  const active = groupActiveLately(ctx.window, g.group);
  const busy = groupAtProcessingCeiling(ctx, g.group);
  const out = new Map<string, PartitionStatus>();
  for (const [p, obs] of g.partitions) {
    const withOffsets = obs.filter((o) => Number.isFinite(o.offset));
    const st = evaluatePartition(withOffsets, {
      allowedLag: T.burrowAllowedLag.value,
      intervals: T.burrowIntervals.value,
      now: ctx.window.to,
      ...(active !== null ? { consumerActive: active } : {}),
    });
    // Offsets that did not move while every consumer worked at its ceiling: slow, not stalled.
    if (st) out.set(p, st === 'STALL' && busy ? 'WARN' : st);
  }
  return out;
}

function judge(ctx: RuleContext, j: Judged, produceRate: number): Finding[] {
  const w = ctx.window;
  const lags = values(j.total);
  const growth = slope(j.total);
  const limit = Math.max(T.lagGrowthMinPerSec.value, T.lagGrowthMinShareOfRate.value * produceRate);
  const above = j.estimated ? sustained(lags, (v) => v > lags[0]!) : sustained(lags, (v) => v > T.burrowAllowedLag.value);
  const statuses = [...j.partitions.values()];
  const burrow = statuses.length > 0 ? groupStatus(statuses) : null;
  const findings: Finding[] = [];
  const endLag = lags[lags.length - 1]!;
  const topic = ctx.profile ? consumeTopic(ctx.profile) : null;
  if (burrow === 'ERR' && above.holds) {
    // A stopped or stalled consumer is not a capacity problem: report it alone, without scaling advice.
    const worst = worstPartition(statuses);
    const parts = [...j.partitions].filter(([, s]) => s === worst).map(([p]) => p).sort((a, b) => Number(a) - Number(b));
    findings.push(
      makeFinding('consumer-stalled', { category: 'consumer-lag', severity: 'critical', confidence: 'high' }, [
        evidence(w, `Burrow status of group ${j.group}`, parts.length, 'partitions', { note: `${worst} on partitions ${parts.join(', ')}` }),
        evidence(w, `lag of group ${j.group} at window end`, endLag, 'messages', { threshold: T.burrowAllowedLag.value }),
        evidence(w, `lag growth of group ${j.group} on ${j.topic}`, growth, 'msg/s', { note: 'least-squares trend' }),
      ], { group: j.group, topic: j.topic, status: worst, partitions: parts, lag: endLag }),
    );
  } else if (growth > limit && above.holds) {
    const consumeRate = groupReceiveRate(w, j.group);
    const active = ctx.profile ? activeConsumers(ctx.profile) : null;
    const perConsumer = consumeRate !== null && active !== null && consumeRate > 0 ? consumeRate / active : null;
    const critical = growth > T.lagGrowthCriticalShareOfRate.value * produceRate;
    const needed = perConsumer !== null ? consumersNeeded(produceRate, perConsumer) : null;
    findings.push(
      makeFinding(
        'consumer-lag-growing',
        { category: 'consumer-lag', severity: critical ? 'critical' : 'warning', confidence: j.estimated ? 'medium' : 'high' },
        [
          evidence(w, `lag growth of group ${j.group} on ${j.topic}`, growth, 'msg/s', {
            threshold: limit,
            note: `least-squares trend; lag above ${T.burrowAllowedLag.value}: ${sustainedNote(above)}${j.estimated ? '; estimated from produced minus received counts (no lag collector)' : ''}`,
          }),
          ...(j.estimated ? [] : [evidence(w, `lag of group ${j.group} at window end`, endLag, 'messages')]),
          ...(consumeRate !== null ? [evidence(w, `consume rate of group ${j.group}`, consumeRate, 'msg/s', { note: `produce rate ${produceRate.toFixed(0)} msg/s` })] : []),
        ],
        {
          group: j.group,
          topic: j.topic,
          growthPerSec: growth,
          endLag: j.estimated ? Math.max(0, endLag - lags[0]!) : endLag,
          burrow,
          drainAfterStopSec: consumeRate !== null && consumeRate > 0 ? Math.max(0, j.estimated ? endLag - lags[0]! : endLag) / consumeRate : null,
          partitions: topic?.partitions ?? null,
          consumers: ctx.profile?.consumers?.perGroup ?? null,
          neededConsumers: needed,
          broker: ctx.broker?.kind ?? null,
        },
        consumerActions(
          {
            consumers: ctx.profile?.consumers?.perGroup ?? null,
            needed,
            topic: j.topic,
            partitions: ctx.broker?.capabilities.partitions === false ? null : (topic?.partitions ?? null),
          },
          `each consumer of ${j.group} handles ${perConsumer?.toFixed(0) ?? '?'} msg/s; the topic gets ${produceRate.toFixed(0)} msg/s`,
        ),
      ),
    );
  }
  return findings;
}

/** The `consumer-lag` rule (L1, L2); see the file comment for the condition and thresholds. */
export const consumerLag: Rule = {
  id: 'consumer-lag',
  kb: 'L1, L2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const produceRate = achievedRate(w);
    let judged: Judged[] = groupLags(w).map((g) => ({ group: g.group, topic: g.topic, total: g.total, partitions: burrowStatuses(ctx, g), estimated: false }));
    if (judged.length === 0) {
      const topic = ctx.profile ? consumeTopic(ctx.profile)?.name ?? '?' : '?';
      judged = [...backlogFromCounts(w)].map(([group, total]) => ({ group, topic, total, partitions: new Map(), estimated: true }));
    }
    if (judged.length === 0) return insufficient('no lag samples and no per-group receive counts in the timeline');
    judged = judged.filter((j) => enoughReadings(values(j.total)));
    if (judged.length === 0) return insufficient(`fewer than ${T.sustainedMinConsecutive.value} lag readings in the window`);
    const findings = judged.flatMap((j) => judge(ctx, j, produceRate));
    return findings.length > 0 ? issue(findings) : OK;
  },
};
