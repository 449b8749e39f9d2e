/**
 * What a rule receives and returns. A rule is pure: it reads the {@link RuleContext} and returns
 * one {@link RuleResult}; it never touches the disk, the clock or other rules' results.
 */
import type { Profile } from '../profile/schema.js';
import type { RunSummary } from '../record/summary.js';
import type { Finding } from './finding-types.js';
import type { AnalysisWindow } from './window.js';
import type { BrokerFacts } from '../record/format.js';

/** The input of every rule. */
export interface RuleContext {
  /** The trimmed window (load only, edges dropped). */
  window: AnalysisWindow;
  /** The run's profile, or null when `profile.json` is missing. */
  profile: Profile | null;
  /** The run summary, or null when the run never wrote one. */
  summary: RunSummary | null;
  /** The broker kind and its driver's capabilities (`broker.json`, or migrated); null when unknown. */
  broker: BrokerFacts | null;
}

/** A rule's verdict. */
export type RuleResult =
  | { status: 'issue'; findings: Finding[] }
  | { status: 'ok' }
  | { status: 'insufficient-data'; reason: string };

/** One analyzer rule (one per file under `rules/`). */
export interface Rule {
  /** Stable rule id (appears in `findings.json → ok / insufficient`). */
  readonly id: string;
  /** KB rule keys it implements, e.g. `K1` or `C1, C2`. */
  readonly kb: string;
  /** False for rules that judge the summary rather than the window (they run on short windows too). */
  readonly needsWindow: boolean;
  /**
   * True for rules that judge one generator machine from its host, process and client samples:
   * on a merged record of execution segments they run once per segment, on that segment's
   * samples, and each finding names its segment (`analyzer/segments.ts`).
   */
  readonly perGenerator?: boolean;
  evaluate(ctx: RuleContext): RuleResult;
}

/** Shorthand for an `ok` result. */
export const OK: RuleResult = { status: 'ok' };

/** Shorthand for an `insufficient-data` result. */
export function insufficient(reason: string): RuleResult {
  return { status: 'insufficient-data', reason };
}

/** Shorthand for an `issue` result (an empty list becomes `ok`). */
export function issue(findings: Finding[]): RuleResult {
  return findings.length === 0 ? OK : { status: 'issue', findings };
}
