/**
 * `mqload report <run-dir> [--format md,html,json,junit]`: (re)writes the reports of a saved
 * run. Analyses the record first when it has no findings. Exit 0, or 2 when the directory is not
 * a run record or a format is unknown.
 */
import type { Command } from 'commander';
import { DEFAULT_REPORT_FORMATS, REPORT_FORMATS, loadReportInput, parseReportFormats, writeReportFiles } from '../reports/index.js';

interface ReportOptions {
  format: string;
}

/** Registers the `report` command. */
export function register(program: Command): void {
  program
    .command('report')
    .description('write the reports of a saved run (report.md, report.html, report.json, junit.xml)')
    .argument('<run-dir>', 'a run directory written by `mqload run`')
    .option('--format <list>', `comma-separated formats: ${REPORT_FORMATS.join(',')}`, DEFAULT_REPORT_FORMATS.join(','))
    .action(async (dir: string, opts: ReportOptions) => {
      const formats = parseReportFormats(opts.format);
      const input = await loadReportInput(dir);
      for (const note of input.notes ?? []) process.stderr.write(`mqload: warning: ${note}\n`);
      const files = await writeReportFiles(dir, input, formats);
      for (const f of files) process.stdout.write(`${f}\n`);
    });
}
