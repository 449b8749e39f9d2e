/**
 * `mqload merge <segment-dirs…> --out DIR`: joins the run records of a run's execution segments
 * (`mqload run --segment K/N`) into one record (`merge/merge.ts`), prints its summary, then
 * analyses it and writes the reports as `mqload run` does. Exit codes as `mqload run`: 0, 99 when
 * a threshold failed on the merged figures, 130 when a segment was interrupted or killed, 2 for
 * bad arguments (directories of different runs, a segment twice or missing, an existing --out).
 * `--wait D` first waits up to D for every segment to finish (`merge/wait.ts`): the Kubernetes
 * merge Job starts beside the segment pods. `--cleanup` then deletes the run's groups and
 * `deleteAfterRun` topics, which no share deletes while the others may still use them.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ExitCode } from '../errors.js';
import { mergeSegments } from '../merge/merge.js';
import { defaultRunDir } from '../record/writer.js';
import { renderSummary } from '../exporters/console.js';
import { finishRun } from '../run/finish.js';
import { waitForSegments, type SegmentState } from '../merge/wait.js';
import { durationFlag } from './run.js';
import { cleanupSharedRun } from '../run/shared-cleanup.js';
import { loadProfile } from '../profile/load.js';
import { applyOverrides, overridesFromOptions } from '../profile/overrides.js';
import type { Profile } from '../profile/schema.js';
import type { MergeResult } from '../merge/merge.js';

interface MergeOptions {
  out?: string;
  report: boolean;
  quiet?: boolean;
  wait?: number;
  cleanup?: boolean;
  profile?: string;
  brokers?: string;
}

/**
 * `--cleanup`: deletes the run's groups and `deleteAfterRun` topics once every share has finished
 * (a share merged as killed may still be running somewhere: then nothing is deleted). The broker
 * is the one of `--profile` (the profile file as given, secrets included; `--brokers` overrides
 * it) or else of the merged record's profile.json, whose secrets are redacted.
 */
async function cleanup(result: MergeResult, opts: MergeOptions): Promise<void> {
  const say = (line: string) => process.stderr.write(`mqload merge: ${line}\n`);
  const unfinished = result.segments.filter((s) => s.status === 'killed').map((s) => s.index);
  if (unfinished.length > 0) {
    say(`--cleanup: segment ${unfinished.join(', ')} never finished and may still use the run's groups and topics: left in place`);
    return;
  }
  const path = opts.profile === undefined ? null : resolve(opts.profile);
  const profile: Profile = path === null ? result.plan.profile : applyOverrides(await loadProfile(path), overridesFromOptions({ brokers: opts.brokers }), path);
  const done = await cleanupSharedRun(profile, result.summary.runId);
  for (const p of done.problems) say(p);
  if (done.problems.length === 0 && (done.groups.length > 0 || done.topics.length > 0)) {
    say(`deleted ${[done.groups.length > 0 ? `the run's consumer groups ${done.groups.join(', ')}` : '', done.topics.length > 0 ? `the topics ${done.topics.join(', ')} (deleteAfterRun)` : ''].filter((x) => x !== '').join(' and ')}`);
  }
}

export function register(program: Command): void {
  program
    .command('merge')
    .description("merge the run records of a run's execution segments (run --segment K/N) into one record, summary and report")
    .argument('<dirs...>', 'the segment run directories, one per segment')
    .option('--out <dir>', 'merged run directory (default runs/<timestamp>-<name>-merged/)')
    .option('--no-report', 'skip analysis and reports')
    .option('--quiet', 'print nothing but errors')
    .option('--wait <duration>', 'first wait up to this long for every segment to finish (a share still running then is merged as killed)', durationFlag('--wait'))
    .option('--cleanup', "then delete the run's consumer groups and deleteAfterRun topics (as a single run does at its end)")
    .option('--profile <file>', 'with --cleanup: the profile file as given (secrets included) to reach the broker with, instead of the record\'s redacted profile.json')
    .option('--brokers <list>', 'with --cleanup: broker addresses, host:port,… (overrides the profile\'s)')
    .action(async (dirs: string[], opts: MergeOptions) => {
      const out = resolve(opts.out ?? defaultRunDir(process.cwd(), 'merged', new Date()));
      if (opts.wait !== undefined) {
        const show = (states: SegmentState[]) => process.stderr.write(`mqload merge: waiting for segments: ${states.map((s, i) => `${i + 1}:${s}`).join('  ')}\n`);
        const { timedOut, states } = await waitForSegments(dirs, { timeoutMs: opts.wait, ...(opts.quiet ? {} : { onChange: show }) });
        if (timedOut) process.stderr.write(`mqload merge: waited ${Math.round(opts.wait / 1000)} s; segments ${states.map((s, i) => (s === 'absent' || s === 'running' ? i + 1 : 0)).filter((i) => i > 0).join(', ')} had not finished\n`);
      }
      const result = await mergeSegments(dirs, out);
      if (!opts.quiet) {
        const lines = result.segments.map((s) => `  segment ${s.index}/${result.segments.length}  ${s.status.padEnd(11)} sent ${s.sent}  acked ${s.acked}  received ${s.received}${s.notSent ? `  not sent ${s.notSent}` : ''}${s.lateMs > 0 ? `  ${(s.lateMs / 1000).toFixed(1)} s late` : ''}\n`);
        process.stderr.write(`merged ${dirs.length} segments of run ${result.summary.runId}\n${lines.join('')}`);
        process.stderr.write(renderSummary(result.summary));
      }
      if (opts.cleanup) await cleanup(result, opts);
      await finishRun({ summary: result.summary, plan: result.plan, dir: result.dir }, { report: opts.report !== false, quiet: opts.quiet === true });
      const s = result.summary;
      process.exitCode = s.status !== 'completed' ? ExitCode.Interrupted : s.thresholds.some((t) => !t.ok) ? ExitCode.ThresholdsFailed : ExitCode.Ok;
    });
}
