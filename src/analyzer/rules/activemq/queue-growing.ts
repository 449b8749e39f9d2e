/**
 * AC2: a run queue's depth (`QueueSize`) rises (least-squares trend above max(1 msg/s, 1 % of
 * the produce rate)) while it stays above 0 for a sustained stretch → the consumers are the
 * limit. Per-consumer rate c = the queue's dequeue rate ÷ its consumers; consumers needed =
 * ⌈target ÷ c⌉.
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained, enoughReadings } from '../../sustained.js';
import { median, slope } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import { AQ, NO_ACTIVEMQ_SAMPLES, hasActivemqSamples, queueSeries } from './facts.js';

/** The `activemq-queue-growing` rule (AC2); see the file comment for the condition and thresholds. */
export const activemqQueueGrowing: Rule = {
  id: 'activemq-queue-growing',
  kb: 'AC2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasActivemqSamples(w)) return insufficient(NO_ACTIVEMQ_SAMPLES);
    const depth = queueSeries(w, ctx.profile, AQ.depth);
    if (!depth) return insufficient('no depth readings for the run\'s queues');
    const produceRate = achievedRate(w);
    const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? produceRate;
    const limit = Math.max(T.lagGrowthMinPerSec.value, T.lagGrowthMinShareOfRate.value * (Number.isFinite(produceRate) ? produceRate : 0));
    const dequeues = queueSeries(w, ctx.profile, AQ.dequeueRate);
    const consumers = queueSeries(w, ctx.profile, AQ.consumers);
    const findings: Finding[] = [];
    for (const [queue, pts] of depth) {
      if (!enoughReadings(values(pts))) continue;
      const growth = slope(pts);
      const above = sustained(values(pts), (v) => v > 0);
      if (!(growth > limit) || !above.holds) continue;
      const n = median(values(consumers?.get(queue) ?? []));
      const deq = median(values(dequeues?.get(queue) ?? []));
      const perConsumer = Number.isFinite(n) && n > 0 && Number.isFinite(deq) && deq > 0 ? deq / n : null;
      const endDepth = pts[pts.length - 1]!.v;
      const ev = [
        evidence(w, `depth growth of ${queue}`, growth, 'msg/s', { threshold: limit, note: `least-squares trend of QueueSize; depth > 0: ${sustainedNote(above)}` }),
        evidence(w, `depth of ${queue} at window end`, endDepth, 'messages'),
      ];
      if (perConsumer !== null) ev.push(evidence(w, `dequeue rate per consumer of ${queue}`, perConsumer, 'msg/s', { note: `dequeue ${deq.toFixed(0)} msg/s ÷ ${n} consumers` }));
      findings.push(
        makeFinding('activemq-consumers-limit', { category: 'consumer-lag', severity: growth > T.lagGrowthCriticalShareOfRate.value * produceRate ? 'critical' : 'warning', confidence: perConsumer !== null ? 'high' : 'medium' }, ev, {
          queue,
          growthPerSec: growth,
          endDepth,
          consumers: Number.isFinite(n) ? n : null,
          perConsumerRate: perConsumer,
          targetRate: target,
          neededConsumers: perConsumer !== null && target > 0 ? consumersNeeded(target, perConsumer) : null,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
