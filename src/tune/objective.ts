/**
 * The objective of `mqload tune` (`--objective "throughput>=50000,p(99)<50"`): k6 threshold
 * expressions over mqload's threshold metrics, comma-separated. A term is
 * - `<metric>:<expression>`, e.g. `e2e_latency:p(99)<50`, `dropped_sends:count==0`;
 * - `throughput<op><msg/s>`, short for `throughput:rate<op><msg/s>` (achieved acked msg/s);
 * - a bare latency expression, e.g. `p(99)<50`: end-to-end latency when the profile has
 *   consumers, publish latency otherwise.
 *
 * The terms run as extra thresholds of every step (the run's own threshold evaluation decides
 * whether the objective is met), and the ones a compared key figure stands for (throughput,
 * publish and end-to-end p50/p99/p99.9) say whether a change improved the objective beyond noise.
 */
import { UsageError } from '../errors.js';
import { checkThresholdEntry } from '../thresholds/check.js';
import { compare, parseThreshold, type ParsedThreshold } from '../thresholds/parse.js';
import type { RunSummary, ThresholdResult } from '../record/summary.js';

/** One term of the objective. */
export interface ObjectiveTerm {
  /** Threshold metric (`throughput`, `publish_latency`, `e2e_latency`, …). */
  metric: string;
  /** The k6 expression run as a threshold of `metric`. */
  expression: string;
  /** The key figure of `compare` this term judges (e.g. `e2e-p99`), or null when none stands for it. */
  figure: string | null;
  /** Which way is better for the figure. */
  better: 'higher' | 'lower';
}

/** How the user wrote it, for messages: `e2e_latency:p(99)<50`. */
export function describeTerm(t: ObjectiveTerm): string {
  return `${t.metric}:${t.expression}`;
}

const FLAG = '--objective';
const HINT = 'write comma-separated terms like "throughput>=50000,p(99)<50" or "e2e_latency:p(99.9)<200,dropped_sends:count==0"';

/** The key figure a parsed term stands for (see the file comment), or null. */
function figureOf(metric: string, t: ParsedThreshold): string | null {
  if (metric === 'throughput') return t.aggregation.kind === 'rate' ? 'throughput' : null;
  if (metric !== 'publish_latency' && metric !== 'e2e_latency') return null;
  const kind = metric === 'publish_latency' ? 'publish' : 'e2e';
  const p = t.aggregation.kind === 'med' ? 50 : t.aggregation.kind === 'percentile' ? t.aggregation.p : null;
  return p === 50 ? `${kind}-p50` : p === 99 ? `${kind}-p99` : p === 99.9 ? `${kind}-p999` : null;
}

/**
 * Parses `--objective`. `hasConsumers` picks the metric of bare latency terms. Throws a
 * {@link UsageError} (exit 2) naming the flag and the term for anything it cannot use.
 */
export function parseObjective(text: string, hasConsumers: boolean): ObjectiveTerm[] {
  const terms = text.split(',').map((s) => s.trim());
  if (terms.length === 0 || terms.some((s) => s.length === 0)) throw new UsageError(`${FLAG} "${text}" has an empty term`, HINT);
  return terms.map((term) => {
    let metric: string;
    let expression: string;
    const named = /^([a-z_]+)\s*:\s*(.+)$/.exec(term);
    const throughput = /^throughput\s*(<=|>=|==|!=|<|>)\s*(.+)$/.exec(term);
    if (named) [metric, expression] = [named[1]!, named[2]!];
    else if (throughput) [metric, expression] = ['throughput', `rate${throughput[1]}${throughput[2]}`];
    else [metric, expression] = [hasConsumers ? 'e2e_latency' : 'publish_latency', term];
    const problems = checkThresholdEntry(metric, [expression]);
    if (problems.length > 0) throw new UsageError(`${FLAG} term "${term}": ${problems[0]!.message}`, problems[0]!.hint);
    const parsed = parseThreshold(expression);
    const op = parsed.operator;
    return { metric, expression, figure: figureOf(metric, parsed), better: op === '>' || op === '>=' ? 'higher' : 'lower' };
  });
}

/** The objective as a `thresholds` section (merged into each step's profile). */
export function objectiveThresholds(terms: readonly ObjectiveTerm[], base: Readonly<Record<string, readonly string[]>> = {}): Record<string, string[]> {
  const out: Record<string, string[]> = Object.fromEntries(Object.entries(base).map(([k, v]) => [k, [...v]]));
  for (const t of terms) {
    const list = (out[t.metric] ??= []);
    if (!list.includes(t.expression)) list.push(t.expression);
  }
  return out;
}

/**
 * A term judged from a run's summary alone, for a run that did not carry the objective as a
 * threshold (`--baseline`): throughput's rate and the latency aggregations the summary keeps
 * (p50, p90, p99, p99.9, min, max, mean). Null when the summary cannot tell.
 */
export function resultFromSummary(term: ObjectiveTerm, summary: RunSummary): ThresholdResult | null {
  const t = parseThreshold(term.expression);
  let actual: number | null = null;
  if (term.metric === 'throughput' && t.aggregation.kind === 'rate') actual = summary.produce.ratePerSec;
  const stats = term.metric === 'publish_latency' ? summary.latencyMs.publish : term.metric === 'e2e_latency' ? summary.latencyMs.e2e : term.metric === 'publish_delay' ? summary.latencyMs.publishDelay : null;
  if (stats) {
    const a = t.aggregation;
    const byP: Record<number, number> = { 50: stats.p50, 90: stats.p90, 99: stats.p99, 99.9: stats.p999, 100: stats.max, 0: stats.min };
    if (a.kind === 'percentile') actual = byP[a.p] ?? null;
    else if (a.kind === 'med') actual = stats.p50;
    else if (a.kind === 'avg') actual = stats.mean;
    else if (a.kind === 'max') actual = stats.max;
    else if (a.kind === 'min') actual = stats.min;
    else if (a.kind === 'count') actual = stats.count;
  }
  return actual === null ? null : { metric: term.metric, expression: term.expression, actual, ok: compare(actual, t.operator, t.value) };
}

/** Each term's threshold result in a step's summary, else judged from the summary's figures (null when neither tells). */
export function objectiveResults(terms: readonly ObjectiveTerm[], summary: RunSummary): Array<{ term: ObjectiveTerm; result: ThresholdResult | null }> {
  return terms.map((term) => ({ term, result: summary.thresholds.find((r) => r.metric === term.metric && r.expression === term.expression) ?? resultFromSummary(term, summary) }));
}

/** True when the objective has terms and every one passed in the step. */
export function objectiveMet(terms: readonly ObjectiveTerm[], summary: RunSummary): boolean {
  return terms.length > 0 && objectiveResults(terms, summary).every((r) => r.result?.ok === true);
}

/**
 * The key figures whose change counts as the objective improving or worsening: those its terms
 * stand for, or, without an objective, throughput and publish and end-to-end p99.
 */
export function objectiveFigures(terms: readonly ObjectiveTerm[]): string[] {
  const own = [...new Set(terms.map((t) => t.figure).filter((f): f is string => f !== null))];
  return terms.length > 0 && own.length > 0 ? own : ['throughput', 'publish-p99', 'e2e-p99'];
}
