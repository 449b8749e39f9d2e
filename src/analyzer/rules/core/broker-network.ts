/**
 * H5: broker network utilisation above `nicUtilisationMax` (0.8) for a sustained stretch. Per
 * broker host (node exporter), utilisation at each reading = max(rx, tx) ÷ the host's NIC link
 * speed (a NIC is full duplex: each direction has the whole link), the link speed being the sum
 * of the known speeds of its non-loopback devices. A host whose NIC reports no speed (loopback
 * only, or a virtual NIC without one) cannot be judged, and the rule says so with the peak rates
 * it saw rather than guessing a capacity.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max, median } from '../../stats.js';
import { brokerNicUtilisation } from '../../signals.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const N = SAMPLE_NAMES.node;

/** The `broker-network` rule (H5); see the file comment for the condition and thresholds. */
export const brokerNetwork: Rule = {
  id: 'broker-network',
  kb: 'H5',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const byHost = brokerNicUtilisation(w);
    if (byHost.size === 0) {
      // Nothing to judge: say whether there were no network readings or no link speed.
      const rx = seriesByInstance(w, 'node', N.netRx);
      const tx = seriesByInstance(w, 'node', N.netTx);
      if (rx.size === 0 && tx.size === 0) return insufficient('no node exporter network samples');
      const peak = Math.max(...[...rx.values(), ...tx.values()].map((pts) => max(values(pts))));
      return insufficient(
        `the broker host's NIC reports no link speed (loopback only, or a virtual NIC without one), so utilisation cannot be computed (peak broker rx/tx ${(peak / 1e6).toFixed(1)} MB/s)`,
      );
    }
    const limit = T.nicUtilisationMax.value;
    const findings = [];
    for (const [inst, util] of byHost) {
      const s = sustained(values(util), (v) => v > limit);
      if (!s.holds) continue;
      findings.push(
        makeFinding(
          'broker-network-saturated',
          { category: 'broker-network', severity: max(values(util)) >= T.nicUtilisationCritical.value ? 'critical' : 'warning', confidence: 'medium' },
          [
            evidence(w, `broker NIC utilisation median (${inst})`, median(values(util)), 'ratio', { threshold: limit, note: `max(rx, tx) ÷ link speed; ${sustainedNote(s)}` }),
            evidence(w, `broker NIC utilisation peak (${inst})`, max(values(util)), 'ratio'),
          ],
          { instance: inst, utilisation: median(values(util)), limitRatio: limit },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
