/**
 * C8: fewer than 10 messages per produce request for a sustained stretch while something is hot
 * (generator saturated, broker busy, or network threads saturated), at a request rate that costs
 * something (`produceRequestsPerSecMin`). Tiny requests on an idle system, or a few hundred a
 * second whatever else loads the machine, cost nothing worth fixing, so they are not reported
 * then. When only the broker is busy and the run's own requests are a small load, the finding
 * says it is not sure the busy broker is this run's doing (confidence low).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values, seriesByInstance, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { brokerState, generatorState } from '../../signals.js';
import { sendMode } from '../../profile-facts.js';
import { rateAchievement } from '../../rate.js';
import { batchActions } from '../../actions.js';

/** The `tiny-batches` rule (C8); see the file comment for the condition and thresholds. */
export const tinyBatches: Rule = {
  id: 'tiny-batches',
  kb: 'C8',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const mpr = timelineSeries(w, (e) => (e.produce.requests > 0 ? e.produce.acked / e.produce.requests : NaN));
    if (!values(mpr).some(Number.isFinite)) return insufficient('no produce request counts in the timeline');
    const small = sustained(values(mpr), (v) => v < T.messagesPerRequestMin.value);
    if (!small.holds) return OK;
    const requestRate = median(values(timelineSeries(w, (e) => (e.intervalSec > 0 ? e.produce.requests / e.intervalSec : NaN))));
    if (!(requestRate >= T.produceRequestsPerSecMin.value)) return OK;
    const hot: string[] = [];
    const gen = generatorState(w);
    if (gen.hot === true) hot.push('the generator is saturated');
    const broker = brokerState(ctx);
    if (broker.state === 'busy') hot.push('the broker is busy');
    const np = seriesByInstance(w, JMX_SOURCES, SAMPLE_NAMES.kafka.networkProcessorIdle);
    if ([...np.values()].some((pts) => sustained(values(pts), (v) => v < T.networkProcessorIdleMin.value).holds)) hot.push('network threads are saturated');
    const med = median(values(mpr));
    if (hot.length === 0) {
      if (gen.hot === null && broker.evidence.length === 0 && np.size === 0) {
        return insufficient(`requests carry ${med.toFixed(1)} messages, but no CPU or thread samples tell whether that costs anything`);
      }
      return OK;
    }
    // Only the broker is hot, and the run sends few requests: another load may be what keeps it busy.
    const onlyBroker = hot.length === 1 && broker.state === 'busy';
    const p = ctx.profile;
    const rate = rateAchievement(w);
    const producers = p?.producers.count ?? 0;
    const perProducer = producers > 0 ? (rate.target ?? rate.achieved) / producers : 0;
    // linger that collects the minimum batch at this per-producer rate, capped at 100 ms
    const linger = perProducer > 0 ? Math.min(100, Math.max(10, Math.ceil((T.messagesPerRequestMin.value * 1000) / perProducer))) : null;
    const mode = sendMode(ctx) ?? 'async';
    const clientLinger = Number(p?.driver.config?.['linger.ms']);
    // Sync sends one message per request whatever the batch says: no batching change can help there.
    const actions =
      mode === 'sync'
        ? []
        : batchActions(
            {
              lingerMs: p?.producers.batch?.lingerMs ?? null,
              suggestedLingerMs: linger,
              maxRecords: p?.producers.batch?.maxRecords ?? null,
              minRecords: 100,
              clientLingerMs: Number.isFinite(clientLinger) ? clientLinger : null,
            },
            `${linger ?? '?'} ms at ${Math.round(perProducer)} msg/s per producer collects ${T.messagesPerRequestMin.value} or more messages per request`,
          );
    return issue([
      makeFinding(
        'tiny-batches',
        { category: 'client-batching', severity: 'warning', confidence: onlyBroker && requestRate < 4 * T.produceRequestsPerSecMin.value ? 'low' : 'medium' },
        [
          evidence(w, 'messages per produce request median', med, 'messages', { threshold: T.messagesPerRequestMin.value, note: sustainedNote(small) }),
          evidence(w, 'produce requests per second median', requestRate, 'requests/s', { threshold: T.produceRequestsPerSecMin.value }),
          ...gen.evidence,
          ...broker.evidence,
        ],
        { messagesPerRequest: med, lingerMs: p?.producers.batch?.lingerMs ?? null, maxRecords: p?.producers.batch?.maxRecords ?? null, suggestedLingerMs: linger, mode, hot: hot.join(' and ') },
        actions,
      ),
    ]);
  },
};
