/**
 * Saturation sweep: runs a profile at increasing fixed target rates (open model), judges each
 * step, and stops at the first step that breaks the latency objective, falls below 95 % of its
 * target, or shows errors. The maximum sustainable rate is the achieved rate of the last step
 * that passed; the bottleneck at the knee is the primary finding of the first failing step
 * (ANALYZER-KB §5: the first rule that fired at or just before the knee; if the load generator
 * fired, the knee belongs to the generator and the result understates the system).
 */
import type { Profile } from '../profile/schema.js';
import type { RunSummary } from '../record/summary.js';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { RECORD_SCHEMA_VERSION } from '../record/format.js';

export interface SweepOptions {
  /** First target rate, msg/s. */
  startRate: number;
  /** Each step's rate is the previous one times this (> 1). */
  stepFactor: number;
  maxSteps: number;
  /** Measured seconds per step (after warm-up). */
  stepSec: number;
  warmupSec: number;
  /** Latency objective: p99 of this metric must stay below `p99Ms`. */
  slo: { metric: 'publish' | 'e2e'; p99Ms: number };
  /** A step passes only if achieved ≥ this share of target (default 0.95, ANALYZER-KB §5). */
  minAchievedShare: number;
}

export interface SweepStep {
  index: number;
  targetRate: number;
  achievedRate: number;
  publish: { p50: number; p99: number } | null;
  e2e: { p50: number; p99: number } | null;
  failed: number;
  dropped: number;
  passed: boolean;
  /** Why the step failed (empty when it passed). */
  reasons: string[];
  /** Warning and critical findings of the step. */
  findings: Array<{ id: string; severity: string; title: string; category: string }>;
  primary: string | null;
  /** Run directory of the step. */
  dir: string;
}

export interface SweepResult {
  schemaVersion: string;
  profile: string;
  options: SweepOptions;
  steps: SweepStep[];
  /** Achieved rate of the last passing step, msg/s; null when the first step already failed. */
  maxSustainableRate: number | null;
  knee: { stepIndex: number; targetRate: number; bottleneck: string | null; findingId: string | null; generatorLimited: boolean } | null;
  stoppedBecause: string;
}

/** Findings that make a step unsustained at any severity: the generator did not issue the load on time. */
const UNSUSTAINED: ReadonlySet<string> = new Set(['generator-dropped-sends', 'generator-behind-schedule']);

/** The profile of one sweep step: one constant-arrival-rate phase at `rate`. */
export function stepProfile(profile: Profile, rate: number, opts: SweepOptions): Profile {
  return {
    ...profile,
    load: { warmup: `${opts.warmupSec}s`, cooldown: '2s', phases: [{ executor: 'constant-arrival-rate', rate, duration: `${opts.stepSec}s` }] },
  };
}

/** Judges one finished step against the objective. */
export function judgeStep(index: number, target: number, summary: RunSummary, findings: FindingsFile | null, dir: string, opts: SweepOptions): SweepStep {
  const pub = summary.latencyMs.publish;
  const e2e = summary.latencyMs.e2e;
  const reasons: string[] = [];
  const achieved = summary.produce.ratePerSec;
  if (achieved < opts.minAchievedShare * target) reasons.push(`achieved ${achieved.toFixed(0)} msg/s < ${Math.round(opts.minAchievedShare * 100)} % of target ${target.toFixed(0)}`);
  const lat = opts.slo.metric === 'publish' ? pub : e2e;
  if (!lat) reasons.push(`no ${opts.slo.metric} latency measured`);
  else if (lat.p99 > opts.slo.p99Ms) reasons.push(`${opts.slo.metric} p99 ${lat.p99.toFixed(1)} ms > objective ${opts.slo.p99Ms} ms`);
  if (summary.produce.failed > 0) reasons.push(`${summary.produce.failed} failed sends`);
  if (summary.status !== 'completed') reasons.push(`run ${summary.status}`);
  const serious = (findings?.findings ?? []).filter((f) => f.severity !== 'info');
  // The analyzer and the pass rule agree: a step with a critical finding, or where the generator
  // dropped sends or fell behind its schedule, did not sustain its rate, whatever it achieved.
  for (const f of serious) if (f.severity === 'critical' || UNSUSTAINED.has(f.id)) reasons.push(`${f.severity} finding ${f.id}: ${f.title}`);
  return {
    index,
    targetRate: target,
    achievedRate: achieved,
    publish: pub ? { p50: pub.p50, p99: pub.p99 } : null,
    e2e: e2e ? { p50: e2e.p50, p99: e2e.p99 } : null,
    failed: summary.produce.failed,
    dropped: summary.produce.dropped,
    passed: reasons.length === 0,
    reasons,
    findings: serious.map((f) => ({ id: f.id, severity: f.severity, title: f.title, category: f.category })),
    primary: findings?.primary ?? null,
    dir,
  };
}

/** Step `i`'s target rate. */
export function rateForStep(opts: SweepOptions, i: number): number {
  return Math.round(opts.startRate * opts.stepFactor ** i);
}

/** Summarises the steps run so far into a result (maximum sustainable rate, knee). */
export function summariseSweep(profileName: string, opts: SweepOptions, steps: SweepStep[], stoppedBecause: string): SweepResult {
  const passed = steps.filter((s) => s.passed);
  const firstFail = steps.find((s) => !s.passed) ?? null;
  const last = passed.length > 0 ? passed[passed.length - 1]! : null;
  let knee: SweepResult['knee'] = null;
  if (firstFail) {
    const f = firstFail.findings.find((x) => x.id === firstFail.primary) ?? firstFail.findings[0] ?? null;
    knee = {
      stepIndex: firstFail.index,
      targetRate: firstFail.targetRate,
      bottleneck: f ? f.title : null,
      findingId: f ? f.id : null,
      generatorLimited: f ? f.category === 'load-generator' : false,
    };
  }
  return {
    schemaVersion: RECORD_SCHEMA_VERSION,
    profile: profileName,
    options: opts,
    steps,
    maxSustainableRate: last ? last.achievedRate : null,
    knee,
    stoppedBecause,
  };
}

/** Runs one step: given its profile and directory, returns its summary and findings. */
export type StepRunner = (profile: Profile, dir: string) => Promise<{ summary: RunSummary; findings: FindingsFile | null; interrupted: boolean }>;

/** Runs the sweep with `runStep` until a step fails, the steps run out, or a run is interrupted. */
export async function runSweep(profile: Profile, opts: SweepOptions, dirFor: (i: number, rate: number) => string, runStep: StepRunner, onStep?: (s: SweepStep) => void): Promise<SweepResult> {
  const steps: SweepStep[] = [];
  for (let i = 0; i < opts.maxSteps; i++) {
    const rate = rateForStep(opts, i);
    const dir = dirFor(i, rate);
    const { summary, findings, interrupted } = await runStep(stepProfile(profile, rate, opts), dir);
    const step = judgeStep(i, rate, summary, findings, dir, opts);
    steps.push(step);
    onStep?.(step);
    if (interrupted) return summariseSweep(profile.name, opts, steps, 'interrupted');
    if (!step.passed) return summariseSweep(profile.name, opts, steps, `step ${i + 1} failed: ${step.reasons.join('; ')}`);
  }
  return summariseSweep(profile.name, opts, steps, `all ${opts.maxSteps} steps passed (raise --max-steps or --start-rate to find the knee)`);
}
