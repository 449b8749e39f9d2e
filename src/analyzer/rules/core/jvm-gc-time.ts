/**
 * J1: broker GC time ratio (GC seconds per second) above 0.077 (G1 GCTimeRatio=12) for a
 * sustained stretch. Uses `gc_time_ratio`, else derives it from the GC seconds counters. The
 * broker's own JVM only (`isBrokerJvm`).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { derivedByInstance, isBrokerJvm, seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median, type Point } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const J = SAMPLE_NAMES.jvm;

/** GC seconds per second between consecutive readings of the summed GC seconds counters. */
function ratioFromCounters(points: Point[]): Point[] {
  const out: Point[] = [];
  for (let i = 1; i < points.length; i++) {
    const dt = points[i]!.t - points[i - 1]!.t;
    const dv = points[i]!.v - points[i - 1]!.v;
    out.push({ t: points[i]!.t, v: dt > 0 && dv >= 0 ? dv / dt : NaN });
  }
  return out;
}

/** The `jvm-gc-time` rule (J1); see the file comment for the condition and thresholds. */
export const jvmGcTime: Rule = {
  id: 'jvm-gc-time',
  kb: 'J1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    let ratio = seriesByInstance(w, JMX_SOURCES, J.gcTimeRatio, isBrokerJvm);
    if (ratio.size === 0) {
      const counters = derivedByInstance(w, JMX_SOURCES, [J.gcYoungSeconds, J.gcOldSeconds], (v) => v[J.gcYoungSeconds]! + v[J.gcOldSeconds]!, isBrokerJvm);
      ratio = new Map([...counters].map(([k, pts]) => [k, ratioFromCounters(pts)]));
    }
    if (ratio.size === 0) return insufficient('no jmx/jolokia GC time samples');
    const limit = T.gcTimeRatioMax.value;
    const findings = [];
    for (const [inst, pts] of ratio) {
      const s = sustained(values(pts), (v) => v > limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      findings.push(
        makeFinding(
          'jvm-gc-time',
          { category: 'broker-jvm', severity: 'warning', confidence: 'medium' },
          [evidence(w, `GC time ratio median (${inst})`, med, 'ratio', { threshold: limit, note: sustainedNote(s) })],
          { instance: inst, ratio: med, limit, broker: ctx.broker?.kind ?? null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
