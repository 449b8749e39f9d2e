/**
 * Sync mode: each producer waits for every acknowledgement, so the rate is capped at
 * producers ÷ publish latency. Reported when the target is not met and the achieved rate sits
 * within 25 % of that cap. The cap comes from the test's producer count, so it is a
 * load-generator finding: the results understate the system until the test is fixed.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { sendMode } from '../../profile-facts.js';
import { rateAchievement } from '../../rate.js';
import { meanPublishLatencyMs } from '../../latency.js';

/** The `sync-round-trip` rule (C6 (sync)); see the file comment for the condition and thresholds. */
export const syncRoundTrip: Rule = {
  id: 'sync-round-trip',
  kb: 'C6 (sync)',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (sendMode(ctx) !== 'sync') return OK;
    if (!ctx.profile) return insufficient('no profile.json (producer count unknown)');
    const rate = rateAchievement(w);
    if (rate.target === null || rate.shortfall === null) return insufficient('max-throughput run: no target rate');
    if (!rate.shortfall.holds) return OK;
    const latency = meanPublishLatencyMs(w);
    if (latency === null || latency <= 0) return insufficient('no publish latency measurements');
    const producers = ctx.profile.producers.count;
    const maxRate = (producers * 1000) / latency;
    if (Math.abs(rate.achieved - maxRate) / maxRate > T.syncLimitTolerance.value) return OK;
    return issue([
      makeFinding(
        'sync-round-trip-limit',
        { category: 'load-generator', severity: rate.achieved / rate.target < T.rateAchievedCritical.value ? 'critical' : 'warning', confidence: 'high' },
        [
          evidence(w, 'sync rate cap (producers ÷ mean publish latency)', maxRate, 'msg/s', { note: `${producers} producers, ${latency.toFixed(2)} ms per send` }),
          evidence(w, 'achieved rate', rate.achieved, 'msg/s', { threshold: rate.target }),
        ],
        { producers, latencyMs: latency, maxRate, achieved: rate.achieved, target: rate.target, neededProducers: Math.ceil((rate.target * latency) / 1000) },
      ),
    ]);
  },
};
