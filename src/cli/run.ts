/**
 * `mqload run <profile>`: runs a workload profile, writes the run record, analyses it, writes
 * the reports and exits with 0 (ok), 99 (a threshold failed), 2 (bad profile or flag),
 * 3 (broker unreachable) or 130 (interrupted). Before anything touches a broker it runs the same
 * preflight as `mqload validate` (see {@link preflightRun}); `--dry-run` stops right after it.
 */
import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { ExitCode, UsageError } from '../errors.js';
import { resolveProfileArg } from '../profile/load.js';
import { addProfileOverrideOptions, overridesFromOptions } from '../profile/overrides.js';
import { redactText } from '../profile/redact.js';
import { describePlan } from '../plan/summary.js';
import { preflight, preflightProfile, type Preflighted } from '../run/preflight.js';
import type { Profile } from '../profile/schema.js';
import { defaultRunDir } from '../record/writer.js';
import { runProfile, type RunResult } from '../run/orchestrator.js';
import { ConsoleProgress } from '../exporters/console.js';
import type { RunOutput } from '../run/outputs.js';
import { buildRunExtensions, type ExtensionOptions } from '../run/extensions.js';
import { finishRun } from '../run/finish.js';
import { parseSegment, type ExecutionSegment } from '../plan/execution-segment.js';

/** What `--run-id` accepts: it becomes part of group and consumer names on every broker. */
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses `--run-id`. */
export function runIdFlag(value: string): string {
  if (!RUN_ID_PATTERN.test(value)) throw new UsageError(`--run-id must be 1–64 letters, digits, '.', '_' or '-' (starting with a letter or digit), got "${value}"`, 'e.g. --run-id 20261203-1800-load1');
  return value;
}

/** Parses `--start-at` (ISO 8601 with a time zone, e.g. 2026-12-03T18:00:00Z) into epoch ms. */
export function startAtFlag(value: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw new UsageError(`--start-at must be an ISO 8601 time with a zone, got "${value}"`, "e.g. --start-at $(date -u -d '+30 seconds' +%Y-%m-%dT%H:%M:%SZ)");
  return ms;
}

/**
 * Checks the segment flags together: a share of several needs the common run id and start, or
 * its groups would differ from the other shares' and a late share could reposition them.
 */
export function checkSegmentFlags(opts: Pick<RunCommandOptions, 'segment' | 'startAt' | 'runId'>): void {
  if (!opts.segment || opts.segment.count === 1) return;
  const missing = [opts.runId === undefined ? '--run-id' : null, opts.startAt === undefined ? '--start-at' : null].filter((x) => x !== null);
  if (missing.length > 0) {
    throw new UsageError(
      `--segment ${opts.segment.index}/${opts.segment.count} needs ${missing.join(' and ')}: every segment of one run must use the same run id and start time`,
      "pass the same --run-id and --start-at to all segments, e.g. --run-id load1 --start-at $(date -u -d '+30 seconds' +%Y-%m-%dT%H:%M:%SZ)",
    );
  }
}

export interface RunCommandOptions extends ExtensionOptions {
  out?: string;
  /** `--segment K/N`: run this share of the profile (see `plan/execution-segment.ts`). */
  segment?: ExecutionSegment;
  /** `--start-at`: start the load at this instant, epoch ms. */
  startAt?: number;
  /** `--run-id`: the run id (all segments of one run share it). */
  runId?: string;
  workers: number;
  quiet?: boolean;
  /** No console output at all (used by `sweep`, which prints one line per step). */
  silent?: boolean;
  report?: boolean;
}

