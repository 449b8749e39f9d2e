/** C1: the load-generator host's CPU is busy for a sustained stretch. */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, hasSource } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

/** The `generator-host-cpu` rule (C1); see the file comment for the condition and thresholds. */
export const generatorHostCpu: Rule = {
  id: 'generator-host-cpu',
  kb: 'C1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const series = seriesByInstance(w, 'host', SAMPLE_NAMES.host.cpuPercent);
    if (series.size === 0) return insufficient('no host samples (generator host CPU)');
    const limit = T.generatorHostCpuMax.value;
    const brokerLocal = hasSource(w, 'broker-process');
    const findings = [];
    for (const [inst, pts] of series) {
      const s = sustained(values(pts), (v) => v > limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      findings.push(
        makeFinding(
          'generator-host-cpu',
          { category: 'load-generator', severity: 'critical', confidence: brokerLocal ? 'medium' : 'high' },
          [
            evidence(w, `generator host CPU median (${inst})`, med, '%', {
              threshold: limit,
              note: sustainedNote(s) + (brokerLocal ? '; the local broker runs on this host and its CPU counts too' : ''),
            }),
          ],
          { medianPercent: med, limitPercent: limit, brokerLocal },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
