/**
 * AR2: a run queue's depth (`MessageCount`) rises (least-squares trend above max(1 msg/s, 1 % of
 * the produce rate)) while it stays above 0 for a sustained stretch → the queue's consumers are
 * slower than what is routed into it. Per-consumer rate c = the queue's acknowledged rate ÷ its
 * consumers; consumers needed = ⌈target ÷ c⌉ (the KB's ⌈rate(added) ÷ per-consumer rate(acked)⌉).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained, enoughReadings } from '../../sustained.js';
import { slope } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import { AQ, NO_ARTEMIS_SAMPLES, hasArtemisSamples, queueRates, queueSeries } from './facts.js';

/** The `artemis-queue-growing` rule (AR2); see the file comment for the condition and thresholds. */
export const artemisQueueGrowing: Rule = {
  id: 'artemis-queue-growing',
  kb: 'AR2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasArtemisSamples(w)) return insufficient(NO_ARTEMIS_SAMPLES);
    const depth = queueSeries(w, ctx.profile, AQ.depth);
    if (depth.size === 0) return insufficient('no depth readings for the run\'s queues');
    const produceRate = achievedRate(w);
    const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? produceRate;
    const limit = Math.max(T.artemisDepthGrowthMinPerSec.value, T.lagGrowthMinShareOfRate.value * (Number.isFinite(produceRate) ? produceRate : 0));
    const findings: Finding[] = [];
    for (const [queue, pts] of depth) {
      if (!enoughReadings(values(pts))) continue;
      const growth = slope(pts);
      const above = sustained(values(pts), (v) => v > 0);
      if (!(growth > limit) || !above.holds) continue;
      const r = queueRates(w, ctx.profile, queue);
      const endDepth = pts[pts.length - 1]!.v;
      const ev = [
        evidence(w, `depth growth of ${queue}`, growth, 'msg/s', { threshold: limit, note: `least-squares trend of MessageCount; depth > 0: ${sustainedNote(above)}` }),
        evidence(w, `depth of ${queue} at window end`, endDepth, 'messages'),
      ];
      if (r.addedPerSec !== null) ev.push(evidence(w, `messages added to ${queue} median`, r.addedPerSec, 'msg/s'));
      if (r.perConsumer !== null) ev.push(evidence(w, `acknowledged per consumer of ${queue}`, r.perConsumer, 'msg/s', { note: `acked ${r.ackedPerSec!.toFixed(0)} msg/s ÷ ${r.consumers} consumers` }));
      findings.push(
        makeFinding('artemis-consumers-limit', { category: 'consumer-lag', severity: growth > T.lagGrowthCriticalShareOfRate.value * produceRate ? 'critical' : 'warning', confidence: r.perConsumer !== null ? 'high' : 'medium' }, ev, {
          queue,
          growthPerSec: growth,
          endDepth,
          consumers: r.consumers,
          addedPerSec: r.addedPerSec,
          perConsumerRate: r.perConsumer,
          targetRate: target,
          neededConsumers: r.perConsumer !== null && target > 0 ? consumersNeeded(target, r.perConsumer) : null,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
