/**
 * Comparing two runs: key figures side by side, the relative change, and whether the change
 * stands out from run-to-run noise.
 *
 * The noise rule. Each run estimates the noise of each figure from its own interval-to-interval
 * variation inside the analysis window (per-interval achieved rate for throughput, per-interval
 * p50/p99/p99.9 for latency, per-interval failed and dropped shares, per-sample CPU and heap):
 *
 *   cv    = sample standard deviation ÷ mean of the n per-interval values
 *   r1    = their lag-1 autocorrelation, clamped to [0, 0.95]
 *   noise = cv × sqrt((1 + r1) / (n × (1 − r1)))
 *
 * i.e. the relative standard error of a run-long figure built from n intervals, with n shrunk to
 * the effective sample size when neighbouring intervals move together (drift, bursts). Using the
 * raw per-interval cv instead would call a doubled p99 "noise" whenever single intervals hold
 * few tail samples. Two runs' noises combine as `sqrt(noiseA² + noiseB²)`. A change
 * `(B − A) / |A|` counts only when `|change| > max(minChange, 2 × combined noise)`. A metric that
 * is 0 in A and non-zero in B has an unbounded change and always counts. A *regression* is a
 * counted change in the bad direction (throughput down; latency, failures, drops up) that also
 * exceeds `max(failOnRegression, 2 × combined noise)`; CPU and heap changes are shown but never
 * count as regressions.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { analysisWindow, entriesInWindow, runTotals, samplesInWindow, type ReportInput } from './input.js';
import { sampleSeries, valueNamed, valueStats } from './samples.js';
import type { Sample } from '../record/format.js';

/** One figure of one run, with its own noise estimate. */
export interface KeyFigure {
  id: string;
  label: string;
  /** Unit understood by `formatWithUnit`. */
  unit: string;
  better: 'higher' | 'lower';
  /** Whether a significant worsening counts as a regression for `--fail-on-regression`. */
  gates: boolean;
  value: number | null;
  /** Relative standard error of `value` from the per-interval values (see the rule above); null when fewer than 2 values. */
  noise: number | null;
  /** Coefficient of variation of the per-interval values; null when fewer than 2 values. */
  intervalCv: number | null;
  /** Number of per-interval values behind the noise estimate. */
  intervals: number;
}

/** Coefficient of variation (sample stdev ÷ |mean|); 0 when all values are 0; null for fewer than 2 values. */
export function coefficientOfVariation(values: number[]): number | null {
  if (values.length < 2) return null;
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  if (mean === 0) return variance === 0 ? 0 : null;
  return Math.sqrt(variance) / Math.abs(mean);
}

/** Lag-1 autocorrelation of a series; 0 for fewer than 3 values or no variance. */
export function lag1Autocorrelation(values: number[]): number {
  const n = values.length;
  if (n < 3) return 0;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i += 1) {
    const d = values[i]! - mean;
    den += d * d;
    if (i > 0) num += d * (values[i - 1]! - mean);
  }
  return den === 0 ? 0 : num / den;
}

/** Relative standard error of a run-long figure from its per-interval values (rule at the top of the file). */
export function relativeNoise(values: number[]): { noise: number | null; intervalCv: number | null; intervals: number } {
  const intervalCv = coefficientOfVariation(values);
  if (intervalCv === null) return { noise: null, intervalCv, intervals: values.length };
  const r1 = Math.min(0.95, Math.max(0, lag1Autocorrelation(values)));
  return { noise: intervalCv * Math.sqrt((1 + r1) / (values.length * (1 - r1))), intervalCv, intervals: values.length };
}

const nums = (values: Array<number | null | undefined>): number[] => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** The key figures of one run, each with its interval-to-interval noise. */
export function keyFigures(input: ReportInput): KeyFigure[] {
  const window = analysisWindow(input);
  const entries = entriesInWindow(input.timeline, window);
  const samples = samplesInWindow(input.samples, window);
  const totals = runTotals(input);
  const figures: KeyFigure[] = [];
  const add = (f: Omit<KeyFigure, 'noise' | 'intervalCv' | 'intervals'>, perInterval: number[]) => figures.push({ ...f, ...relativeNoise(perInterval) });

  add({ id: 'throughput', label: 'Throughput (acked)', unit: 'msg/s', better: 'higher', gates: true, value: totals.ratePerSec }, entries.map((e) => (e.intervalSec > 0 ? e.produce.acked / e.intervalSec : 0)));
  for (const kind of ['publish', 'e2e'] as const) {
    const stats = totals.latencyMs[kind];
    for (const p of ['p50', 'p99', 'p999'] as const) {
      const name = `${kind === 'publish' ? 'Publish' : 'End-to-end'} ${p === 'p999' ? 'p99.9' : p}`;
      add({ id: `${kind}-${p}`, label: name, unit: 'ms', better: 'lower', gates: true, value: stats ? stats[p] : null }, nums(entries.map((e) => e.latencyMs[kind]?.[p])));
    }
  }
  const share = (n: number, sent: number) => (sent > 0 ? n / sent : 0);
  add({ id: 'failed', label: 'Failed sends (share of sent)', unit: 'ratio', better: 'lower', gates: true, value: share(totals.failed, totals.sent) }, entries.map((e) => share(e.produce.failed, e.produce.sent)));
  add({ id: 'dropped', label: 'Dropped sends (share of scheduled)', unit: 'ratio', better: 'lower', gates: true, value: share(totals.dropped, totals.sent + totals.dropped) }, entries.map((e) => share(e.produce.dropped, e.produce.sent + e.produce.dropped)));

  const gauge = (id: string, label: string, unit: string, sources: string[], name: string, pick: 'avg' | 'max') => {
    const values = sampleSeries(samples, sources, valueNamed(name)).flatMap((s) => s.v);
    const stats = valueStats(values);
    add({ id, label, unit, better: 'lower', gates: false, value: stats ? stats[pick] : null }, values);
  };
  gauge('generator-cpu', 'Generator host CPU (avg)', '%', ['host'], SAMPLE_NAMES.host.cpuPercent, 'avg');
  const hasBrokerProcess = samples.some((s) => s.source === 'broker-process' && SAMPLE_NAMES.brokerProcess.cpuPercent in s.values);
  if (hasBrokerProcess) gauge('broker-cpu', 'Broker process CPU (avg)', '%', ['broker-process'], SAMPLE_NAMES.brokerProcess.cpuPercent, 'avg');
  else gauge('broker-cpu', 'Broker host CPU (avg)', '%', ['node'], SAMPLE_NAMES.node.cpuBusyPercent, 'avg');
  gauge('heap-max', 'Broker heap used (max)', 'bytes', ['jmx', 'jolokia'], SAMPLE_NAMES.jvm.heapUsed, 'max');
  const gc = gcTimeShares(samples);
  add({ id: 'gc-time', label: 'Broker GC time (share of wall time)', unit: 'ratio', better: 'lower', gates: false, value: gc.share }, gc.perInterval);
  return figures;
}

