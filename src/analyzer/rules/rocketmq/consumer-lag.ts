/**
 * RK1: a run group's lag (`rocketmq_consumer_lag_messages`, else ready + inflight) rises
 * (least-squares trend above max(1 msg/s, 1 % of the produce rate)) while it stays above 0 for a
 * sustained stretch → the group's consumers are the limit. Ready (waiting to be received)
 * against inflight (received, not yet acknowledged) tells which side: mostly ready → too few
 * receivers; mostly inflight → the handlers are slow (consumers busy). Consumers needed =
 * ⌈target ÷ per-consumer rate⌉, where a group gets no more parallelism than the topic's message
 * queues: when the consumers already match the queues (or the count needed exceeds them), the
 * topic needs more queues first.
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained, enoughReadings } from '../../sustained.js';
import { median, slope, type Point } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded, perConsumerRate } from '../../scaling.js';
import { NO_ROCKETMQ_SAMPLES, RG, groupSeries, hasRocketmqSamples, topicOfGroup, topicQueues } from './facts.js';

/** Lag points of a group: the lag series, else ready + inflight at the same readings. */
function lagOf(lag: Point[] | undefined, ready: Point[] | undefined, inflight: Point[] | undefined): Point[] {
  if (lag && lag.length > 0) return lag;
  const held = new Map((inflight ?? []).map((p) => [p.t, p.v]));
  return (ready ?? []).map((p) => ({ t: p.t, v: p.v + (held.get(p.t) ?? 0) }));
}

const finiteOr = (v: number, fallback: number): number => (Number.isFinite(v) ? v : fallback);

/** The `rocketmq-consumer-lag` rule (RK1); see the file comment for the condition and thresholds. */
export const rocketmqConsumerLag: Rule = {
  id: 'rocketmq-consumer-lag',
  kb: 'RK1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRocketmqSamples(w)) return insufficient(NO_ROCKETMQ_SAMPLES);
    if (!ctx.profile?.consumers || ctx.profile.consumers.perGroup === 0) return insufficient('the profile has no consumers');
    const lag = groupSeries(w, ctx.profile, RG.lagMessages);
    const ready = groupSeries(w, ctx.profile, RG.readyMessages);
    const inflight = groupSeries(w, ctx.profile, RG.inflightMessages);
    const groups = new Set([...lag.keys(), ...ready.keys()]);
    if (groups.size === 0) return insufficient('no lag readings for the groups of the run\'s topics (the exporter publishes them while a consumer is online)');
    const produceRate = achievedRate(w);
    const target = profileTargetRate(ctx.profile) ?? produceRate;
    const limit = Math.max(T.lagGrowthMinPerSec.value, T.lagGrowthMinShareOfRate.value * finiteOr(produceRate, 0));
    const consumers = ctx.profile.consumers.perGroup;
    const perConsumer = perConsumerRate(w, ctx.profile);
    const findings: Finding[] = [];
    for (const group of groups) {
      const pts = lagOf(lag.get(group), ready.get(group), inflight.get(group));
      if (!enoughReadings(values(pts))) continue;
      const growth = slope(pts);
      const above = sustained(values(pts), (v) => v > 0);
      if (!(growth > limit) || !above.holds) continue;
      const topic = topicOfGroup(w, group) ?? '';
      const queues = topicQueues(ctx.profile, topic);
      const readyMed = finiteOr(median(values(ready.get(group) ?? [])), 0);
      const inflightMed = finiteOr(median(values(inflight.get(group) ?? [])), 0);
      const needed = perConsumer !== null && target > 0 ? consumersNeeded(target, perConsumer) : null;
      const endLag = pts[pts.length - 1]!.v;
      const ev = [
        evidence(w, `lag growth of group ${group}`, growth, 'msg/s', { threshold: limit, note: `least-squares trend of the broker's consumer lag; lag > 0: ${sustainedNote(above)}` }),
        evidence(w, `ready messages of group ${group} median`, readyMed, 'messages', { note: `waiting to be received; inflight (received, not acknowledged) median ${inflightMed.toFixed(0)}` }),
        evidence(w, `message queues of ${topic}`, queues, 'queues', { note: `${consumers} consumer${consumers === 1 ? '' : 's'} per group` }),
      ];
      if (perConsumer !== null) ev.push(evidence(w, 'received rate per consumer', perConsumer, 'msg/s'));
      findings.push(
        makeFinding('rocketmq-consumers-limit', { category: 'consumer-lag', severity: growth > T.lagGrowthCriticalShareOfRate.value * produceRate ? 'critical' : 'warning', confidence: perConsumer !== null ? 'high' : 'medium' }, ev, {
          group,
          topic,
          growthPerSec: growth,
          endLag,
          readyMessages: readyMed,
          inflightMessages: inflightMed,
          consumersBusy: inflightMed >= readyMed,
          consumers,
          queues,
          perConsumerRate: perConsumer,
          targetRate: target,
          neededConsumers: needed,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