/** Parses a positive integer flag value or throws a UsageError naming the flag. */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a positive whole number, got "${value}"`);
    return n;
  };
}

/** Parses a duration flag like `30s` into ms. */
export function durationFlag(flag: string) {
  return (value: string): number => {
    const m = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)?$/.exec(value);
    if (!m) throw new UsageError(`${flag} must be a duration like 500ms, 30s, 5m or 1h, got "${value}"`);
    const n = Number(m[1]);
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] ?? 's']!;
    return n * unit;
  };
}

/** Adds the flags shared by `run`, `quickstart` and `sweep`. */
export function addRunOptions(cmd: Command): Command {
  return cmd
    .option('--out <dir>', 'run directory (default runs/<timestamp>-<name>/)')
    .option('--workers <n>', 'worker threads generating load (default: number of cores)', positiveInt('--workers'), availableParallelism())
    .option('--metrics-port <port>', 'serve Prometheus /metrics on this port during the run (0 = off)', (v) => Number(v), 9464)
    .option('--metrics-host <host>', 'address for /metrics (default 127.0.0.1; set deliberately to expose it)', '127.0.0.1')
    .option('--metrics-linger <duration>', 'keep /metrics up this long after the run', durationFlag('--metrics-linger'), 0)
    .option('--no-collect', 'turn off resource collectors')
    .option('--no-report', 'skip analysis and reports at the end')
    .option('--quiet', 'no progress line (the summary is still printed)');
}

/**
 * Runs a resolved profile with the console output, collectors and exporters, then analysis and
 * reports. Handles Ctrl-C/SIGTERM. Returns the exit code (a segment of several never exits 99:
 * its thresholds are judged on the merged record).
 */
export async function executeRun(profile: Profile, opts: RunCommandOptions): Promise<{ exitCode: number; result: RunResult }> {
  checkSegmentFlags(opts);
  const seg = opts.segment;
  const dir = resolve(opts.out ?? defaultRunDir(process.cwd(), seg ? `${profile.name}-s${seg.index}of${seg.count}` : profile.name, new Date()));
  const controller = new AbortController();
  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals === 1) {
      process.stderr.write('\nmqload: stopping (waiting for in-flight sends; press Ctrl-C again to quit at once)\n');
      controller.abort();
    } else process.exit(ExitCode.Interrupted);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const outputs: RunOutput[] = [];
  if (!opts.silent) outputs.push(new ConsoleProgress({ progress: !opts.quiet }));
  const ext = await buildRunExtensions(profile, opts);
  outputs.push(...ext.outputs);
  try {
    const result = await runProfile(profile, {
      dir,
      workers: opts.workers,
      outputs,
      hooks: ext.hooks,
      signal: controller.signal,
      ...(seg ? { segment: seg } : {}),
      ...(opts.runId !== undefined ? { runId: opts.runId } : {}),
      ...(opts.startAt !== undefined ? { startAtMs: opts.startAt } : {}),
    });
    await finishRun(result, { report: opts.report !== false, quiet: opts.silent === true });
    const s = result.summary;
    // A share of several is not judged on its own thresholds: `mqload merge` judges the run's.
    const judged = !seg || seg.count === 1;
    const exitCode = s.status === 'interrupted' ? ExitCode.Interrupted : judged && s.thresholds.some((t) => !t.ok) ? ExitCode.ThresholdsFailed : ExitCode.Ok;
    return { exitCode, result };
  } finally {
    await ext.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * `mqload run`'s preflight: the profile argument resolved, loaded, validated, overridden by the
 * flags, planned and its client and faults checked — the same pipeline as `mqload validate`
 * (`run/preflight.ts`). Throws the {@link MqloadError} of the first failed step; contacts nothing.
 */
export async function preflightRun(profileArg: string, options: Record<string, unknown>): Promise<Preflighted> {
  return preflight(resolveProfileArg(profileArg), overridesFromOptions(options));
}

export function register(program: Command): void {
  const cmd = program
    .command('run')
    .description('run a workload profile and write a run record, summary and report')
    .argument('<profile>', 'profile file (YAML/JSON) or a name under profiles/ (e.g. quickstart)');
  addRunOptions(cmd);
  addProfileOverrideOptions(cmd);
  cmd.option('--segment <K/N>', 'run share K of N of the profile (its producers, rate and consumers); `mqload merge` joins the N records', (v) => parseSegment(v));
  cmd.option('--start-at <time>', 'start the load at this ISO 8601 instant (all segments of a run use the same)', startAtFlag);
  cmd.option('--run-id <id>', 'run id (all segments of a run use the same; default a new one)', runIdFlag);
  cmd.option('--dry-run', 'run the preflight only (what `mqload validate` checks, with the flags applied), print the plan and stop before contacting the broker');
  cmd.action(async (profileArg: string, options: RunCommandOptions & { dryRun?: boolean } & Record<string, unknown>) => {
    checkSegmentFlags(options);
    const { profile, plan: whole } = await preflightRun(profileArg, options);
    const plan = options.segment ? preflightProfile(profile, { workers: options.workers, runId: options.runId ?? 'preflight', segment: options.segment }) : whole;
    if (options.dryRun) {
      process.stdout.write(redactText(`✓ ${profileArg}: profile "${profile.name}" ok (dry run: nothing was sent)\n${describePlan(plan).map((l) => `    ${l}\n`).join('')}`));
      return;
    }
    const { exitCode } = await executeRun(profile, options);
    process.exitCode = exitCode;
  });
}
