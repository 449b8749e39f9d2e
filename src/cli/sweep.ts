/**
 * `mqload sweep <profile>`: saturation sweep. Runs the profile at increasing constant target
 * rates (each step a full run with its own record under the sweep directory), stops at the
 * first step that breaks the latency objective, misses 95 % of its target or shows errors,
 * and writes `sweep.json`, `sweep.md` and `sweep.html` (throughput–latency chart).
 * Exit codes: 0 done, 2 bad profile or flag, 3 broker unreachable, 130 interrupted.
 */
import type { Command } from 'commander';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { loadProfile, resolveProfileArg } from '../profile/load.js';
import { addProfileOverrideOptions, applyOverrides, overridesFromOptions } from '../profile/overrides.js';
import type { Profile } from '../profile/schema.js';
import { parseThreshold } from '../thresholds/parse.js';
import { defaultRunDir } from '../record/writer.js';
import { existsSync, readFileSync } from 'node:fs';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { runSweep, type SweepOptions } from '../run/sweep.js';
import { renderSweepHtml, renderSweepMarkdown } from '../reports/sweep.js';
import { loadChartAssets } from '../reports/html-assets.js';
import { formatMs, formatRate } from '../reports/format.js';
import { addRunOptions, durationFlag, executeRun, positiveInt, type RunCommandOptions } from './run.js';

interface SweepFlags extends RunCommandOptions {
  startRate?: number;
  stepFactor: number;
  maxSteps: number;
  /** ms */
  stepDuration?: number;
  /** ms */
  stepWarmup?: number;
  sloP99?: number;
  sloMetric: 'publish' | 'e2e';
}

function positiveNumber(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a positive number, got "${v}"`);
    return n;
  };
}

/** The objective: the flag, else the profile's `p(99)<X` threshold on that metric, else 100 ms. */
export function sloFor(profile: Profile, metric: 'publish' | 'e2e', flag?: number): number {
  if (flag !== undefined) return flag;
  const exprs = profile.thresholds?.[metric === 'publish' ? 'publish_latency' : 'e2e_latency'] ?? [];
  for (const e of exprs) {
    const t = parseThreshold(e);
    if (t.aggregation.kind === 'percentile' && t.aggregation.p === 99 && (t.operator === '<' || t.operator === '<=')) return t.value;
  }
  return 100;
}

/** First rate: the flag, else the profile's first throttled rate, else 1000 msg/s. */
function startRateFor(profile: Profile, flag?: number): number {
  if (flag !== undefined) return flag;
  const first = profile.load.phases[0];
  if (first?.executor === 'constant-arrival-rate') return first.rate;
  if (first?.executor === 'ramping-arrival-rate') return Math.max(1, first.stages[0]?.target ?? 1000);
  return 1000;
}

/** The step's findings.json, written by the analysis at the end of its run (null if absent). */
function readFindings(dir: string): FindingsFile | null {
  const file = join(dir, 'findings.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as FindingsFile) : null;
}

export function register(program: Command): void {
  const cmd = program
    .command('sweep')
    .description('find the maximum sustainable rate: run the profile at increasing rates until the latency objective breaks')
    .argument('<profile>', 'profile file or a name under profiles/')
    .option('--start-rate <msgs>', 'first target rate, msg/s (default: the profile\'s first rate)', positiveNumber('--start-rate'))
    .option('--step-factor <x>', 'rate multiplier between steps', positiveNumber('--step-factor'), 1.5)
    .option('--max-steps <n>', 'most steps to run', positiveInt('--max-steps'), 8)
    .option('--step-duration <d>', 'measured time per step (default 20s)', durationFlag('--step-duration'))
    .option('--step-warmup <d>', 'warm-up per step (default 5s)', durationFlag('--step-warmup'))
    .option('--slo-p99 <ms>', 'latency objective: p99 below this many ms (default: the profile\'s p(99) threshold, else 100)', positiveNumber('--slo-p99'))
    .option('--slo-metric <m>', 'publish or e2e', 'publish');
  addRunOptions(cmd);
  addProfileOverrideOptions(cmd);
  cmd.action(async (profileArg: string, flags: SweepFlags & Record<string, unknown>) => {
    if (flags.sloMetric !== 'publish' && flags.sloMetric !== 'e2e') throw new UsageError(`--slo-metric must be publish or e2e, got "${String(flags.sloMetric)}"`);
    if (flags.stepFactor <= 1) throw new UsageError('--step-factor must be greater than 1');
    const profile = applyOverrides(await loadProfile(resolveProfileArg(profileArg)), overridesFromOptions(flags));
    const opts: SweepOptions = {
      startRate: startRateFor(profile, flags.startRate),
      stepFactor: flags.stepFactor,
      maxSteps: flags.maxSteps,
      stepSec: (flags.stepDuration ?? 20_000) / 1000,
      warmupSec: (flags.stepWarmup ?? 5_000) / 1000,
      slo: { metric: flags.sloMetric, p99Ms: sloFor(profile, flags.sloMetric, flags.sloP99) },
      minAchievedShare: 0.95,
    };
    const dir = resolve(flags.out ?? defaultRunDir(process.cwd(), `sweep-${profile.name}`, new Date()));
    mkdirSync(dir, { recursive: true });
    const err = process.stderr;
    err.write(`mqload sweep: ${profile.name} from ${formatRate(opts.startRate)} ×${opts.stepFactor}, up to ${opts.maxSteps} steps of ${opts.warmupSec}+${opts.stepSec} s; objective ${opts.slo.metric} p99 < ${opts.slo.p99Ms} ms\n  record: ${dir}\n`);
    let interrupted = false;
    const result = await runSweep(
      profile,
      opts,
      (i, rate) => join(dir, `step-${String(i + 1).padStart(2, '0')}-${rate}`),
      async (stepProfile, stepDir) => {
        err.write(`  step at ${formatRate(stepProfile.load.phases[0]!.executor === 'constant-arrival-rate' ? stepProfile.load.phases[0]!.rate : 0)} … `);
        const { exitCode, result: run } = await executeRun(stepProfile, { ...flags, out: stepDir, silent: true, metricsLinger: 0 });
        interrupted = exitCode === ExitCode.Interrupted;
        return { summary: run.summary, findings: readFindings(stepDir), interrupted };
      },
      (s) => err.write(`achieved ${formatRate(s.achievedRate)}, publish p99 ${formatMs(s.publish?.p99)}, e2e p99 ${formatMs(s.e2e?.p99)} — ${s.passed ? 'pass' : `FAIL (${s.reasons.join('; ')})`}\n`),
    );
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(dir, 'sweep.md'), renderSweepMarkdown(result));
    writeFileSync(join(dir, 'sweep.html'), renderSweepHtml(result, await loadChartAssets()));
    err.write(
      `\n  maximum sustainable rate: ${result.maxSustainableRate === null ? 'none (first step failed)' : `${formatRate(result.maxSustainableRate)}`}\n` +
        (result.knee ? `  knee at ${formatRate(result.knee.targetRate)} — bottleneck: ${result.knee.generatorLimited ? 'the load generator (results understate the system)' : (result.knee.bottleneck ?? 'none identified')}\n` : '') +
        `  report: ${join(dir, 'sweep.md')}, sweep.html, sweep.json\n`,
    );
    process.exitCode = interrupted ? ExitCode.Interrupted : ExitCode.Ok;
  });
}
