/**
 * AC2: a run queue's in-flight messages (`InFlightCount`) at or above 90 % of consumers ×
 * prefetch while more messages wait behind them (depth above in-flight), for a sustained
 * stretch → every delivery a consumer may hold is taken: the handlers are the limit. With a
 * processing delay at its ceiling (≥ 85 % of 1000 ÷ delayMs per consumer) only more consumers
 * help; otherwise a larger prefetch may.
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { windowActions } from '../../actions.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import { AQ, NO_ACTIVEMQ_SAMPLES, activemqPrefetch, hasActivemqSamples, queueSeries, valueAt } from './facts.js';

/** The `activemq-prefetch` rule (AC2); see the file comment for the condition and thresholds. */
export const activemqPrefetchRule: Rule = {
  id: 'activemq-prefetch',
  kb: 'AC2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasActivemqSamples(w)) return insufficient(NO_ACTIVEMQ_SAMPLES);
    if (!ctx.profile?.consumers || ctx.profile.consumers.perGroup === 0) return insufficient('the profile has no consumers');
    const inFlight = queueSeries(w, ctx.profile, AQ.inFlight);
    const depth = queueSeries(w, ctx.profile, AQ.depth);
    const consumers = queueSeries(w, ctx.profile, AQ.consumers);
    if (!inFlight || !depth || !consumers) return insufficient('no in-flight, depth or consumer readings for the run\'s queues');
    const prefetch = activemqPrefetch(ctx.profile);
    const delayMs = ctx.profile.consumers.processing?.delayMs ?? 0;
    const target = profileTargetRate(ctx.profile) ?? achievedRate(w);
    const dequeues = queueSeries(w, ctx.profile, AQ.dequeueRate);
    const findings: Finding[] = [];
    for (const [queue, pts] of inFlight) {
      const d = depth.get(queue) ?? [];
      const c = consumers.get(queue) ?? [];
      const pinned = pts.map((p) => {
        const n = valueAt(c, p.t);
        const q = valueAt(d, p.t);
        if (!(n > 0) || !Number.isFinite(q)) return NaN;
        return q > p.v && p.v >= T.activemqInFlightAtPrefetchShare.value * n * prefetch ? 1 : 0;
      });
      const s = sustained(pinned, (v) => v === 1);
      if (!s.holds) continue;
      const n = median(values(c));
      const deq = median(values(dequeues?.get(queue) ?? []));
      const perConsumer = Number.isFinite(deq) && deq > 0 && n > 0 ? deq / n : null;
      const processingBound = delayMs > 0 && perConsumer !== null && perConsumer >= T.processingSaturationShare.value * (1000 / delayMs);
      const held = median(values(pts));
      const ev = [
        evidence(w, `in-flight messages of ${queue} median`, held, 'messages', {
          threshold: T.activemqInFlightAtPrefetchShare.value * n * prefetch,
          note: `${n} consumers × prefetch ${prefetch}; pinned with messages waiting: ${sustainedNote(s)}`,
        }),
      ];
      if (perConsumer !== null) ev.push(evidence(w, `dequeue rate per consumer of ${queue}`, perConsumer, 'msg/s', delayMs > 0 ? { note: `processing ceiling 1000 ÷ ${delayMs} ms = ${(1000 / delayMs).toFixed(0)} msg/s` } : {}));
      const needed = perConsumer !== null && target > 0 ? consumersNeeded(target, perConsumer) : null;
      findings.push(
        makeFinding('activemq-consumers-at-prefetch', { category: 'consumer-lag', severity: 'warning', confidence: 'high' }, ev, {
          queue,
          inFlight: held,
          consumers: n,
          prefetch,
          perConsumerRate: perConsumer,
          processingBound,
          targetRate: target,
          neededConsumers: needed,
        }, windowActions({ processingBound, window: prefetch, suggestedWindow: null, consumers: n, needed }, `${n} consumers × prefetch ${prefetch} are all taken while messages wait`)),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
