/** RabbitMQ's headroom probe for the healthy finding: node memory used against its watermark limit (p90, worst node). */
import type { Evidence } from '../../finding-types.js';
import { evidence } from '../../evidence.js';
import { worst, type HeadroomProbe } from '../../headroom.js';
import { formatPercent } from '../../../reports/format.js';
import { RN, nodeSeries } from './facts.js';

/** Memory against the limit, or that the RabbitMQ node was not measured. */
export const rabbitHeadroom: HeadroomProbe = (ctx) => {
  const w = ctx.window;
  const ev: Evidence[] = [];
  const mem = nodeSeries(w, RN.memUsedRatio);
  const ratio = mem ? worst(mem.series, 0.9, 'max') : null;
  if (ratio === null) return { headroom: [], unmeasured: ['RabbitMQ node (management or Prometheus collector)'], evidence: ev, measured: false };
  ev.push(evidence(w, `RabbitMQ memory used ÷ limit p90 (${mem!.source})`, ratio, 'ratio'));
  return { headroom: [`RabbitMQ memory ${formatPercent(ratio * 100)} of its limit (p90)`], unmeasured: [], evidence: ev, measured: true };
};
