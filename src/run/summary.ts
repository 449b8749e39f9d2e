/**
 * Builds `summary.json` from the cumulative figures (warm-up excluded) and evaluates the
 * profile's thresholds on merged histograms.
 */
import { histogramMean, latencyStats, percentileMs } from '../metrics/histogram.js';
import { RECORD_SCHEMA_VERSION } from '../record/format.js';
import type { RunSummary, ThresholdResult } from '../record/summary.js';
import type { RunPlan } from '../plan/types.js';
import type { Cumulative } from './aggregate.js';
import { evaluateThresholds, type MetricSource } from '../thresholds/evaluate.js';

/** Metric values for threshold expressions, from the run's cumulative figures. */
export function metricSource(c: Cumulative): MetricSource {
  const trends = { publish_latency: c.hists.publish, e2e_latency: c.hists.e2e, publish_delay: c.hists.publishDelay, stored_latency: c.hists.stored } as const;
  return {
    trend(metric) {
      const h = trends[metric as keyof typeof trends];
      if (!h || h.totalCount === 0) return null;
      return { percentile: (p: number) => percentileMs(h, p), mean: histogramMean(h) / 1000, min: h.minNonZeroValue / 1000, max: h.maxValue / 1000, count: h.totalCount };
    },
    counter(metric) {
      const p = c.produce;
      switch (metric) {
        case 'send_errors':
          return { count: p.failed, rate: p.sent > 0 ? p.failed / p.sent : 0 };
        case 'dropped_sends':
          return { count: p.dropped, rate: p.sent + p.dropped > 0 ? p.dropped / (p.sent + p.dropped) : 0 };
        case 'throughput':
          return { count: p.acked, rate: c.loadSec > 0 ? p.acked / c.loadSec : 0 };
        default:
          return null;
      }
    },
  };
}

export interface SummaryInput {
  plan: RunPlan;
  cumulative: Cumulative;
  status: RunSummary['status'];
  reason?: string;
  startedAt: Date;
  endedAt: Date;
  workers: number;
  /** Extra metric sources (delivery verification) consulted before the built-in ones. */
  extraSource?: MetricSource;
}

export function buildSummary(input: SummaryInput): RunSummary {
  const { plan, cumulative: c } = input;
  const loadSec = c.loadSec;
  const target = plan.segments.filter((s) => s.kind === 'load');
  const unthrottled = target.some((s) => s.fromRate === null);
  // A segment's target is its share of the profile's rate (plan.execution).
  const share = plan.execution?.rateShare ?? 1;
  const targetRate = unthrottled || plan.loadMs === 0 ? null : (share * target.reduce((sum, s) => sum + (((s.fromRate ?? 0) + (s.toRate ?? 0)) / 2) * (s.endMs - s.startMs), 0)) / plan.loadMs;
  const source = combineSources(input.extraSource, metricSource(c));
  const thresholds: ThresholdResult[] = evaluateThresholds(plan.profile.thresholds ?? {}, source);
  const summary: RunSummary = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    status: input.status,
    runId: plan.runId,
    profile: plan.profile.name,
    startedAt: input.startedAt.toISOString(),
    endedAt: input.endedAt.toISOString(),
    durationSec: round(loadSec, 3),
    warmupSec: plan.warmupMs / 1000,
    mode: plan.profile.producers.mode,
    workers: input.workers,
    produce: {
      sent: c.produce.sent,
      acked: c.produce.acked,
      failed: c.produce.failed,
      dropped: c.produce.dropped,
      bytes: c.produce.bytes,
      ratePerSec: loadSec > 0 ? round(c.produce.acked / loadSec, 1) : 0,
      targetRatePerSec: targetRate === null ? null : round(targetRate, 1),
      ...(c.inFlightAtEnd > 0 ? { unresolved: c.inFlightAtEnd } : {}),
    },
    consume: { received: c.consume.received, bytes: c.consume.bytes, ratePerSec: loadSec > 0 ? round(c.loadReceived / loadSec, 1) : 0 },
    latencyMs: { publish: latencyStats(c.hists.publish), publishDelay: latencyStats(c.hists.publishDelay), e2e: latencyStats(c.hists.e2e) },
    thresholds,
    errors: { ...c.errors },
  };
  if (plan.profile.consumers?.sink) summary.latencyMs.stored = latencyStats(c.hists.stored);
  if (input.reason) summary.reason = input.reason;
  return summary;
}

function combineSources(first: MetricSource | undefined, second: MetricSource): MetricSource {
  if (!first) return second;
  return {
    trend: (m) => first.trend(m) ?? second.trend(m),
    counter: (m) => first.counter(m) ?? second.counter(m),
  };
}

function round(v: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
}
