/**
 * RK3: the commit log's flush mode (`flushDiskType`, read from the broker's config by the
 * collector) against what the run measured and wants:
 * - SYNC_FLUSH with publish p99 above 50 ms in a sustained stretch → each receipt waits for a
 *   group-commit fsync; ASYNC_FLUSH with a synchronous replica is the usual trade-off;
 * - ASYNC_FLUSH on a profile that puts durability first (acks all, or a broker kill or restart)
 *   → info: acknowledged messages of the last flush interval (flushIntervalCommitLog, 500 ms)
 *   live only in the page cache; a host crash or power cut loses them unless a SYNC_MASTER's
 *   slave holds a copy (a broker process crash alone loses nothing).
 * Oneway sends wait for no receipt, so their latency says nothing about the flush.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { sendMode } from '../../profile-facts.js';
import { NO_ROCKETMQ_SAMPLES, RB, brokerFlag, durabilityFirst, hasRocketmqSamples } from './facts.js';

/** The `rocketmq-flush-mode` rule (RK3); see the file comment for the condition and thresholds. */
export const rocketmqFlushMode: Rule = {
  id: 'rocketmq-flush-mode',
  kb: 'RK3',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRocketmqSamples(w)) return insufficient(NO_ROCKETMQ_SAMPLES);
    const syncFlush = brokerFlag(w, RB.syncFlush);
    if (syncFlush === null) return insufficient('the broker\'s flushDiskType was not read (the collector reads it through the admin protocol at driver.config.brokerAddress)');
    const syncReplication = brokerFlag(w, RB.syncReplication) ?? false;
    if (sendMode(ctx) === 'oneway') return insufficient('oneway sends wait for no receipt');
    const rate = achievedRate(w);
    if (syncFlush) {
      const p99 = timelineSeries(w, (e) => (e.latencyMs.publish && e.latencyMs.publish.count > 0 ? e.latencyMs.publish.p99 : NaN));
      if (!values(p99).some(Number.isFinite)) return insufficient('no publish latency in the timeline');
      const limit = T.rocketmqSyncFlushP99HighMs.value;
      const s = sustained(values(p99), (v) => v > limit);
      if (!s.holds) return OK;
      const med = median(values(p99));
      return issue([
        makeFinding(
          'rocketmq-sync-flush-latency',
          { category: 'broker-disk', severity: 'warning', confidence: 'medium' },
          [evidence(w, 'publish p99 median over intervals', med, 'ms', { threshold: limit, note: `flushDiskType=SYNC_FLUSH; ${sustainedNote(s)}` })],
          { p99Ms: med, limitMs: limit, syncReplication, flushIntervalMs: T.rocketmqAsyncFlushIntervalMs.value, ratePerSec: Number.isFinite(rate) ? rate : null },
        ),
      ]);
    }
    if (!durabilityFirst(ctx.profile)) return OK;
    const interval = T.rocketmqAsyncFlushIntervalMs.value;
    const atRisk = Number.isFinite(rate) && rate > 0 ? Math.ceil((rate * interval) / 1000) : null;
    return issue([
      makeFinding(
        'rocketmq-async-flush-window',
        { category: 'configuration', severity: 'info', confidence: 'medium' },
        [evidence(w, 'commit-log flush interval (ASYNC_FLUSH)', interval, 'ms', { note: `acknowledged from the page cache; ${atRisk !== null ? `≈ ${atRisk} messages at the achieved rate` : 'rate unknown'}` })],
        { flushIntervalMs: interval, messagesAtRisk: atRisk, syncReplication },
      ),
    ]);
  },
};
