/**
 * J3: broker old generation after GC ÷ heap max above 0.75 (warning) or 0.85 (critical), sustained.
 * Judges the broker's own JVM only (`isBrokerJvm`: not e.g. RocketMQ's name server).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { derivedByInstance, isBrokerJvm, seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const GIB = 1024 ** 3;
const MIB = 1024 ** 2;

/** A heap size as -Xmx takes it: whole GiB as `2g`, else MiB as `256m`. */
export function heapSetting(bytes: number): string {
  return bytes % GIB === 0 ? `${bytes / GIB}g` : `${Math.round(bytes / MIB)}m`;
}

const J = SAMPLE_NAMES.jvm;

/** The `jvm-heap` rule (J3); see the file comment for the condition and thresholds. */
export const jvmHeap: Rule = {
  id: 'jvm-heap',
  kb: 'J3',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const ratio = derivedByInstance(w, JMX_SOURCES, [J.oldGenAfterGc, J.heapMax], (v) => (v[J.heapMax]! > 0 ? v[J.oldGenAfterGc]! / v[J.heapMax]! : NaN), isBrokerJvm);
    if (ratio.size === 0) return insufficient('no jmx/jolokia samples with old-gen-after-GC and heap max');
    const oldGen = seriesByInstance(w, JMX_SOURCES, J.oldGenAfterGc, isBrokerJvm);
    const heapMax = seriesByInstance(w, JMX_SOURCES, J.heapMax, isBrokerJvm);
    const findings = [];
    for (const [inst, pts] of ratio) {
      const warn = sustained(values(pts), (v) => v > T.heapOldWarn.value);
      if (!warn.holds) continue;
      const crit = sustained(values(pts), (v) => v > T.heapOldCritical.value);
      const med = median(values(pts));
      // Size the heap so the live set sits at heapLiveSetShare, rounded up to whole GiB.
      const live = median(values(oldGen.get(inst) ?? []));
      const heapMaxBytes = median(values(heapMax.get(inst) ?? []));
      const suggested = Math.ceil(live / T.heapLiveSetShare.value / GIB);
      findings.push(
        makeFinding(
          'jvm-heap-pressure',
          { category: 'broker-jvm', severity: crit.holds ? 'critical' : 'warning', confidence: 'medium' },
          [evidence(w, `old gen after GC ÷ heap max median (${inst})`, med, 'ratio', { threshold: crit.holds ? T.heapOldCritical.value : T.heapOldWarn.value, note: sustainedNote(warn) })],
          { instance: inst, ratio: med, oldGenBytes: live, heapMaxBytes, suggestedHeapGiB: suggested, broker: ctx.broker?.kind ?? null },
          // Only the local broker mqload runs can be restarted with another heap (`local up --heap`).
          suggested * GIB > heapMaxBytes ? [{ target: 'local-broker', property: 'heap', from: heapSetting(heapMaxBytes), to: `${suggested}g`, why: `the live set of ${(live / GIB).toFixed(1)} GiB should sit at ${Math.round(T.heapLiveSetShare.value * 100)} % of -Xmx` }] : [],
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
