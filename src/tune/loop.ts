/**
 * The tuning loop of `mqload tune`: run the profile (the baseline), then repeatedly take the
 * highest-ranked warning or critical finding of the best run whose actions were not tried yet
 * and can be applied (the primary finding first; advice-only findings, broker changes against a
 * remote cluster and changes the schema refuses are reported as skipped), apply them to a copy of
 * the best profile (restarting the local broker for its settings), run again, compare with the
 * best run under the noise rule, and keep or revert the change ({@link decideStep}). Without an
 * objective, the figures that count are those the finding's category moves
 * ({@link figuresForCategory}): a consumer change is judged on end-to-end latency, not on a
 * publish p99 that happened to be better in the second run.
 *
 * It stops when the best run has no warning or critical finding, meets the objective, has
 * nothing applicable left, after `maxSteps` tuning steps, or when a run is interrupted. The
 * local broker is given back its original settings at the end, whatever happened; the result
 * says which settings to carry over.
 */
import type { Finding, FindingsFile } from '../analyzer/finding-types.js';
import type { Profile } from '../profile/schema.js';
import type { RunSummary } from '../record/summary.js';
import type { LocalBrokerSetting, TunableLocalBroker } from '../local/types.js';
import { compareFigures, type KeyFigure } from '../reports/compare.js';
import { redactProfile } from '../profile/redact.js';
import { RECORD_SCHEMA_VERSION } from '../record/format.js';
import { describeActionPlain } from '../analyzer/actions.js';
import { actionsKey, applyActions, type AppliedChange } from './apply.js';
import { decideStep, figuresForCategory } from './decide.js';
import { objectiveFigures, objectiveMet, objectiveThresholds, type ObjectiveTerm } from './objective.js';
import type { SkippedAction, StepFigures, TuneResult, TuneStep } from './types.js';

/** What the loop needs of one finished run. */
export interface StepRun {
  summary: RunSummary;
  findings: FindingsFile | null;
  /** Key figures with noise ({@link import('./figures.js').runFigures}). */
  key: KeyFigure[];
  table: StepFigures;
}

export interface TuneOptions {
  /** Tuning steps after the baseline (default 5). */
  maxSteps: number;
  objective: ObjectiveTerm[];
  /** Smallest relative change that counts (as `compare --min-change`), fraction. */
  minChange: number;
}

export interface TuneDeps {
  /** Runs `profile` into `dir` (step `index`, 0 = baseline). */
  runStep(profile: Profile, dir: string, index: number): Promise<StepRun>;
  /** Directory of step `index` (`label` names its change). */
  dirFor(index: number, label: string): string;
  /** The local broker's settings control when the profile targets the local broker mqload runs; null otherwise. */
  broker: TunableLocalBroker | null;
  /** An existing run to start from instead of running the baseline. */
  baseline?: { dir: string; run: StepRun; profile: Profile };
  /** Aborted by Ctrl-C: the loop stops after the current step. */
  signal?: AbortSignal;
  onStep?(step: TuneStep): void;
  onSkip?(skip: SkippedAction): void;
  /** Before a step runs: its index and what it changes. */
  onStart?(index: number, what: string): void;
}

type Settings = Partial<Record<LocalBrokerSetting, string>>;

/** The warning and critical findings of a run, in the analyzer's order (primary first). */
export function seriousFindings(findings: FindingsFile | null): Finding[] {
  return (findings?.findings ?? []).filter((f) => f.severity !== 'info');
}

function primaryOf(f: FindingsFile | null): TuneStep['primary'] {
  const p = f?.primary ? f.findings.find((x) => x.id === f.primary) : undefined;
  return p ? { id: p.id, title: p.title } : null;
}

/** The change a step tries: a finding and its actions applied to the profile. */
export interface ChosenChange {
  finding: Finding;
  applied: AppliedChange;
}

/**
 * The next change to try: the first of `findings` (in the analyzer's order, primary first) whose
 * actions are not in `tried` and apply to `profile`. Every finding looked at is added to `tried`;
 * those that do not apply come back in `skipped` with why.
 */
export function chooseChange(findings: readonly Finding[], profile: Profile, localBroker: boolean, tried: Set<string>): { chosen: ChosenChange | null; skipped: Array<{ finding: Finding; reason: string }> } {
  const skipped: Array<{ finding: Finding; reason: string }> = [];
  for (const f of findings) {
    const key = `${f.id}\u0000${actionsKey(f.actions ?? [])}`;
    if (tried.has(key)) continue;
    tried.add(key);
    const applied = applyActions(profile, f.actions ?? [], localBroker);
    if ('reason' in applied) skipped.push({ finding: f, reason: applied.reason });
    else return { chosen: { finding: f, applied }, skipped };
  }
  return { chosen: null, skipped };
}

/** The profile a step runs: the tuned profile with the objective added to its thresholds. */
export function runnableProfile(profile: Profile, objective: readonly ObjectiveTerm[]): Profile {
  return objective.length === 0 ? profile : { ...profile, thresholds: objectiveThresholds(objective, profile.thresholds ?? {}) };
}

function metOf(objective: readonly ObjectiveTerm[], run: StepRun): boolean | null {
  return objective.length === 0 ? null : objectiveMet(objective, run.summary);
}

function label(f: Finding): string {
  return f.id.replace(/[^a-z0-9-]+/gi, '-').slice(0, 40);
}

const same = (a: Settings, b: Settings) => JSON.stringify(a) === JSON.stringify(b);

