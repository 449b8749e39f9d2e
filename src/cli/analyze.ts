/**
 * `mqload analyze <run-dir>`: analyzes a saved (or interrupted) run from its record alone and
 * writes `findings.json` next to it. Prints the headline and the findings; `--json` prints the
 * findings file instead. Exit 0 when the analysis ran (whatever it found), 2 when the directory
 * is missing or holds no run record.
 */
import type { Command } from 'commander';
import { join } from 'node:path';
import { readRunRecord } from '../record/reader.js';
import { RECORD_FILES } from '../record/writer.js';
import { analyze, writeFindings } from '../analyzer/analyze.js';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { formatWithUnit } from '../reports/format.js';

const MARK: Record<string, string> = { critical: '✖', warning: '!', info: 'i' };

/** The human-readable summary of a findings file. */
export function describeFindings(file: FindingsFile, path: string): string {
  const lines = [`${file.headline}`, '', `verdict: ${file.verdict}   window: t=${file.window.from}–${file.window.to} s`];
  for (const f of file.findings) {
    lines.push('', `${MARK[f.severity] ?? '-'} [${f.severity}] ${f.title}${f.id === file.primary ? '   ← primary' : ''}`);
    for (const e of f.evidence) {
      lines.push(`    ${e.metric}: ${formatWithUnit(e.value, e.unit)}${e.threshold !== undefined ? ` (threshold ${formatWithUnit(e.threshold, e.unit)})` : ''}${e.note ? ` — ${e.note}` : ''}`);
    }
    lines.push(`    → ${f.recommendation}`);
  }
  if (file.scaling) {
    const s = file.scaling;
    const parts = [
      s.partitionsNeeded !== undefined ? `partitions ${s.partitionsNeeded}` : null,
      s.consumersNeeded !== undefined ? `consumers per group ${s.consumersNeeded}` : null,
      s.brokersNeeded !== undefined ? `brokers ${s.brokersNeeded}` : null,
    ].filter((x): x is string => x !== null);
    lines.push('', `capacity for ${formatWithUnit(s.targetRatePerSec, 'msg/s')}: ${parts.length > 0 ? parts.join(', ') : 'not estimated'}`);
    for (const n of s.notes) lines.push(`    · ${n}`);
  }
  if (file.insufficient.length > 0) {
    lines.push('', `could not judge (${file.insufficient.length}):`);
    for (const i of file.insufficient) lines.push(`    ${i.rule}: ${i.reason}`);
  }
  lines.push('', `wrote ${path}`);
  return lines.join('\n');
}

/** Registers `mqload analyze`. */
export function register(program: Command): void {
  program
    .command('analyze')
    .description('analyze a saved or interrupted run and write findings.json into its directory')
    .argument('<run-dir>', 'the run directory (holds profile.json, timeline.jsonl, samples.jsonl, summary.json)')
    .option('--json', 'print findings.json to stdout instead of the summary')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const record = await readRunRecord(dir);
      for (const w of record.warnings) process.stderr.write(`mqload: warning: ${w}\n`);
      const file = analyze(record);
      await writeFindings(dir, file);
      const path = join(dir, RECORD_FILES.findings);
      process.stdout.write(opts.json ? JSON.stringify(file, null, 2) + '\n' : describeFindings(file, path) + '\n');
    });
}
