/**
 * H1, H2: broker CPU above the planning limit (70 %, warning) or the alert level (90 %, critical)
 * for a sustained stretch, or a run queue above 2 per core. Read from node_exporter on the broker
 * host, else from the local broker process.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import type { Evidence } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { derivedByInstance, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { brokerCpu } from '../../signals.js';
import { cpuBrokerEstimate } from '../../scaling.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';

const N = SAMPLE_NAMES.node;

/** The `broker-cpu` rule (H1, H2); see the file comment for the condition and thresholds. */
export const brokerCpuRule: Rule = {
  id: 'broker-cpu',
  kb: 'H1, H2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const cpu = brokerCpu(w);
    if (!cpu) return insufficient('no broker CPU samples (node exporter, or the local broker process with host core count)');
    const load = derivedByInstance(w, 'node', [N.load1, N.cores], (v) => (v[N.cores]! > 0 ? v[N.load1]! / v[N.cores]! : NaN));
    const achieved = achievedRate(w);
    const target = (ctx.profile && profileTargetRate(ctx.profile)) ?? achieved;
    const estimate = cpuBrokerEstimate(w, achieved > 0 ? target / achieved : 1);
    const findings = [];
    for (const [inst, pts] of cpu.series) {
      const warn = sustained(values(pts), (v) => v > T.brokerCpuWarn.value);
      const crit = sustained(values(pts), (v) => v > T.brokerCpuCritical.value);
      const lp = load.get(inst);
      const queue = lp ? sustained(values(lp), (v) => v > T.brokerLoadPerCoreMax.value) : null;
      if (!warn.holds && !queue?.holds) continue;
      const med = median(values(pts));
      const ev: Evidence[] = [
        evidence(w, `broker CPU median (${inst}, ${cpu.origin})`, med * 100, '%', { threshold: T.brokerCpuWarn.value * 100, note: sustainedNote(warn) }),
      ];
      if (lp && queue) ev.push(evidence(w, `load1 per core median (${inst})`, median(values(lp)), 'per core', { threshold: T.brokerLoadPerCoreMax.value, note: sustainedNote(queue) }));
      findings.push(
        makeFinding('broker-cpu-high', { category: 'broker-cpu', severity: crit.holds || queue?.holds ? 'critical' : 'warning', confidence: cpu.origin === 'node' ? 'high' : 'medium' }, ev, {
          instance: inst,
          medianRatio: med,
          origin: cpu.origin,
          loadPerCore: lp ? median(values(lp)) : null,
          brokers: estimate?.brokers ?? null,
          brokersToAdd: estimate?.toAdd ?? null,
          broker: ctx.broker?.kind ?? null,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