/** Runs the loop; see the file comment. */
export async function runTune(profile: Profile, opts: TuneOptions, deps: TuneDeps): Promise<TuneResult> {
  const original: Settings = deps.broker?.current() ?? {};
  let current: Settings = { ...original };
  const steps: TuneStep[] = [];
  const skipped: SkippedAction[] = [];
  const figures = objectiveFigures(opts.objective);
  const stepOf = (index: number, dir: string, run: StepRun, rest: Pick<TuneStep, 'target' | 'actions' | 'broker' | 'decision' | 'reasons' | 'comparison'>): TuneStep => ({
    index,
    dir,
    ...rest,
    primary: primaryOf(run.findings),
    findings: seriousFindings(run.findings).map((f) => f.id),
    figures: run.table,
    objectiveMet: metOf(opts.objective, run),
    status: run.summary.status,
  });

  let best: { profile: Profile; run: StepRun; index: number; broker: Settings };
  let stoppedBecause = `${opts.maxSteps} tuning step${opts.maxSteps === 1 ? '' : 's'} run (raise --max-steps to go on)`;
  try {
    if (deps.baseline) {
      best = { profile: deps.baseline.profile, run: deps.baseline.run, index: 0, broker: current };
      steps.push(stepOf(0, deps.baseline.dir, deps.baseline.run, { target: null, actions: [], broker: {}, decision: 'baseline', reasons: ['an existing run (--baseline)'], comparison: [] }));
    } else {
      const dir = deps.dirFor(0, 'baseline');
      deps.onStart?.(0, 'the profile as given');
      const run = await deps.runStep(runnableProfile(profile, opts.objective), dir, 0);
      best = { profile, run, index: 0, broker: current };
      steps.push(stepOf(0, dir, run, { target: null, actions: [], broker: {}, decision: run.summary.status === 'completed' ? 'baseline' : 'incomplete', reasons: [], comparison: [] }));
    }
    deps.onStep?.(steps[0]!);
    const tried = new Set<string>();
    for (let i = 1; ; i++) {
      const last = steps[steps.length - 1]!;
      if (last.status !== 'completed' || deps.signal?.aborted) {
        stoppedBecause = last.status === 'interrupted' || deps.signal?.aborted ? 'interrupted' : `step ${last.index} ${last.status}`;
        break;
      }
      if (metOf(opts.objective, best.run) === true) {
        stoppedBecause = `the objective is met (step ${best.index})`;
        break;
      }
      const serious = seriousFindings(best.run.findings);
      if (serious.length === 0) {
        stoppedBecause = `no warning or critical finding left (step ${best.index})`;
        break;
      }
      if (i > opts.maxSteps) break;
      const next = chooseChange(serious, best.profile, deps.broker !== null, tried);
      for (const k of next.skipped) {
        const skip: SkippedAction = { stepIndex: i, finding: { id: k.finding.id, title: k.finding.title }, actions: k.finding.actions ?? [], reason: k.reason };
        skipped.push(skip);
        deps.onSkip?.(skip);
      }
      const chosen = next.chosen ? { finding: next.chosen.finding, applied: { profile: next.chosen.applied.profile, broker: { ...best.broker, ...next.chosen.applied.broker } } } : null;
      if (!chosen) {
        stoppedBecause = `nothing applicable remains (step ${best.index}: ${serious.map((f) => f.id).join(', ')} ${serious.length === 1 ? 'is' : 'are'} advice only or tried)`;
        break;
      }
      const { finding, applied } = chosen;
      const dir = deps.dirFor(i, label(finding));
      const brokerChange = same(applied.broker, current) ? {} : applied.broker;
      deps.onStart?.(i, `${finding.id}: ${(finding.actions ?? []).map((a) => describeActionPlain(a)).join(', ')}`);
      if (!same(applied.broker, current) && deps.broker) {
        await deps.broker.restartWith(applied.broker);
        current = { ...applied.broker };
      }
      const run = await deps.runStep(runnableProfile(applied.profile, opts.objective), dir, i);
      const comparison = compareFigures(best.run.key, run.key, { minChange: opts.minChange, failOnRegression: null });
      const { decision, reasons } = decideStep({
        targetId: finding.id,
        findingsAfter: seriousFindings(run.findings).map((f) => f.id),
        comparison,
        objectiveFigures: opts.objective.length > 0 ? figures : (figuresForCategory(finding.category) ?? figures),
        metBefore: metOf(opts.objective, best.run),
        metAfter: metOf(opts.objective, run),
        status: run.summary.status,
      });
      const step = stepOf(i, dir, run, { target: { id: finding.id, title: finding.title }, actions: finding.actions ?? [], broker: brokerChange, decision, reasons, comparison });
      steps.push(step);
      deps.onStep?.(step);
      if (decision === 'kept') best = { profile: applied.profile, run, index: i, broker: applied.broker };
      else if (!same(best.broker, current) && deps.broker && decision === 'reverted') {
        await deps.broker.restartWith(best.broker);
        current = { ...best.broker };
      }
    }
  } finally {
    if (deps.broker && !same(current, original)) await deps.broker.restartWith(original);
  }
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    profile: profile.name,
    objective: opts.objective,
    options: { maxSteps: opts.maxSteps, minChange: opts.minChange, localBroker: deps.broker !== null },
    steps,
    skipped,
    originalProfile: redactProfile(profile),
    finalProfile: redactProfile(best.profile),
    brokerSettings: { original, kept: Object.fromEntries(Object.entries(best.broker).filter(([k, v]) => original[k as LocalBrokerSetting] !== v)) },
    bestStep: best.index,
    objectiveMet: metOf(opts.objective, best.run),
    stoppedBecause,
  };
}
