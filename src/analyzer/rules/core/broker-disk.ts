/** H3: broker disk busy (io time ratio) above 0.9 for a sustained stretch (node_exporter). */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

/** The `broker-disk` rule (H3); see the file comment for the condition and thresholds. */
export const brokerDisk: Rule = {
  id: 'broker-disk',
  kb: 'H3',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const busy = seriesByInstance(w, 'node', SAMPLE_NAMES.node.diskBusy);
    if (busy.size === 0) return insufficient('no node exporter disk busy samples (the local broker process reports bytes, not busy time)');
    const limit = T.diskBusyMax.value;
    const findings = [];
    for (const [inst, pts] of busy) {
      const s = sustained(values(pts), (v) => v > limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      findings.push(
        makeFinding(
          'broker-disk-busy',
          { category: 'broker-disk', severity: 'warning', confidence: 'medium' },
          [evidence(w, `broker disk busy median (${inst})`, med, 'ratio', { threshold: limit, note: sustainedNote(s) })],
          { instance: inst, busyRatio: med, broker: ctx.broker?.kind ?? null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
