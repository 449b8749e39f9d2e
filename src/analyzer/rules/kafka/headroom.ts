/** Kafka's headroom probe for the healthy finding: request-handler idle (JMX) and old gen after GC ÷ heap max. */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import type { Evidence } from '../../finding-types.js';
import { derivedByInstance, seriesByInstance, JMX_SOURCES } from '../../series.js';
import { evidence } from '../../evidence.js';
import { worst, type HeadroomProbe } from '../../headroom.js';
import { formatPercent } from '../../../reports/format.js';

const K = SAMPLE_NAMES.kafka;
const J = SAMPLE_NAMES.jvm;

/** Request handlers (p10 idle) and heap (p90 full after GC), or what was not measured. */
export const kafkaHeadroom: HeadroomProbe = (ctx) => {
  const w = ctx.window;
  const headroom: string[] = [];
  const unmeasured: string[] = [];
  const ev: Evidence[] = [];
  const rh = worst(seriesByInstance(w, JMX_SOURCES, K.requestHandlerIdle), 0.1, 'min');
  if (rh !== null) {
    headroom.push(`request handlers ${formatPercent(rh * 100)} idle (p10)`);
    ev.push(evidence(w, 'request-handler idle p10', rh, 'ratio'));
  } else unmeasured.push('broker threads (JMX)');
  const heap = worst(
    derivedByInstance(w, JMX_SOURCES, [J.oldGenAfterGc, J.heapMax], (v) => (v[J.heapMax]! > 0 ? v[J.oldGenAfterGc]! / v[J.heapMax]! : NaN)),
    0.9,
    'max',
  );
  if (heap !== null) {
    headroom.push(`heap ${formatPercent(heap * 100)} full after GC`);
    ev.push(evidence(w, 'old gen after GC ÷ heap max p90', heap, 'ratio'));
  } else unmeasured.push('broker JVM heap');
  return { headroom, unmeasured, evidence: ev, measured: rh !== null };
};
