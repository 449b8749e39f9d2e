/**
 * R4, R5, R12: a run queue's ready messages rise (least-squares trend above max(1 msg/s, 1 % of
 * the produce rate)) while ready stays above 0 for a sustained stretch, and its consumer
 * capacity is below 1 (when measured) → the consumers are the limit. Per-consumer rate c = the
 * queue's ack rate ÷ its consumers; consumers needed = ⌈target ÷ c⌉ (R12).
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
import { NO_RABBIT_SAMPLES, RQ, hasRabbitSamples, queueSeries } from './facts.js';

/** The `rabbitmq-queue-growing` rule (R4, R5, R12); see the file comment for the condition and thresholds. */
export const rabbitQueueGrowing: Rule = {
  id: 'rabbitmq-queue-growing',
  kb: 'R4, R5, R12',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRabbitSamples(w)) return insufficient(NO_RABBIT_SAMPLES);
    const ready = queueSeries(w, ctx.profile, RQ.ready);
    if (!ready) return insufficient('no ready-message readings for the run\'s queues');
    const produceRate = achievedRate(w);
    const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? produceRate;
    const limit = Math.max(T.rabbitReadyGrowthMinPerSec.value, T.lagGrowthMinShareOfRate.value * (Number.isFinite(produceRate) ? produceRate : 0));
    const capacity = queueSeries(w, ctx.profile, RQ.consumerCapacity);
    const acks = queueSeries(w, ctx.profile, RQ.ackPerSec);
    const consumers = queueSeries(w, ctx.profile, RQ.consumers);
    const findings: Finding[] = [];
    for (const [queue, pts] of ready.series) {
      if (!enoughReadings(values(pts))) continue;
      const growth = slope(pts);
      const above = sustained(values(pts), (v) => v > 0);
      if (!(growth > limit) || !above.holds) continue;
      // Capacity while messages waited: 1 means consumers took every message at once.
      const readyTimes = new Set(pts.filter((p) => p.v > 0).map((p) => p.t));
      const capPts = capacity?.series.get(queue)?.filter((p) => readyTimes.has(p.t)) ?? [];
      const cap = capPts.length > 0 ? median(values(capPts)) : null;
      if (cap !== null && !(cap < T.rabbitConsumerCapacityFull.value)) continue;
      const n = median(values(consumers?.series.get(queue) ?? []));
      const ack = median(values(acks?.series.get(queue) ?? []));
      const perConsumer = Number.isFinite(n) && n > 0 && Number.isFinite(ack) && ack > 0 ? ack / n : null;
      const endReady = pts[pts.length - 1]!.v;
      const ev = [
        evidence(w, `ready growth of ${queue}`, growth, 'msg/s', { threshold: limit, note: `least-squares trend; ready > 0: ${sustainedNote(above)}; source ${ready.source}` }),
        evidence(w, `ready messages of ${queue} at window end`, endReady, 'messages'),
      ];
      if (cap !== null) ev.push(evidence(w, `consumer capacity of ${queue} median while messages waited`, cap, 'ratio', { threshold: T.rabbitConsumerCapacityFull.value }));
      if (perConsumer !== null) ev.push(evidence(w, `ack rate per consumer of ${queue}`, perConsumer, 'msg/s', { note: `ack ${ack.toFixed(0)} msg/s ÷ ${n} consumers` }));
      findings.push(
        makeFinding('rabbitmq-consumers-limit', { category: 'consumer-lag', severity: growth > T.lagGrowthCriticalShareOfRate.value * produceRate ? 'critical' : 'warning', confidence: cap !== null ? 'high' : 'medium' }, ev, {
          queue,
          growthPerSec: growth,
          endReady,
          capacity: cap,
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
