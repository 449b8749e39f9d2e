/**
 * R8, R14: publish (confirm) p99 above 500 ms in a sustained stretch of intervals, on a quorum
 * queue or a durable queue with persistent messages → confirms wait for fsync. "A few hundred
 * ms" is normal for persistent messages, so only well above that is flagged. Confirms in flight
 * needed = ⌈target × p99⌉ (Little's law), split over the producers.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate, sendMode } from '../../profile-facts.js';
import { produceSettings } from './facts.js';

/** The `rabbitmq-confirm-latency` rule (R8, R14); see the file comment for the condition and thresholds. */
export const rabbitConfirmLatency: Rule = {
  id: 'rabbitmq-confirm-latency',
  kb: 'R8, R14',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const settings = produceSettings(ctx.profile);
    if (!ctx.profile || !settings) return insufficient('no profile.json (queue type and durability unknown)');
    if (sendMode(ctx) === 'oneway') return insufficient('oneway sends have no publisher confirms');
    const p99 = timelineSeries(w, (e) => (e.latencyMs.publish && e.latencyMs.publish.count > 0 ? e.latencyMs.publish.p99 : NaN));
    if (!values(p99).some(Number.isFinite)) return insufficient('no publish latency in the timeline');
    const fsynced = settings.queueType === 'quorum' || (settings.durable && settings.persistent);
    if (!fsynced) return OK; // transient messages confirm from memory: slow confirms have another cause
    const limit = T.rabbitConfirmP99HighMs.value;
    const s = sustained(values(p99), (v) => v > limit);
    if (!s.holds) return OK;
    const med = median(values(p99));
    const target = profileTargetRate(ctx.profile) ?? achievedRate(w);
    const producers = Math.max(1, ctx.profile.producers.count);
    const needed = Math.ceil((target * med) / 1000);
    return issue([
      makeFinding(
        'rabbitmq-confirm-latency',
        { category: 'broker-disk', severity: 'warning', confidence: 'medium' },
        [evidence(w, 'publish p99 median over intervals', med, 'ms', { threshold: limit, note: `${settings.queueType} queue, ${settings.persistent ? 'persistent' : 'transient'} messages; ${sustainedNote(s)}` })],
        {
          p99Ms: med,
          limitMs: limit,
          queueType: settings.queueType,
          persistent: settings.persistent,
          targetRate: target,
          neededInFlight: needed,
          producers,
          perProducerInFlight: Math.ceil(needed / producers),
          maxInFlight: ctx.profile.producers.maxInFlight ?? null,
        },
      ),
    ]);
  },
};
