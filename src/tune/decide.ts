/**
 * Whether a tuning step's change is kept: it is kept when the finding it targets cleared (no
 * longer a warning or critical finding of the new run), or a figure of the objective improved
 * beyond run-to-run noise (the `compare` noise rule), and reverted otherwise — and also when it
 * broke an objective the best run met. A run that did not complete gives no decision.
 */
import type { ComparisonRow } from '../reports/compare.js';
import { formatChange, formatPercent, formatWithUnit } from '../reports/format.js';
import type { StepDecision } from './types.js';

/**
 * The key figures a change aimed at a finding of this category should move, when the user gave
 * no objective: a consumer change shows in end-to-end latency, a batching change in throughput
 * and publish latency, a heap change in GC time and publish latency. Null: the default set.
 */
export function figuresForCategory(category: string): string[] | null {
  switch (category) {
    case 'consumer-lag':
    case 'consumer-idle':
    case 'partitions':
      return ['e2e-p99'];
    case 'client-batching':
      return ['throughput', 'publish-p99'];
    case 'broker-jvm':
      return ['gc-time', 'publish-p99'];
    default:
      return null;
  }
}

/** What the decision reads of the two runs. */
export interface DecisionInput {
  /** The finding the change targeted. */
  targetId: string;
  /** Warning and critical finding ids of the new run. */
  findingsAfter: readonly string[];
  /** Key figures of the best run so far vs the new run. */
  comparison: readonly ComparisonRow[];
  /** Key figure ids that stand for the objective ({@link import('./objective.js').objectiveFigures}). */
  objectiveFigures: readonly string[];
  /** Whether the best run and the new run met the objective; null without an objective. */
  metBefore: boolean | null;
  metAfter: boolean | null;
  /** The new run's status. */
  status: string;
}

function moved(r: ComparisonRow): string {
  return `${r.label} ${formatWithUnit(r.a, r.unit)} → ${formatWithUnit(r.b, r.unit)} (${formatChange(r.change)}, noise band ±${formatPercent(r.limit * 100)})`;
}

/** The decision and its reasons, one sentence each. */
export function decideStep(d: DecisionInput): { decision: StepDecision; reasons: string[] } {
  if (d.status !== 'completed') return { decision: 'incomplete', reasons: [`the run was ${d.status}: no decision`] };
  const reasons: string[] = [];
  const cleared = !d.findingsAfter.includes(d.targetId);
  reasons.push(cleared ? `${d.targetId} cleared` : `${d.targetId} is still found`);
  const rows = d.comparison.filter((r) => d.objectiveFigures.includes(r.id));
  const better = rows.filter((r) => r.verdict === 'better');
  const worse = rows.filter((r) => r.verdict === 'worse');
  for (const r of better) reasons.push(`better beyond noise: ${moved(r)}`);
  for (const r of worse) reasons.push(`worse beyond noise: ${moved(r)}`);
  if (better.length === 0 && worse.length === 0) reasons.push(`${rows.map((r) => r.label).join(', ') || 'the objective figures'} within noise`);
  const broke = d.metBefore === true && d.metAfter === false;
  if (broke) reasons.push('the objective the best run met is no longer met');
  const kept = (cleared || better.length > 0) && !broke;
  return { decision: kept ? 'kept' : 'reverted', reasons };
}
