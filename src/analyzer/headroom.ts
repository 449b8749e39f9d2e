/**
 * Headroom probes for the `healthy` finding: what a broker's own metrics say about its spare
 * capacity (Kafka: request-handler idle and heap; RabbitMQ: memory against its watermark), and
 * what could not be measured. A rule pack may carry one ({@link import('./rules/pack.js').RulePack}).
 */
import type { Evidence } from './finding-types.js';
import type { RuleContext } from './types.js';
import { values } from './series.js';
import { max, min, quantile, type Point } from './stats.js';

/** One pack's contribution to the healthy finding. */
export interface HeadroomReport {
  /** Phrases such as `request handlers 80 % idle (p10)`. */
  headroom: string[];
  /** What the pack would have liked to measure but could not, e.g. `broker threads (JMX)`. */
  unmeasured: string[];
  evidence: Evidence[];
  /** True when the pack's main broker-internal signal was measured (raises the finding's confidence). */
  measured: boolean;
}

/** A pack's headroom probe. */
export type HeadroomProbe = (ctx: RuleContext) => HeadroomReport;

/** Worst per-instance quantile q of a per-instance series (max for "high is bad", min for "low is bad"); null when empty. */
export function worst(series: Map<string, Point[]>, q: number, pick: 'max' | 'min'): number | null {
  if (series.size === 0) return null;
  const qs = [...series.values()].map((pts) => quantile(values(pts), q));
  const v = pick === 'max' ? max(qs) : min(qs);
  return Number.isFinite(v) ? v : null;
}
