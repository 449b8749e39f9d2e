/**
 * AR2: a run queue's `DeliveringCount` at or above 90 % of consumers × credit window
 * (`driver.config.prefetch`) while more messages wait in it (depth > delivering), for a
 * sustained stretch → every consumer holds all the deliveries its credit allows: the handlers
 * are the limit. When they run at their processing ceiling (≥ 85 % of 1000 ÷ delayMs) only more
 * consumers help; otherwise credit ≈ 2 × per-consumer rate × (round trip + processing time),
 * between 10 and 2000. The round trip is estimated by the publish p50.
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
import { medianOf } from '../../latency.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import { AQ, NO_ARTEMIS_SAMPLES, hasArtemisSamples, profileCredit, queueRates, queueSeries, valueAt } from './facts.js';

/** The `artemis-credit` rule (AR2); see the file comment for the condition and thresholds. */
export const artemisCredit: Rule = {
  id: 'artemis-credit',
  kb: 'AR2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasArtemisSamples(w)) return insufficient(NO_ARTEMIS_SAMPLES);
    if (!ctx.profile?.consumers || ctx.profile.consumers.perGroup === 0) return insufficient('the profile has no consumers');
    const delivering = queueSeries(w, ctx.profile, AQ.delivering);
    const depth = queueSeries(w, ctx.profile, AQ.depth);
    const consumers = queueSeries(w, ctx.profile, AQ.consumers);
    if (delivering.size === 0 || depth.size === 0 || consumers.size === 0) return insufficient('no delivering, depth or consumer readings for the run\'s queues');
    const credit = profileCredit(ctx.profile);
    const delayMs = ctx.profile.consumers.processing?.delayMs ?? 0;
    const target = profileTargetRate(ctx.profile) ?? achievedRate(w);
    const rtt = medianOf(w, 'publish', 'p50');
    const findings: Finding[] = [];
    for (const [queue, pts] of delivering) {
      const d = depth.get(queue) ?? [];
      const c = consumers.get(queue) ?? [];
      const pinned = pts.map((p) => {
        const n = valueAt(c, p.t);
        const total = valueAt(d, p.t);
        if (!(n > 0) || !Number.isFinite(total)) return NaN;
        return total > p.v && p.v >= T.artemisDeliveringAtCreditShare.value * n * credit ? 1 : 0;
      });
      const s = sustained(pinned, (v) => v === 1);
      if (!s.holds) continue;
      const r = queueRates(w, ctx.profile, queue);
      const n = r.consumers ?? median(values(c));
      const processingBound = delayMs > 0 && r.perConsumer !== null && r.perConsumer >= T.processingSaturationShare.value * (1000 / delayMs);
      const perConsumerTarget = Math.min(target / n, delayMs > 0 ? 1000 / delayMs : Infinity);
      const suggested =
        rtt !== null && perConsumerTarget > 0 ? Math.min(T.artemisCreditMax.value, Math.max(T.artemisCreditFloor.value, Math.ceil((2 * perConsumerTarget * (rtt + delayMs)) / 1000))) : null;
      const held = median(values(pts));
      const ev = [
        evidence(w, `delivering messages of ${queue} median`, held, 'messages', {
          threshold: T.artemisDeliveringAtCreditShare.value * n * credit,
          note: `${n} consumers × credit ${credit}; at it with more waiting: ${sustainedNote(s)}`,
        }),
      ];
      if (r.perConsumer !== null) ev.push(evidence(w, `acknowledged per consumer of ${queue}`, r.perConsumer, 'msg/s', delayMs > 0 ? { note: `processing ceiling 1000 ÷ ${delayMs} ms = ${(1000 / delayMs).toFixed(0)} msg/s` } : {}));
      if (rtt !== null) ev.push(evidence(w, 'publish p50 (round-trip estimate)', rtt, 'ms'));
      const needed = r.perConsumer !== null && target > 0 ? consumersNeeded(target, r.perConsumer) : null;
      findings.push(
        makeFinding('artemis-consumers-at-credit', { category: 'consumer-lag', severity: 'warning', confidence: 'high' }, ev, {
          queue,
          delivering: held,
          consumers: n,
          credit,
          perConsumerRate: r.perConsumer,
          rttMs: rtt,
          suggestedCredit: suggested,
          creditMax: T.artemisCreditMax.value,
          processingBound,
          targetRate: target,
          neededConsumers: needed,
        }, windowActions({ processingBound, window: credit, suggestedWindow: suggested, consumers: n, needed }, `${n} consumers × credit ${credit} are all out while messages wait`)),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
