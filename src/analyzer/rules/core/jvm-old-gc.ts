/**
 * J2: any old-generation (full) collection during the window. A count, not a level: the
 * threshold is 0 collections, read as the increase of the cumulative counter. The broker's own
 * JVM only (`isBrokerJvm`).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { isBrokerJvm, seriesByInstance, JMX_SOURCES } from '../../series.js';
import { counterIncrease } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const J = SAMPLE_NAMES.jvm;

/** The `jvm-old-gc` rule (J2); see the file comment for the condition and thresholds. */
export const jvmOldGc: Rule = {
  id: 'jvm-old-gc',
  kb: 'J2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const counts = seriesByInstance(w, JMX_SOURCES, J.gcOldCount, isBrokerJvm);
    if (counts.size === 0) return insufficient('no jmx/jolokia old-generation GC counters');
    if ([...counts.values()].every((pts) => pts.length < 2)) return insufficient('fewer than 2 old-generation GC counter readings');
    const seconds = seriesByInstance(w, JMX_SOURCES, J.gcOldSeconds, isBrokerJvm);
    const findings = [];
    for (const [inst, pts] of counts) {
      const n = counterIncrease(pts);
      if (!(n > T.oldGcCountMax.value)) continue;
      const secs = seconds.get(inst);
      findings.push(
        makeFinding(
          'jvm-old-gc',
          { category: 'broker-jvm', severity: 'warning', confidence: 'high' },
          [evidence(w, `old-generation collections (${inst})`, n, 'count', { threshold: T.oldGcCountMax.value })],
          { instance: inst, collections: n, seconds: secs ? counterIncrease(secs) : null, broker: ctx.broker?.kind ?? null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
