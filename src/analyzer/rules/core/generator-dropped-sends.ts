/**
 * C6 (dropped sends, like k6 `dropped_iterations`): the schedule wanted sends the generator could
 * not issue because its window of outstanding messages was full. A count, not a level: drops in a
 * few intervals only, below the critical share, are reported as info.
 */
import { type Rule, OK, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { sum } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { sendMode } from '../../profile-facts.js';
import { medianOf } from '../../latency.js';
import { rateAchievement } from '../../rate.js';

/** The `generator-dropped-sends` rule (C6); see the file comment for the condition and thresholds. */
export const generatorDroppedSends: Rule = {
  id: 'generator-dropped-sends',
  kb: 'C6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const dropped = sum(w.timeline.map((e) => e.produce.dropped));
    if (dropped <= 0) return OK;
    const offered = dropped + sum(w.timeline.map((e) => e.produce.sent));
    const share = offered > 0 ? dropped / offered : 1;
    const s = sustained(values(timelineSeries(w, (e) => e.produce.dropped)), (v) => v > 0, { minShare: 0 });
    const severity = share >= T.droppedCriticalShare.value ? 'critical' : s.holds ? 'warning' : 'info';
    const mode = sendMode(ctx) ?? 'async';
    const producers = ctx.profile?.producers.count ?? 0;
    const publishP99 = medianOf(w, 'publish', 'p99');
    const rate = rateAchievement(w);
    const perProducer = producers > 0 ? (rate.target ?? rate.achieved) / producers : null;
    // Little's law: outstanding = rate × latency; doubled for bursts.
    const suggested = perProducer !== null && publishP99 !== null ? Math.ceil(perProducer * (publishP99 / 1000) * 2) : null;
    const current = ctx.profile?.producers.maxInFlight ?? null;
    return issue([
      makeFinding(
        'generator-dropped-sends',
        { category: 'load-generator', severity, confidence: 'high' },
        [
          evidence(w, 'dropped sends', dropped, 'messages', { threshold: 0, note: `${(share * 100).toFixed(2)} % of ${offered} offered; intervals with drops: ${sustainedNote(s)}` }),
        ],
        {
          dropped,
          share,
          mode,
          maxInFlight: current,
          suggestedMaxInFlight: suggested !== null && (current === null || suggested > current) ? suggested : null,
          publishP99Ms: publishP99,
        },
      ),
    ]);
  },
};
