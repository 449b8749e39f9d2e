/**
 * AR2: a run queue's depth (`MessageCount`) grows while it stays above 0 → the queue's consumers
 * are slower than what is routed into it; per-consumer rate = the queue's acknowledged rate ÷ its
 * consumers (the KB's ⌈rate(added) ÷ per-consumer rate(acked)⌉). The shared rule and its
 * thresholds: ../../queue-growth.ts.
 */
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { queueGrowthRule } from '../../queue-growth.js';
import { AQ, NO_ARTEMIS_SAMPLES, hasArtemisSamples, queueRates, queueSeries } from './facts.js';

/** The `artemis-queue-growing` rule (AR2). */
export const artemisQueueGrowing = queueGrowthRule({
  id: 'artemis-queue-growing',
  kb: 'AR2',
  unavailable: (ctx) => (hasArtemisSamples(ctx.window) ? null : NO_ARTEMIS_SAMPLES),
  depth: (ctx) => ({ series: queueSeries(ctx.window, ctx.profile, AQ.depth), source: 'MessageCount' }),
  depthWord: 'depth',
  minGrowthPerSec: T.artemisDepthGrowthMinPerSec.value,
  drain: (ctx, queue) => {
    const r = queueRates(ctx.window, ctx.profile, queue);
    return { consumers: r.consumers, drainPerSec: r.ackedPerSec, addedPerSec: r.addedPerSec };
  },
  drainWord: 'acknowledged',
  finding: (cls, ev, p, actions) => makeFinding('artemis-consumers-limit', cls, ev, p, actions),
});
