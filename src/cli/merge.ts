/**
 * `mqload merge <segment-dirs…> --out DIR`: joins the run records of a run's execution segments
 * (`mqload run --segment K/N`) into one record (`merge/merge.ts`), prints its summary, then
 * analyses it and writes the reports as `mqload run` does. Exit codes as `mqload run`: 0, 99 when
 * a threshold failed on the merged figures, 130 when a segment was interrupted or killed, 2 for
 * bad arguments (directories of different runs, a segment twice or missing, an existing --out).
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { ExitCode } from '../errors.js';
import { mergeSegments } from '../merge/merge.js';
import { defaultRunDir } from '../record/writer.js';
import { renderSummary } from '../exporters/console.js';
import { finishRun } from '../run/finish.js';

export function register(program: Command): void {
  program
    .command('merge')
    .description("merge the run records of a run's execution segments (run --segment K/N) into one record, summary and report")
    .argument('<dirs...>', 'the segment run directories, one per segment')
    .option('--out <dir>', 'merged run directory (default runs/<timestamp>-<name>-merged/)')
    .option('--no-report', 'skip analysis and reports')
    .option('--quiet', 'print nothing but errors')
    .action(async (dirs: string[], opts: { out?: string; report: boolean; quiet?: boolean }) => {
      const out = resolve(opts.out ?? defaultRunDir(process.cwd(), 'merged', new Date()));
      const result = await mergeSegments(dirs, out);
      if (!opts.quiet) {
        const lines = result.segments.map((s) => `  segment ${s.index}/${result.segments.length}  ${s.status.padEnd(11)} sent ${s.sent}  acked ${s.acked}  received ${s.received}${s.notSent ? `  not sent ${s.notSent}` : ''}${s.lateMs > 0 ? `  ${(s.lateMs / 1000).toFixed(1)} s late` : ''}\n`);
        process.stderr.write(`merged ${dirs.length} segments of run ${result.summary.runId}\n${lines.join('')}`);
        process.stderr.write(renderSummary(result.summary));
      }
      await finishRun({ summary: result.summary, plan: result.plan, dir: result.dir }, { report: opts.report !== false, quiet: opts.quiet === true });
      const s = result.summary;
      process.exitCode = s.status !== 'completed' ? ExitCode.Interrupted : s.thresholds.some((t) => !t.ok) ? ExitCode.ThresholdsFailed : ExitCode.Ok;
    });
}
