/**
 * K8: under-replicated partitions above 0 for a sustained stretch, and ISR shrinks (a count: any
 * shrink is reported; during injected faults it is expected, so it drops to info).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max, type Point } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const K = SAMPLE_NAMES.kafka;

/** Events over a series of per-second rates: Σ rate × gap to the previous reading. */
function countFromRate(points: Point[]): number {
  let n = 0;
  for (let i = 1; i < points.length; i++) n += Math.max(0, points[i]!.v) * (points[i]!.t - points[i - 1]!.t);
  return n;
}

/** The `replication` rule (K8); see the file comment for the condition and thresholds. */
export const replication: Rule = {
  id: 'replication',
  kb: 'K8',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const urp = seriesByInstance(w, JMX_SOURCES, K.underReplicated);
    const shrinks = seriesByInstance(w, JMX_SOURCES, K.isrShrinksPerSec);
    if (urp.size === 0 && shrinks.size === 0) return insufficient('no jmx samples with under-replicated partitions or ISR shrinks');
    const faults = w.events.some((e) => e.kind === 'fault' || e.kind === 'fault-end');
    const findings = [];
    for (const [inst, pts] of urp) {
      const s = sustained(values(pts), (v) => v > T.underReplicatedMax.value);
      if (!s.holds) continue;
      const worst = max(values(pts));
      findings.push(
        makeFinding(
          'under-replicated-partitions',
          { category: 'replication', severity: faults ? 'warning' : 'critical', confidence: 'high' },
          [evidence(w, `under-replicated partitions max (${inst})`, worst, 'count', { threshold: T.underReplicatedMax.value, note: sustainedNote(s) + (faults ? '; faults were injected in the window' : '') })],
          { instance: inst, maxUrp: worst, faultsInWindow: faults },
        ),
      );
    }
    for (const [inst, pts] of shrinks) {
      const n = countFromRate(pts);
      if (!(n > T.isrShrinksMax.value) || n < T.isrShrinksMinCount.value) continue;
      findings.push(
        makeFinding(
          'isr-shrinks',
          { category: 'replication', severity: faults ? 'info' : 'warning', confidence: 'high' },
          [evidence(w, `ISR shrinks (${inst})`, n, 'count', { threshold: T.isrShrinksMax.value, note: faults ? 'faults were injected in the window' : 'no faults were injected' })],
          { instance: inst, shrinks: Math.round(n), faultsInWindow: faults },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
