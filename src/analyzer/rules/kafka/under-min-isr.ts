/**
 * K9: partitions under min.insync.replicas. Exact broker gauge, so any reading above 0 counts
 * (acks=all writes to those partitions fail while it lasts); critical.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { max } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

/** The `under-min-isr` rule (K9); see the file comment for the condition and thresholds. */
export const underMinIsr: Rule = {
  id: 'under-min-isr',
  kb: 'K9',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const series = seriesByInstance(w, JMX_SOURCES, SAMPLE_NAMES.kafka.underMinIsr);
    if (series.size === 0) return insufficient('no jmx samples with under-min-ISR partition count');
    const findings = [];
    for (const [inst, pts] of series) {
      const above = pts.filter((p) => p.v > T.underMinIsrMax.value);
      if (above.length === 0) continue;
      const worst = max(values(pts));
      findings.push(
        makeFinding(
          'under-min-isr',
          { category: 'replication', severity: 'critical', confidence: 'high' },
          [evidence(w, `partitions under min ISR max (${inst})`, worst, 'count', { threshold: T.underMinIsrMax.value, from: above[0]!.t, to: above[above.length - 1]!.t, note: `${above.length} of ${pts.length} readings above 0` })],
          { instance: inst, maxCount: worst },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