/**
 * The broker JVM's GC time as a share of wall time over the samples: GC seconds (young + old
 * counters) gained ÷ seconds elapsed, summed over the JVM instances (one per broker), with the
 * per-interval shares behind its noise. Null without two readings of the counters.
 */
export function gcTimeShares(samples: Sample[]): { share: number | null; perInterval: number[] } {
  const J = SAMPLE_NAMES.jvm;
  const read = (v: Record<string, number>) => {
    const y = v[J.gcYoungSeconds];
    const o = v[J.gcOldSeconds];
    return typeof y === 'number' || typeof o === 'number' ? (y ?? 0) + (o ?? 0) : undefined;
  };
  const series = sampleSeries(samples, ['jmx', 'jolokia'], read);
  let gained = 0;
  let elapsed = 0;
  const perInterval: number[] = [];
  for (const s of series) {
    if (s.t.length < 2) continue;
    for (let i = 1; i < s.t.length; i++) {
      const dt = s.t[i]! - s.t[i - 1]!;
      const dv = s.v[i]! - s.v[i - 1]!;
      if (dt > 0 && dv >= 0) perInterval.push(dv / dt);
    }
    const dv = s.v[s.v.length - 1]! - s.v[0]!;
    if (dv >= 0) {
      gained += dv;
      elapsed = Math.max(elapsed, s.t[s.t.length - 1]! - s.t[0]!);
    }
  }
  return { share: elapsed > 0 ? gained / elapsed : null, perInterval };
}

/** How one metric moved from run A to run B. */
export interface ComparisonRow {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  gates: boolean;
  a: number | null;
  b: number | null;
  /** (b − a) / |a|; ±Infinity when a is 0 and b is not; null when either is missing. */
  change: number | null;
  noiseA: number | null;
  noiseB: number | null;
  /** sqrt(noiseA² + noiseB²), unknown noises counted as 0. */
  combinedNoise: number;
  /** max(minChange, 2 × combinedNoise), as a fraction. */
  limit: number;
  verdict: 'better' | 'worse' | 'within-noise' | 'n/a';
  /** Verdict `worse` on a gating metric, by more than max(failOnRegression, 2 × combinedNoise). */
  regression: boolean;
}

/** Options of {@link compareFigures}; percentages as fractions (0.05 = 5 %). */
export interface CompareOptions {
  /** Smallest change worth flagging at all. */
  minChange: number;
  /** Regression gate; null when not gating. */
  failOnRegression: number | null;
}

/** Relative change from a to b (see {@link ComparisonRow.change}). */
export function relativeChange(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  if (a === 0) return b === 0 ? 0 : b > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return (b - a) / Math.abs(a);
}

/** Compares the key figures of two runs under the noise rule described at the top of this file. */
export function compareFigures(a: KeyFigure[], b: KeyFigure[], options: CompareOptions): ComparisonRow[] {
  return a.map((fa) => {
    const fb = b.find((x) => x.id === fa.id);
    const bValue = fb?.value ?? null;
    const change = relativeChange(fa.value, bValue);
    const combinedNoise = Math.sqrt((fa.noise ?? 0) ** 2 + (fb?.noise ?? 0) ** 2);
    const limit = Math.max(options.minChange, 2 * combinedNoise);
    let verdict: ComparisonRow['verdict'] = 'n/a';
    let regression = false;
    if (change !== null) {
      const worse = fa.better === 'higher' ? change < 0 : change > 0;
      if (Math.abs(change) <= limit) verdict = 'within-noise';
      else verdict = worse ? 'worse' : 'better';
      if (verdict === 'worse' && fa.gates && options.failOnRegression !== null) {
        regression = Math.abs(change) > Math.max(options.failOnRegression, 2 * combinedNoise);
      }
    }
    return { id: fa.id, label: fa.label, unit: fa.unit, better: fa.better, gates: fa.gates, a: fa.value, b: bValue, change, noiseA: fa.noise, noiseB: fb?.noise ?? null, combinedNoise, limit, verdict, regression };
  });
}

/** Compares two runs' report inputs. */
export function compareRuns(a: ReportInput, b: ReportInput, options: CompareOptions): ComparisonRow[] {
  return compareFigures(keyFigures(a), keyFigures(b), options);
}
