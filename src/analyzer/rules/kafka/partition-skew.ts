/**
 * L5: lag concentrated on few partitions — max ÷ mean partition lag above 3 for a sustained
 * stretch, judged only at readings where mean lag is large enough to matter.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { sustained } from '../../sustained.js';
import { mean, median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { groupLags } from '../../lag-series.js';

/** The `partition-skew` rule (L5); see the file comment for the condition and thresholds. */
export const partitionSkew: Rule = {
  id: 'partition-skew',
  kb: 'L5',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const groups = groupLags(w).filter((g) => g.partitions.size >= 2);
    if (groups.length === 0) return insufficient('no per-partition lag samples (need at least 2 partitions)');
    const findings = [];
    for (const g of groups) {
      const byTime = new Map<number, Map<string, number>>();
      for (const [p, obs] of g.partitions) for (const o of obs) byTime.set(o.t, (byTime.get(o.t) ?? new Map()).set(p, o.lag));
      const times = [...byTime.keys()].sort((a, b) => a - b);
      const ratios = times.map((t) => {
        const lags = [...byTime.get(t)!.values()];
        const m = mean(lags);
        return lags.length >= 2 && m >= T.partitionSkewMinMeanLag.value ? Math.max(...lags) / m : NaN;
      });
      const s = sustained(ratios, (v) => v > T.partitionSkewMax.value);
      if (!s.holds) continue;
      const hottest = [...g.partitions].map(([p, obs]) => ({ p, lag: median(obs.map((o) => o.lag)) })).sort((a, b) => b.lag - a.lag)[0]!.p;
      const ratio = median(ratios);
      findings.push(
        makeFinding(
          'partition-skew',
          { category: 'partitions', severity: 'warning', confidence: 'low' },
          [evidence(w, `max ÷ mean partition lag of group ${g.group} on ${g.topic}`, ratio, 'ratio', { threshold: T.partitionSkewMax.value, note: `hottest partition ${hottest}; ${sustainedNote(s)}` })],
          { group: g.group, topic: g.topic, ratio, hottest, keys: ctx.profile?.message.keys ?? null, hotShare: ctx.profile?.message.hotShare ?? null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
