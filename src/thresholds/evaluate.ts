/**
 * Evaluates a profile's `thresholds` against the measured metrics of a run.
 *
 * No data fails: a threshold whose metric (or aggregation) has no value — e.g. `e2e_latency`
 * in a run without consumers, or `lost_messages` with verification off — yields `actual: null,
 * ok: false`, because a passing threshold must be backed by a measurement. `count` is the one
 * aggregation read from an empty trend (when the source returns one with count 0), so
 * `count==0` can pass; every other aggregation of an empty trend is no data.
 */
import type { ThresholdResult } from '../record/summary.js';
import { compare, parseThreshold, type ParsedThreshold } from './parse.js';

/** A latency distribution, values in ms. */
export interface TrendView {
  /** Value at percentile p (0–100), ms. */
  percentile(p: number): number;
  mean: number;
  min: number;
  max: number;
  /** Number of recorded values. */
  count: number;
}

/** A whole-run counter and its rate (see the metric's `rate` definition in `KNOWN_METRICS`). */
export interface CounterView {
  count: number;
  rate: number;
}

/** Where threshold evaluation reads measurements from; null = the run has no such data. */
export interface MetricSource {
  trend(metric: string): TrendView | null;
  counter(metric: string): CounterView | null;
}

/** Number for one parsed threshold, or null when there is no data. */
export function measure(t: ParsedThreshold, metric: string, source: MetricSource): number | null {
  const a = t.aggregation;
  if (a.kind === 'rate') return finite(source.counter(metric)?.rate);
  if (a.kind === 'count') {
    const trend = source.trend(metric);
    if (trend) return finite(trend.count);
    return finite(source.counter(metric)?.count);
  }
  const trend = source.trend(metric);
  if (!trend || trend.count === 0) return null;
  switch (a.kind) {
    case 'percentile':
      return finite(trend.percentile(a.p));
    case 'med':
      return finite(trend.percentile(50));
    case 'avg':
      return finite(trend.mean);
    case 'min':
      return finite(trend.min);
    case 'max':
      return finite(trend.max);
  }
}

function finite(x: number | undefined): number | null {
  return x === undefined || !Number.isFinite(x) ? null : x;
}

/**
 * One result per expression, in spec order. Expressions were checked when the profile was
 * validated; a bad one here throws {@link import('./parse.js').ThresholdSyntaxError}.
 */
export function evaluateThresholds(spec: Readonly<Record<string, readonly string[]>>, source: MetricSource): ThresholdResult[] {
  const results: ThresholdResult[] = [];
  for (const [metric, expressions] of Object.entries(spec)) {
    for (const expression of expressions) {
      const t = parseThreshold(expression);
      const actual = measure(t, metric, source);
      results.push({ metric, expression, actual, ok: actual !== null && compare(actual, t.operator, t.value) });
    }
  }
  return results;
}

/** True when every result passed (an empty list passes). */
export function allThresholdsPassed(results: readonly ThresholdResult[]): boolean {
  return results.every((r) => r.ok);
}
