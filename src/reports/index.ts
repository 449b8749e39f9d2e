/**
 * Writing the reports of a run directory: `report.md`, `report.html`, `report.json`,
 * `junit.xml`. Reads the record with the shared reader and `findings.json`; when the record has
 * no findings yet it runs the analyzer in memory, and when that fails the reports say so instead
 * of failing.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readRunRecord, type RunRecord } from '../record/reader.js';
import { RECORD_SCHEMA_VERSION } from '../record/format.js';
import type { FindingsFile } from '../analyzer/finding-types.js';
import { RECORD_FILES } from '../record/writer.js';
import { describeError, UsageError } from '../errors.js';
import type { ReportInput } from './input.js';
import { renderMarkdown } from './markdown.js';
import { renderHtml } from './html.js';
import { loadChartAssets } from './html-assets.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';

export type { ReportInput } from './input.js';

/** A report kind, as named on the command line. */
export type ReportFormat = 'md' | 'html' | 'json' | 'junit';

/** Every format, in the order they are written. */
export const REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json', 'junit'];

/** What a run writes by default. */
export const DEFAULT_REPORT_FORMATS: readonly ReportFormat[] = ['md', 'html', 'json'];

/** File name of each format inside the run directory. */
export const REPORT_FILES: Readonly<Record<ReportFormat, string>> = {
  md: 'report.md',
  html: 'report.html',
  json: 'report.json',
  junit: 'junit.xml',
};

/**
 * Parses a comma-separated format list (`md,html`), ignoring blanks and duplicates.
 * @throws UsageError naming the unknown format.
 */
export function parseReportFormats(text: string): ReportFormat[] {
  const out: ReportFormat[] = [];
  for (const raw of text.split(',')) {
    const name = raw.trim().toLowerCase();
    if (name === '') continue;
    if (!(REPORT_FORMATS as readonly string[]).includes(name)) {
      throw new UsageError(`unknown report format "${raw.trim()}"`, `use a comma-separated list of ${REPORT_FORMATS.join(', ')}`);
    }
    if (!out.includes(name as ReportFormat)) out.push(name as ReportFormat);
  }
  if (out.length === 0) throw new UsageError('no report format given', `use a comma-separated list of ${REPORT_FORMATS.join(', ')}`);
  return out;
}

/** A record as read, plus findings when the reader provides them. */
type RecordWithFindings = RunRecord & { findings?: FindingsFile | null };

/**
 * Reads `findings.json` of a run directory; null when absent. A file that does not parse or has
 * another major schema version is reported in `notes` and ignored (the record is re-analysed).
 */
async function readFindingsFile(dir: string, notes: string[]): Promise<FindingsFile | null> {
  let text: string;
  try {
    text = await readFile(join(dir, RECORD_FILES.findings), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  try {
    const file = JSON.parse(text) as FindingsFile;
    if (String(file.schemaVersion).split('.')[0] !== RECORD_SCHEMA_VERSION.split('.')[0]) {
      notes.push(`${RECORD_FILES.findings} has schema version ${file.schemaVersion}; it was ignored and the record analysed again`);
      return null;
    }
    return file;
  } catch (err) {
    notes.push(`${RECORD_FILES.findings} is not valid JSON (${describeError(err)}); the record was analysed again`);
    return null;
  }
}

/**
 * Builds the report input of a run directory: the record and its findings (`findings.json`).
 * With `analyze` (default true) a record without findings is analysed in memory (nothing is
 * written). Reader warnings and an analysis failure land in `notes`.
 * @throws UsageError when `dir` is not a run directory (from the reader).
 */
export async function loadReportInput(dir: string, options: { analyze?: boolean } = {}): Promise<ReportInput> {
  const record: RecordWithFindings = await readRunRecord(dir);
  const notes = [...record.warnings];
  let findings: FindingsFile | null = record.findings ?? (await readFindingsFile(dir, notes));
  if (!findings && options.analyze !== false) {
    try {
      const { analyze } = await import('../analyzer/index.js');
      findings = analyze(record);
    } catch (err) {
      notes.push(`the analysis failed, so there are no findings: ${describeError(err)}`);
    }
  }
  return { profile: record.profile, timeline: record.timeline, samples: record.samples, events: record.events, summary: record.summary, findings, broker: record.broker, notes };
}

/** Renders one format from an input (pure except for reading the chart library for HTML). */
export async function renderReport(input: ReportInput, format: ReportFormat): Promise<string> {
  switch (format) {
    case 'md':
      return renderMarkdown(input);
    case 'html':
      return renderHtml(input, await loadChartAssets());
    case 'json':
      return renderJson(input);
    case 'junit':
      return renderJunit(input);
  }
}

/**
 * Writes the requested reports into the run directory `dir` and returns the paths written, in
 * {@link REPORT_FORMATS} order.
 * @throws UsageError when `dir` is not a run directory.
 */
export async function writeReports(dir: string, formats: readonly ReportFormat[]): Promise<string[]> {
  return writeReportFiles(dir, await loadReportInput(dir), formats);
}

/** Writes the requested reports of `input` into `dir`; returns the paths written. */
export async function writeReportFiles(dir: string, input: ReportInput, formats: readonly ReportFormat[]): Promise<string[]> {
  const written: string[] = [];
  for (const format of REPORT_FORMATS) {
    if (!formats.includes(format)) continue;
    const path = join(dir, REPORT_FILES[format]);
    await writeFile(path, await renderReport(input, format), 'utf8');
    written.push(path);
  }
  return written;
}
