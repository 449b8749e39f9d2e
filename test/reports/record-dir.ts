/** Writes a synthetic {@link ReportInput} as a run directory with the real record writer. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RunRecordWriter } from '../../src/record/writer.js';
import type { ReportInput } from '../../src/reports/input.js';

/** A fresh temporary base directory for run records. */
export function tempBase(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mqload-${prefix}-`));
}

/** Writes profile, timeline, samples, events and summary (when present) into `dir`; returns `dir`. */
export function writeRecord(dir: string, input: ReportInput): string {
  const w = new RunRecordWriter(dir);
  w.create();
  if (input.profile) w.writeProfile(input.profile);
  for (const e of input.timeline) w.appendTimeline(e);
  w.appendSamples(input.samples);
  for (const e of input.events) w.appendEvent(e);
  if (input.summary) w.writeSummary(input.summary);
  return dir;
}
