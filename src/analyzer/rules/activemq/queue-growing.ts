/**
 * AC2: a run queue's depth (`QueueSize`) grows while it stays above 0 → the consumers are the
 * limit; per-consumer rate = the queue's dequeue rate ÷ its consumers. The shared rule and its
 * thresholds: ../../queue-growth.ts.
 */
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { medianOrNull, queueGrowthRule } from '../../queue-growth.js';
import { AQ, NO_ACTIVEMQ_SAMPLES, hasActivemqSamples, queueSeries } from './facts.js';

/** The `activemq-queue-growing` rule (AC2). */
export const activemqQueueGrowing = queueGrowthRule({
  id: 'activemq-queue-growing',
  kb: 'AC2',
  unavailable: (ctx) => (hasActivemqSamples(ctx.window) ? null : NO_ACTIVEMQ_SAMPLES),
  depth: (ctx) => {
    const series = queueSeries(ctx.window, ctx.profile, AQ.depth);
    return series ? { series, source: 'QueueSize' } : null;
  },
  depthWord: 'depth',
  minGrowthPerSec: T.lagGrowthMinPerSec.value,
  drain: (ctx, queue) => ({
    consumers: medianOrNull(queueSeries(ctx.window, ctx.profile, AQ.consumers)?.get(queue)),
    drainPerSec: medianOrNull(queueSeries(ctx.window, ctx.profile, AQ.dequeueRate)?.get(queue)),
  }),
  drainWord: 'dequeue rate',
  finding: (cls, ev, p, actions) => makeFinding('activemq-consumers-limit', cls, ev, p, actions),
});
