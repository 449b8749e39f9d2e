/**
 * L3: how late messages reach consumers versus the latency objective — the profile's
 * `thresholds.e2e_latency` (its first `<`/`<=` expression on a percentile, med, avg or max),
 * else a default. Judged on the timeline's end-to-end latency per interval, else on the lag
 * collector's time lag.
 */
import type { LatencyStats } from '../../../record/format.js';
import type { Profile } from '../../../profile/schema.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { groupLags } from '../../lag-series.js';
import { parseThreshold, ThresholdSyntaxError, type ThresholdAggregation } from '../../../thresholds/parse.js';

/** The objective and the per-interval statistic it applies to. */
interface Objective {
  ms: number;
  field: keyof LatencyStats;
  label: string;
  from: 'profile' | 'default';
}

function fieldFor(a: ThresholdAggregation): { field: keyof LatencyStats; label: string } | null {
  if (a.kind === 'percentile') {
    const field: keyof LatencyStats = a.p <= 50 ? 'p50' : a.p <= 90 ? 'p90' : a.p <= 99 ? 'p99' : 'p999';
    return { field, label: field };
  }
  if (a.kind === 'med') return { field: 'p50', label: 'p50' };
  if (a.kind === 'avg') return { field: 'mean', label: 'mean' };
  if (a.kind === 'max') return { field: 'max', label: 'max' };
  return null;
}

/** The end-to-end objective from the profile, else the default p99 objective. */
export function e2eObjective(profile: Profile | null): Objective {
  for (const expr of profile?.thresholds?.['e2e_latency'] ?? []) {
    let parsed;
    try {
      parsed = parseThreshold(expr);
    } catch (err) {
      if (!(err instanceof ThresholdSyntaxError)) throw err;
      continue; // profile validation reports bad expressions; an unparsable one is not an objective
    }
    const f = fieldFor(parsed.aggregation);
    if (f && (parsed.operator === '<' || parsed.operator === '<=')) return { ms: parsed.value, ...f, from: 'profile' };
  }
  return { ms: T.e2eObjectiveDefaultMs.value, field: 'p99', label: 'p99', from: 'default' };
}

/** The `consumer-time-lag` rule (L3); see the file comment for the condition and thresholds. */
export const consumerTimeLag: Rule = {
  id: 'consumer-time-lag',
  kb: 'L3',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const obj = e2eObjective(ctx.profile);
    let series = values(timelineSeries(w, (e) => e.latencyMs.e2e?.[obj.field] ?? NaN));
    let source: 'e2e' | 'time-lag' = 'e2e';
    let label = obj.label;
    if (!series.some(Number.isFinite)) {
      const byReading = groupLags(w).flatMap((g) => g.timeLagSec);
      series = byReading.sort((a, b) => a.t - b.t).map((p) => p.v * 1000);
      source = 'time-lag';
      label = 'max';
    }
    if (!series.some(Number.isFinite)) return insufficient('no end-to-end latency in the timeline and no time-lag samples');
    const s = sustained(series, (v) => v > obj.ms);
    if (!s.holds) return OK;
    const med = median(series);
    return issue([
      makeFinding(
        'consumer-time-lag',
        { category: 'consumer-lag', severity: med > 2 * obj.ms ? 'critical' : 'warning', confidence: obj.from === 'profile' ? 'high' : 'medium' },
        [evidence(w, `${source === 'e2e' ? 'end-to-end latency' : 'consumer time lag'} ${label} median`, med, 'ms', { threshold: obj.ms, note: `objective from ${obj.from}; ${sustainedNote(s)}` })],
        { statistic: label, measuredMs: med, objectiveMs: obj.ms, objectiveFrom: obj.from, source },
      ),
    ]);
  },
};
