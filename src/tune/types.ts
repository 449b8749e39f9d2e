/**
 * What `mqload tune` writes to `tune.json` and its reports render: the steps of a tuning loop,
 * each a full run with the change it tried, how it compared with the best run so far, and
 * whether the change was kept or reverted. Data only; the loop is `loop.ts`.
 */
import type { FindingAction } from '../analyzer/finding-types.js';
import type { ComparisonRow } from '../reports/compare.js';
import type { LocalBrokerSetting } from '../local/types.js';
import type { Profile } from '../profile/schema.js';
import type { ObjectiveTerm } from './objective.js';

/** The figures of one step's run shown in the step table. */
export interface StepFigures {
  /** Achieved acked msg/s over the measured window. */
  throughput: number;
  /** ms, null without the measurement. */
  publishP99: number | null;
  e2eP99: number | null;
  /** Largest consumer lag at the end of the load over the groups, messages; null without lag readings. */
  lagAtLoadEnd: number | null;
  /** Share of the broker's JVM time spent in GC (0–1) over the window, null without JVM samples. */
  gcTimeShare: number | null;
}

/** What a step did with its change. */
export type StepDecision =
  /** The first run, as the profile was given. */
  | 'baseline'
  /** The change cleared the finding it targets, or improved the objective beyond noise: the next steps build on it. */
  | 'kept'
  /** It did neither (or it broke an objective that held): the next steps start from the best run again. */
  | 'reverted'
  /** The run was interrupted (Ctrl-C) or failed: no decision. */
  | 'incomplete';

export interface TuneStep {
  /** 0 for the baseline. */
  index: number;
  /** Run directory of the step. */
  dir: string;
  /** The finding whose actions the step applied (null for the baseline). */
  target: { id: string; title: string } | null;
  actions: FindingAction[];
  /** Local-broker settings the step ran with, when it changed them. */
  broker: Partial<Record<LocalBrokerSetting, string>>;
  decision: StepDecision;
  /** Why it was kept or reverted, one sentence each. */
  reasons: string[];
  /** The run's primary finding (id and title), null when none. */
  primary: { id: string; title: string } | null;
  /** Warning and critical finding ids of the run. */
  findings: string[];
  figures: StepFigures;
  /** Whether the run met the objective; null without an objective. */
  objectiveMet: boolean | null;
  /** Key figures against the best run before the step (empty for the baseline), with noise bands. */
  comparison: ComparisonRow[];
  /** The run's own status (`completed`, `interrupted`, `failed`). */
  status: string;
}

/** A finding with an action that was not applied, and why (advice only, a remote broker, refused by the schema). */
export interface SkippedAction {
  stepIndex: number;
  finding: { id: string; title: string };
  actions: FindingAction[];
  reason: string;
}

/** `tune.json`. */
export interface TuneResult {
  schemaVersion: string;
  profile: string;
  objective: ObjectiveTerm[];
  options: { maxSteps: number; minChange: number; localBroker: boolean };
  steps: TuneStep[];
  skipped: SkippedAction[];
  /** The profile as given and as tuned (the kept changes applied), secrets masked. */
  originalProfile: Profile;
  finalProfile: Profile;
  /** Local-broker settings before tuning and as kept (empty when none changed). */
  brokerSettings: { original: Partial<Record<LocalBrokerSetting, string>>; kept: Partial<Record<LocalBrokerSetting, string>> };
  /** The best run: the baseline or the last kept step. */
  bestStep: number;
  /** Whether the best run met the objective; null without an objective. */
  objectiveMet: boolean | null;
  stoppedBecause: string;
}
