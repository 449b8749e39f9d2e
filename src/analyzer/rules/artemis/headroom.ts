/** Artemis's headroom probe for the healthy finding: address memory against global-max-size (p90). */
import type { Evidence } from '../../finding-types.js';
import { evidence } from '../../evidence.js';
import { worst, type HeadroomProbe } from '../../headroom.js';
import { formatPercent } from '../../../reports/format.js';
import { AB, brokerSeries } from './facts.js';

/** Address memory against its global limit, or that the Artemis broker was not measured. */
export const artemisHeadroom: HeadroomProbe = (ctx) => {
  const w = ctx.window;
  const ev: Evidence[] = [];
  const pct = brokerSeries(w, AB.addressMemoryPercent);
  const p90 = pct.length > 0 ? worst(new Map([['broker', pct]]), 0.9, 'max') : null;
  if (p90 === null) return { headroom: [], unmeasured: ['Artemis broker (Jolokia)'], evidence: ev, measured: false };
  ev.push(evidence(w, 'Artemis address memory ÷ global-max-size p90', p90, '%'));
  return { headroom: [`Artemis address memory ${formatPercent(p90)} of global-max-size (p90)`], unmeasured: [], evidence: ev, measured: true };
};
