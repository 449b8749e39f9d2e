/**
 * R20: messages dead-lettered or dropped because a queue hit its length limit, or dropped as
 * unroutable, at any reading above 0 msg/s → the broker confirmed messages no consumer gets, so
 * the run's counts are not throughput. The counters are broker-wide (Prometheus only).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { max, type Point } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { RT, produceSettings, totalSeries } from './facts.js';

/** Messages over a rate series: each rate times the time to the next reading (1 s for the last). */
function integrate(points: readonly Point[]): number {
  let total = 0;
  points.forEach((p, i) => {
    const next = points[i + 1];
    if (Number.isFinite(p.v)) total += p.v * (next ? next.t - p.t : 1);
  });
  return total;
}

/** The `rabbitmq-dropped` rule (R20); see the file comment for the condition and thresholds. */
export const rabbitDropped: Rule = {
  id: 'rabbitmq-dropped',
  kb: 'R20',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const maxlen = totalSeries(w, RT.maxlenDroppedPerSec, 'rabbitmq-prometheus');
    const unroutable = totalSeries(w, RT.unroutableDroppedPerSec, 'rabbitmq-prometheus');
    if (!maxlen && !unroutable) return insufficient('no drop counters: they come from the RabbitMQ Prometheus plugin only (collect.rabbitmqPrometheus)');
    const args = produceSettings(ctx.profile)?.queueArguments ?? {};
    const overflow = typeof args['x-overflow'] === 'string' ? args['x-overflow'] : null;
    const maxLength = typeof args['x-max-length'] === 'number' ? args['x-max-length'] : null;
    const findings: Finding[] = [];
    for (const [cause, series] of [['max-length', maxlen], ['unroutable', unroutable]] as const) {
      if (!series) continue;
      const peak = max(values(series.points));
      if (!(peak > T.rabbitDroppedMaxPerSec.value)) continue;
      const total = integrate(series.points);
      findings.push(
        makeFinding(
          'rabbitmq-messages-dropped',
          { category: 'delivery', severity: 'critical', confidence: 'high' },
          [evidence(w, cause === 'max-length' ? 'dropped or dead-lettered by max-length (broker-wide)' : 'unroutable messages dropped (broker-wide)', total, 'messages', { threshold: T.rabbitDroppedMaxPerSec.value, note: `peak ${peak.toFixed(1)} msg/s; source ${series.source}` })],
          { cause, total, peakPerSec: peak, overflow, maxLength },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
