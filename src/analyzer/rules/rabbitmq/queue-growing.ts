/**
 * R4, R5, R12: a run queue's ready messages grow while ready stays above 0, and its consumer
 * capacity while messages waited is below 1 (when measured) → the consumers are the limit;
 * per-consumer rate = the queue's ack rate ÷ its consumers (R12). The shared rule and its
 * thresholds: ../../queue-growth.ts.
 */
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { medianOrNull, queueGrowthRule } from '../../queue-growth.js';
import { RQ, NO_RABBIT_SAMPLES, hasRabbitSamples, queueSeries } from './facts.js';

/** The `rabbitmq-queue-growing` rule (R4, R5, R12). */
export const rabbitQueueGrowing = queueGrowthRule({
  id: 'rabbitmq-queue-growing',
  kb: 'R4, R5, R12',
  unavailable: (ctx) => (hasRabbitSamples(ctx.window) ? null : NO_RABBIT_SAMPLES),
  depth: (ctx) => {
    const ready = queueSeries(ctx.window, ctx.profile, RQ.ready);
    return ready ? { series: ready.series, source: `ready messages (source ${ready.source})` } : null;
  },
  depthWord: 'ready',
  minGrowthPerSec: T.rabbitReadyGrowthMinPerSec.value,
  drain: (ctx, queue) => ({
    consumers: medianOrNull(queueSeries(ctx.window, ctx.profile, RQ.consumers)?.series.get(queue)),
    drainPerSec: medianOrNull(queueSeries(ctx.window, ctx.profile, RQ.ackPerSec)?.series.get(queue)),
  }),
  drainWord: 'ack rate',
  // Capacity while messages waited: 1 means consumers took every message at once.
  capacity: {
    of: (ctx, queue, waiting) => {
      const times = new Set(waiting.map((p) => p.t));
      const pts = queueSeries(ctx.window, ctx.profile, RQ.consumerCapacity)?.series.get(queue)?.filter((p) => times.has(p.t)) ?? [];
      return pts.length > 0 ? medianOrNull(pts) : null;
    },
    full: T.rabbitConsumerCapacityFull.value,
  },
  finding: (cls, ev, p, actions) => makeFinding('rabbitmq-consumers-limit', cls, ev, p, actions),
});
