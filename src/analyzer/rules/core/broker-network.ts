/**
 * H5: broker network utilisation (rx or tx ÷ link speed) above 0.8. The record carries rx/tx
 * rates but no NIC link speed, so utilisation cannot be computed: the rule says so with the
 * peak rates it saw, rather than guessing a capacity.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, insufficient } from '../../types.js';
import { seriesByInstance, values } from '../../series.js';
import { max } from '../../stats.js';

const N = SAMPLE_NAMES.node;

/** The `broker-network` rule (H5); see the file comment for the condition and thresholds. */
export const brokerNetwork: Rule = {
  id: 'broker-network',
  kb: 'H5',
  needsWindow: true,
  evaluate(ctx) {
    const rx = seriesByInstance(ctx.window, 'node', N.netRx);
    const tx = seriesByInstance(ctx.window, 'node', N.netTx);
    if (rx.size === 0 && tx.size === 0) return insufficient('no node exporter network samples');
    const peak = Math.max(...[...rx.values(), ...tx.values()].map((pts) => max(values(pts))));
    return insufficient(
      `NIC link speed is not recorded, so utilisation cannot be computed (peak broker rx/tx ${(peak / 1e6).toFixed(1)} MB/s)`,
    );
  },
};
