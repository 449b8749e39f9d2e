/** C4: the generator host is short of memory (used ÷ total above the limit, sustained). */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { derivedByInstance, values, hasSource } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const H = SAMPLE_NAMES.host;

/** The `generator-memory` rule (C4); see the file comment for the condition and thresholds. */
export const generatorMemory: Rule = {
  id: 'generator-memory',
  kb: 'C4',
  needsWindow: true,
  perGenerator: true,
  evaluate(ctx) {
    const w = ctx.window;
    const used = derivedByInstance(w, 'host', [H.memAvailable, H.memTotal], (v) => (v[H.memTotal]! > 0 ? 1 - v[H.memAvailable]! / v[H.memTotal]! : NaN));
    if (used.size === 0) return insufficient('no host samples with available and total memory');
    const limit = T.generatorMemoryUsedMax.value;
    const brokerLocal = hasSource(w, 'broker-process');
    const findings = [];
    for (const [inst, pts] of used) {
      const s = sustained(values(pts), (v) => v > limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      findings.push(
        makeFinding(
          'generator-memory',
          { category: 'load-generator', severity: 'warning', confidence: brokerLocal ? 'low' : 'medium' },
          [evidence(w, `generator host memory used median (${inst})`, med, 'ratio', { threshold: limit, note: sustainedNote(s) })],
          { usedRatio: med, limitRatio: limit, brokerLocal },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
