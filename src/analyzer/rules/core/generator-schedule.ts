/**
 * C6 (schedule lag): sends go out later than intended — publish-delay p99 above one send interval
 * (with a floor for timer jitter) for a sustained stretch, or a delay that keeps growing.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median, slope } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { hostCores } from '../../signals.js';
import { sendMode, workerCount } from '../../profile-facts.js';
import { rateAchievement } from '../../rate.js';
import { meanPublishLatencyMs } from '../../latency.js';
import type { Evidence } from '../../finding-types.js';

/** The `generator-schedule` rule (C6); see the file comment for the condition and thresholds. */
export const generatorSchedule: Rule = {
  id: 'generator-schedule',
  kb: 'C6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!ctx.profile) return insufficient('no profile.json (producer count unknown)');
    const rate = rateAchievement(w);
    if (rate.target === null) return insufficient('max-throughput run: no send schedule to fall behind');
    const withDelay = w.timeline.filter((e) => e.latencyMs.publishDelay !== null);
    if (withDelay.length === 0) return insufficient('no publish-delay measurements in the timeline');
    const producers = ctx.profile.producers.count;
    if (producers <= 0) return insufficient('profile has no producers');
    const sendIntervalMs = (producers / rate.target) * 1000;
    const limitMs = Math.max(sendIntervalMs, T.publishDelayFloorMs.value);
    const p99 = timelineSeries(w, (e) => e.latencyMs.publishDelay?.p99 ?? NaN);
    const p50 = timelineSeries(w, (e) => e.latencyMs.publishDelay?.p50 ?? NaN);
    const late = sustained(values(p99), (v) => v > limitMs);
    const growth = slope(p50.filter((p) => Number.isFinite(p.v)));
    const tail = values(p50.slice(Math.floor((p50.length * 3) / 4)));
    const growing = growth > T.publishDelayGrowthMsPerSec.value && median(tail) > T.publishDelayFloorMs.value;
    if (!late.holds && !growing) return OK;

    const mode = sendMode(ctx) ?? 'async';
    const latency = meanPublishLatencyMs(w);
    const ev: Evidence[] = [
      evidence(w, 'publish-delay p99 median', median(values(p99)), 'ms', { threshold: limitMs, note: `one send interval is ${sendIntervalMs.toFixed(2)} ms; ${sustainedNote(late)}` }),
    ];
    if (growing) ev.push(evidence(w, 'publish-delay p50 trend', growth, 'ms/s', { threshold: T.publishDelayGrowthMsPerSec.value }));
    return issue([
      makeFinding('generator-behind-schedule', { category: 'load-generator', severity: growing ? 'critical' : 'warning', confidence: 'high' }, ev, {
        delayP99Ms: median(values(p99)),
        limitMs,
        sendIntervalMs,
        growthMsPerSec: growing ? growth : null,
        mode,
        producers,
        neededProducers: mode === 'sync' && latency !== null ? Math.ceil((rate.target * latency) / 1000) : null,
        workers: workerCount(ctx.summary),
        cores: hostCores(w),
      }),
    ]);
  },
};
