/**
 * H6: broker host memory available below 10 % for a sustained stretch. Read from node_exporter,
 * or from the generator host when the broker is local (broker-process samples present).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { derivedByInstance, values, hasSource } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const N = SAMPLE_NAMES.node;
const H = SAMPLE_NAMES.host;

/** The `broker-memory` rule (H6); see the file comment for the condition and thresholds. */
export const brokerMemory: Rule = {
  id: 'broker-memory',
  kb: 'H6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    let avail = derivedByInstance(w, 'node', [N.memAvailable, N.memTotal], (v) => (v[N.memTotal]! > 0 ? v[N.memAvailable]! / v[N.memTotal]! : NaN));
    let origin = 'node';
    if (avail.size === 0 && hasSource(w, 'broker-process')) {
      avail = derivedByInstance(w, 'host', [H.memAvailable, H.memTotal], (v) => (v[H.memTotal]! > 0 ? v[H.memAvailable]! / v[H.memTotal]! : NaN));
      origin = 'host shared with the local broker';
    }
    if (avail.size === 0) return insufficient('no broker host memory samples (node exporter, or host samples with a local broker)');
    const limit = T.brokerMemAvailableMin.value;
    const findings = [];
    for (const [inst, pts] of avail) {
      const s = sustained(values(pts), (v) => v < limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      findings.push(
        makeFinding(
          'broker-memory-low',
          { category: 'broker-memory', severity: 'critical', confidence: origin === 'node' ? 'high' : 'medium' },
          [evidence(w, `broker host memory available median (${inst}, ${origin})`, med, 'ratio', { threshold: limit, note: sustainedNote(s) })],
          { instance: inst, availableRatio: med, limitRatio: limit, broker: ctx.broker?.kind ?? null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
