/**
 * R6, R13: a run queue's unacked messages at or above 90 % of consumers × prefetch while ready
 * messages wait, for a sustained stretch → every delivery a consumer may hold is taken: the
 * handlers are the limit. When consumers run at their processing ceiling (≥ 85 % of 1000 ÷
 * delayMs), only more consumers help; otherwise prefetch ≈ 2 × per-consumer rate × (round trip
 * + processing time), between 10 and 300 (quorum queues cap it at 2000, no faster than 300).
 * The round trip is estimated by the publish p50 (one broker round trip).
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
import { NO_RABBIT_SAMPLES, RQ, consumeSettings, hasRabbitSamples, profilePrefetch, queueSeries, valueAt } from './facts.js';

/** The `rabbitmq-prefetch` rule (R6, R13); see the file comment for the condition and thresholds. */
export const rabbitPrefetch: Rule = {
  id: 'rabbitmq-prefetch',
  kb: 'R6, R13',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRabbitSamples(w)) return insufficient(NO_RABBIT_SAMPLES);
    if (!ctx.profile?.consumers || ctx.profile.consumers.perGroup === 0) return insufficient('the profile has no consumers');
    const unacked = queueSeries(w, ctx.profile, RQ.unacked);
    const ready = queueSeries(w, ctx.profile, RQ.ready);
    const consumers = queueSeries(w, ctx.profile, RQ.consumers);
    if (!unacked || !ready || !consumers) return insufficient('no unacked, ready or consumer readings for the run\'s queues');
    const prefetch = profilePrefetch(ctx.profile);
    const delayMs = ctx.profile.consumers.processing?.delayMs ?? 0;
    const target = profileTargetRate(ctx.profile) ?? achievedRate(w);
    const rtt = medianOf(w, 'publish', 'p50');
    const quorum = consumeSettings(ctx.profile)?.queueType === 'quorum';
    const acks = queueSeries(w, ctx.profile, RQ.ackPerSec);
    const findings: Finding[] = [];
    for (const [queue, pts] of unacked.series) {
      const r = ready.series.get(queue) ?? [];
      const c = consumers.series.get(queue) ?? [];
      // NaN (a gap) where ready or consumers are unknown at that reading.
      const pinned = pts.map((p) => {
        const n = valueAt(c, p.t);
        const rd = valueAt(r, p.t);
        if (!(n > 0) || !Number.isFinite(rd)) return NaN;
        return rd > 0 && p.v >= T.rabbitUnackedAtPrefetchShare.value * n * prefetch ? 1 : 0;
      });
      const s = sustained(pinned, (v) => v === 1);
      if (!s.holds) continue;
      const n = median(values(c));
      const ack = median(values(acks?.series.get(queue) ?? []));
      const perConsumer = Number.isFinite(ack) && ack > 0 && n > 0 ? ack / n : null;
      const processingBound = delayMs > 0 && perConsumer !== null && perConsumer >= T.processingSaturationShare.value * (1000 / delayMs);
      const perConsumerTarget = Math.min(target / n, delayMs > 0 ? 1000 / delayMs : Infinity);
      const suggested =
        rtt !== null && perConsumerTarget > 0
          ? Math.min(T.rabbitPrefetchMax.value, Math.max(T.rabbitPrefetchFloor.value, Math.ceil((2 * perConsumerTarget * (rtt + delayMs)) / 1000)))
          : null;
      const held = median(values(pts));
      const ev = [
        evidence(w, `unacked messages of ${queue} median`, held, 'messages', {
          threshold: T.rabbitUnackedAtPrefetchShare.value * n * prefetch,
          note: `${n} consumers × prefetch ${prefetch}; pinned with ready > 0: ${sustainedNote(s)}; source ${unacked.source}`,
        }),
      ];
      if (perConsumer !== null) ev.push(evidence(w, `ack rate per consumer of ${queue}`, perConsumer, 'msg/s', delayMs > 0 ? { note: `processing ceiling 1000 ÷ ${delayMs} ms = ${(1000 / delayMs).toFixed(0)} msg/s` } : {}));
      if (rtt !== null) ev.push(evidence(w, 'publish p50 (round-trip estimate)', rtt, 'ms'));
      const needed = perConsumer !== null && target > 0 ? consumersNeeded(target, perConsumer) : null;
      findings.push(
        makeFinding('rabbitmq-unacked-at-prefetch', { category: 'consumer-lag', severity: 'warning', confidence: 'high' }, ev, {
          queue,
          unacked: held,
          consumers: n,
          prefetch,
          perConsumerRate: perConsumer,
          rttMs: rtt,
          suggestedPrefetch: suggested,
          prefetchCap: T.rabbitPrefetchMax.value,
          quorumCap: quorum ? T.rabbitQuorumPrefetchCap.value : null,
          processingBound,
          targetRate: target,
          neededConsumers: needed,
        }, windowActions({ processingBound, window: prefetch, suggestedWindow: suggested, consumers: n, needed }, `${n} consumers × prefetch ${prefetch} are all taken while messages wait`)),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
