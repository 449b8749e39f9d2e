/**
 * R21: the broker redelivers at 20 msg/s or more for a sustained stretch (critical from
 * 100 msg/s) → consumers crash, nack with requeue or time out. Read per run queue (summed), else
 * broker-wide. The delivery verification's `redelivered` count is quoted beside it when present.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max, median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { NO_RABBIT_SAMPLES, RQ, hasRabbitSamples, queueSeries, sumByTime, totalSeries } from './facts.js';

/** The `rabbitmq-redeliveries` rule (R21); see the file comment for the condition and thresholds. */
export const rabbitRedeliveries: Rule = {
  id: 'rabbitmq-redeliveries',
  kb: 'R21',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRabbitSamples(w)) return insufficient(NO_RABBIT_SAMPLES);
    const perQueue = queueSeries(w, ctx.profile, RQ.redeliverPerSec);
    const broker = perQueue ? null : totalSeries(w, RQ.redeliverPerSec, 'rabbitmq-prometheus');
    const points = perQueue ? sumByTime(perQueue.series) : broker?.points;
    if (!points || points.length === 0) return insufficient('no redelivery rates from the RabbitMQ collectors');
    const s = sustained(values(points), (v) => v >= T.rabbitRedeliverWarnPerSec.value);
    if (!s.holds) return OK;
    const rate = median(values(points));
    const critical = sustained(values(points), (v) => v >= T.rabbitRedeliverCriticalPerSec.value).holds;
    const queues = perQueue ? [...perQueue.series.keys()] : [];
    const verified = ctx.summary?.delivery?.filter((d) => d.verdict !== 'unverified').map((d) => d.redelivered ?? 0);
    const verifiedRedelivered = verified && verified.length > 0 ? verified.reduce((a, b) => a + b, 0) : null;
    const ev = [
      evidence(w, perQueue ? 'redeliveries on the run\'s queues median' : 'redeliveries (broker-wide) median', rate, 'msg/s', { threshold: T.rabbitRedeliverWarnPerSec.value, note: `${sustainedNote(s)}; source ${perQueue?.source ?? broker!.source}` }),
    ];
    if (verifiedRedelivered !== null) ev.push(evidence(w, 'messages received again (delivery verification)', verifiedRedelivered, 'messages'));
    return issue([
      makeFinding('rabbitmq-redeliveries', { category: 'delivery', severity: critical ? 'critical' : 'warning', confidence: 'medium' }, ev, {
        ratePerSec: rate,
        peakPerSec: max(values(points)),
        limitPerSec: T.rabbitRedeliverWarnPerSec.value,
        queue: queues.length === 1 ? queues[0]! : null,
        verifiedRedelivered,
      }),
    ]);
  },
};
