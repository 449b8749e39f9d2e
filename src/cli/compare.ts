/**
 * `mqload compare <runA> <runB> [--fail-on-regression <pct>] [--min-change <pct>] [--json]`:
 * key figures of two saved runs side by side, with relative change and a noise-aware verdict
 * (rule in src/reports/compare.ts). Exit 0; 99 when `--fail-on-regression` is given and a metric
 * regressed beyond it and beyond noise; 2 when a run directory is missing.
 */
import type { Command } from 'commander';
import { ExitCode, UsageError } from '../errors.js';
import { loadReportInput } from '../reports/index.js';
import { compareRuns, type CompareOptions } from '../reports/compare.js';
import { renderComparisonJson, renderComparisonText } from '../reports/compare-render.js';

interface CompareCommandOptions {
  failOnRegression?: number;
  minChange?: number;
  json?: boolean;
}

/** Default smallest change worth flagging, as a fraction. */
export const DEFAULT_MIN_CHANGE = 0.05;

/** Parses `5`, `5%` or `2.5` as a percentage and returns it as a fraction (0.05). */
export function percentFlag(flag: string) {
  return (value: string): number => {
    const m = /^\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$/.exec(value);
    if (!m) throw new UsageError(`${flag} must be a percentage like 5 or 2.5%, got "${value}"`);
    return Number(m[1]) / 100;
  };
}

/** Registers the `compare` command. */
export function register(program: Command): void {
  program
    .command('compare')
    .description('compare two saved runs: key figures, relative change, and changes beyond run-to-run noise')
    .argument('<runA>', 'baseline run directory')
    .argument('<runB>', 'run directory to compare with the baseline')
    .option('--fail-on-regression <pct>', 'exit 99 when throughput drops or latency/failures/drops rise by more than pct % beyond noise', percentFlag('--fail-on-regression'))
    .option('--min-change <pct>', 'smallest change worth flagging, % (default 5, or the --fail-on-regression value)', percentFlag('--min-change'))
    .option('--json', 'print JSON instead of a table')
    .action(async (dirA: string, dirB: string, opts: CompareCommandOptions) => {
      const [a, b] = await Promise.all([loadReportInput(dirA, { analyze: false }), loadReportInput(dirB, { analyze: false })]);
      const failOnRegression = opts.failOnRegression ?? null;
      const options: CompareOptions = { minChange: opts.minChange ?? failOnRegression ?? DEFAULT_MIN_CHANGE, failOnRegression };
      const rows = compareRuns(a, b, options);
      const labelA = { dir: dirA, runId: a.summary?.runId ?? null };
      const labelB = { dir: dirB, runId: b.summary?.runId ?? null };
      process.stdout.write(opts.json ? renderComparisonJson(labelA, labelB, rows, options) : renderComparisonText(labelA, labelB, rows, options));
      const regressions = rows.filter((r) => r.regression);
      if (regressions.length > 0) {
        process.stderr.write(`mqload: ${regressions.length} regression${regressions.length === 1 ? '' : 's'}: ${regressions.map((r) => r.label).join(', ')}\n`);
        process.exitCode = ExitCode.ThresholdsFailed;
      }
    });
}
