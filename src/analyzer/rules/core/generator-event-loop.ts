/** C3: the generator's event loop is blocked (delay p99 > 70 ms) or busy (utilisation > 0.9). */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { hostCores } from '../../signals.js';
import { workerCount } from '../../profile-facts.js';
import type { Evidence } from '../../finding-types.js';

const P = SAMPLE_NAMES.process;

/** The `generator-event-loop` rule (C3); see the file comment for the condition and thresholds. */
export const generatorEventLoop: Rule = {
  id: 'generator-event-loop',
  kb: 'C3',
  needsWindow: true,
  perGenerator: true,
  evaluate(ctx) {
    const w = ctx.window;
    const delay = seriesByInstance(w, 'process', P.eventLoopDelayP99);
    const elu = seriesByInstance(w, 'process', P.eventLoopUtilization);
    if (delay.size === 0 && elu.size === 0) return insufficient('no process samples with event-loop delay or utilisation');
    const findings = [];
    for (const inst of new Set([...delay.keys(), ...elu.keys()])) {
      const d = delay.get(inst);
      const u = elu.get(inst);
      const ds = d ? sustained(values(d), (v) => v > T.eventLoopDelayP99Max.value) : null;
      const us = u ? sustained(values(u), (v) => v > T.eventLoopUtilizationMax.value) : null;
      if (!ds?.holds && !us?.holds) continue;
      const ev: Evidence[] = [];
      if (d && ds) ev.push(evidence(w, `event-loop delay p99 median (${inst})`, median(values(d)), 'ms', { threshold: T.eventLoopDelayP99Max.value, note: sustainedNote(ds) }));
      if (u && us) ev.push(evidence(w, `event-loop utilisation median (${inst})`, median(values(u)), 'ratio', { threshold: T.eventLoopUtilizationMax.value, note: sustainedNote(us) }));
      findings.push(
        makeFinding('generator-event-loop', { category: 'load-generator', severity: 'critical', confidence: ds?.holds ? 'high' : 'medium' }, ev, {
          instance: inst,
          delayP99Ms: ds?.holds && d ? median(values(d)) : null,
          utilization: u ? median(values(u)) : null,
          workers: workerCount(ctx.summary),
          cores: hostCores(w),
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
