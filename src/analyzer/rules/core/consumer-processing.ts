/**
 * C10 (simulated processing): latency dominated by consumer processing rather than the broker —
 * consumers run at their processing ceiling (per-consumer rate ≥ 85 % of 1000 ÷ delayMs), or
 * e2e p50 is over 5× publish p50 and at least one processing delay.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { consumeTopic, profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded, perConsumerRate } from '../../scaling.js';
import { medianOf } from '../../latency.js';
import { achievedRate } from '../../rate.js';
import type { Evidence } from '../../finding-types.js';

/** The `consumer-processing` rule (C10); see the file comment for the condition and thresholds. */
export const consumerProcessing: Rule = {
  id: 'consumer-processing',
  kb: 'C10',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const p = ctx.profile;
    if (!p) return insufficient('no profile.json (processing delay unknown)');
    if (!p.consumers || p.consumers.groups === 0 || p.consumers.perGroup === 0) return insufficient('the profile has no consumers');
    const delayMs = p.consumers.processing?.delayMs ?? 0;
    if (delayMs <= 0) return OK; // mqload's consumers do no work per message: processing cannot dominate
    const capacity = 1000 / delayMs;
    const perConsumer = perConsumerRate(w, p);
    const ratio = timelineSeries(w, (e) => (e.latencyMs.e2e && e.latencyMs.publish && e.latencyMs.publish.p50 > 0 ? e.latencyMs.e2e.p50 / e.latencyMs.publish.p50 : NaN));
    if (perConsumer === null && !values(ratio).some(Number.isFinite)) return insufficient('nothing consumed in the window');
    const atCeiling = perConsumer !== null && perConsumer >= T.processingSaturationShare.value * capacity;
    const dominated = sustained(values(ratio), (v) => v > T.e2eOverPublishMin.value);
    const e2eP50 = medianOf(w, 'e2e', 'p50');
    const publishP50 = medianOf(w, 'publish', 'p50');
    const explained = dominated.holds && e2eP50 !== null && e2eP50 >= delayMs;
    if (!atCeiling && !explained) return OK;
    const ev: Evidence[] = [];
    if (perConsumer !== null) ev.push(evidence(w, 'messages per consumer', perConsumer, 'msg/s', { threshold: T.processingSaturationShare.value * capacity, note: `ceiling 1000 ÷ ${delayMs} ms = ${capacity.toFixed(1)} msg/s` }));
    if (e2eP50 !== null && publishP50 !== null) ev.push(evidence(w, 'e2e p50 ÷ publish p50 median', e2eP50 / publishP50, 'ratio', { threshold: T.e2eOverPublishMin.value, note: sustainedNote(dominated) }));
    const rate = Math.max(profileTargetRate(p) ?? 0, achievedRate(w));
    return issue([
      makeFinding('consumer-processing-bound', { category: 'consumer-lag', severity: 'warning', confidence: atCeiling && explained ? 'high' : 'medium' }, ev, {
        group: null,
        topic: consumeTopic(p)?.name ?? '?',
        delayMs,
        perConsumerRate: perConsumer ?? 0,
        capacityPerConsumer: capacity,
        e2eP50Ms: e2eP50,
        publishP50Ms: publishP50,
        partitions: consumeTopic(p)?.partitions ?? null,
        consumers: p.consumers.perGroup,
        // size for 85 % busy so consumers keep headroom
        neededConsumers: rate > 0 ? consumersNeeded(rate, capacity * T.processingSaturationShare.value) : null,
        broker: ctx.broker?.kind ?? null,
      }),
    ]);
  },
};
