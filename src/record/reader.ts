/**
 * Reads a run directory back into memory for the analyzer and the reports. Tolerant of runs that
 * were killed midway: any file may be missing, and a JSON-lines file may end in a partial line
 * (the write the kill interrupted), which is dropped with a warning. Strict about versions: a
 * `summary.json` from another major {@link RECORD_SCHEMA_VERSION} is rejected; samples of an
 * older minor are upgraded to the current layout ({@link upgradeProcessSamples}).
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Profile } from '../profile/schema.js';
import { RECORD_SCHEMA_VERSION, type BrokerFacts, type BrokerFile, type RunEvent, type Sample, type TimelineEntry } from './format.js';
import type { RunSummary } from './summary.js';
import { RECORD_FILES } from './writer.js';
import { brokerFactsOf, upgradeProcessSamples } from './migrate.js';
import { MqloadError, UsageError, ExitCode } from '../errors.js';

/** A run record as read from disk. Missing files give `null` or empty arrays, never a throw. */
export interface RunRecord {
  /** The directory it was read from. */
  dir: string;
  /** `profile.json`, or null when missing or unreadable. */
  profile: Profile | null;
  /** Broker kind and driver capabilities (`broker.json`, or migrated, see {@link brokerFactsOf}); null when unknown. */
  broker: BrokerFacts | null;
  /** `timeline.jsonl` entries in file order. */
  timeline: TimelineEntry[];
  /** `samples.jsonl` samples in file order. */
  samples: Sample[];
  /** `events.jsonl` events in file order. */
  events: RunEvent[];
  /** `summary.json`, or null when the run never wrote one (killed) or it is unreadable. */
  summary: RunSummary | null;
  /** What the reader skipped or could not read, one sentence each (for the CLI to print). */
  warnings: string[];
}

/** The record was written by an incompatible (other major) version of mqload. Exit 2. */
export class RecordVersionError extends MqloadError {
  constructor(dir: string, found: string) {
    super(
      `run record ${dir} has schema version ${found}; this mqload reads ${RECORD_SCHEMA_VERSION.split('.')[0]}.x`,
      'analyze it with the mqload version that wrote it',
      ExitCode.Usage,
    );
  }
}

/** Major part of a `major.minor` version string, or null when it is not one. */
function major(version: string): number | null {
  const m = /^(\d+)\.\d+/.exec(version);
  return m ? Number(m[1]) : null;
}

/** Reads a file as text; null when it does not exist. Other I/O errors propagate. */
async function readOptional(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Parses JSON lines. A last line without a trailing newline that does not parse is the partial
 * write of a killed run: dropped with a warning. Any other line that does not parse is skipped
 * and counted in a warning (the rest of the record stays usable).
 */
export function parseJsonLines<T>(text: string, file: string, warnings: string[]): T[] {
  const out: T[] = [];
  const lines = text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  let bad = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch (err) {
      const isLast = i === lines.length - 1;
      if (isLast && !endsWithNewline) {
        warnings.push(`${file}: dropped a partial last line (the run was probably interrupted while writing it)`);
      } else {
        bad++;
        if (bad === 1) warnings.push(`${file}: line ${i + 1} is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
      }
    }
  }
  if (bad > 1) warnings.push(`${file}: ${bad} lines in total were not valid JSON and were skipped`);
  return out;
}

/** Parses a whole-file JSON document; null with a warning when it does not parse. */
function parseJsonFile<T>(text: string | null, file: string, warnings: string[]): T | null {
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (err) {
    warnings.push(`${file}: not valid JSON, ignored (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
}

/**
 * Loads the run record in `dir`.
 *
 * @throws UsageError when `dir` does not exist, is not a directory, or holds none of the record files.
 * @throws RecordVersionError when `summary.json` carries another major schema version.
 */
export async function readRunRecord(dir: string): Promise<RunRecord> {
  const info = await stat(dir).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (info === null) throw new UsageError(`run directory not found: ${dir}`, 'pass the directory a run wrote, e.g. `mqload analyze runs/<timestamp>-<profile>`');
  if (!info.isDirectory()) throw new UsageError(`not a directory: ${dir}`, 'pass the run directory, not a file inside it');

  const [profileText, timelineText, samplesText, eventsText, summaryText, brokerText] = await Promise.all([
    readOptional(join(dir, RECORD_FILES.profile)),
    readOptional(join(dir, RECORD_FILES.timeline)),
    readOptional(join(dir, RECORD_FILES.samples)),
    readOptional(join(dir, RECORD_FILES.events)),
    readOptional(join(dir, RECORD_FILES.summary)),
    readOptional(join(dir, RECORD_FILES.broker)),
  ]);
  if ([profileText, timelineText, samplesText, eventsText, summaryText].every((t) => t === null)) {
    throw new UsageError(
      `${dir} holds no run record (none of ${RECORD_FILES.profile}, ${RECORD_FILES.timeline}, ${RECORD_FILES.summary} found)`,
      'pass the directory a run wrote, e.g. `mqload analyze runs/<timestamp>-<profile>`',
    );
  }

  const warnings: string[] = [];
  const summary = parseJsonFile<RunSummary>(summaryText, RECORD_FILES.summary, warnings);
  if (summary !== null) {
    const found = typeof summary.schemaVersion === 'string' ? summary.schemaVersion : String(summary.schemaVersion);
    if (major(found) !== major(RECORD_SCHEMA_VERSION)) throw new RecordVersionError(dir, found);
  } else if (summaryText === null) {
    warnings.push(`${RECORD_FILES.summary} is missing (the run was interrupted before the end); figures come from the timeline only`);
  }
  for (const [text, file] of [
    [profileText, RECORD_FILES.profile],
    [timelineText, RECORD_FILES.timeline],
  ] as const) {
    if (text === null) warnings.push(`${file} is missing`);
  }

  const profile = parseJsonFile<Profile>(profileText, RECORD_FILES.profile, warnings);
  return {
    dir,
    profile,
    broker: brokerFactsOf(parseJsonFile<BrokerFile>(brokerText, RECORD_FILES.broker, warnings), profile),
    timeline: timelineText === null ? [] : parseJsonLines<TimelineEntry>(timelineText, RECORD_FILES.timeline, warnings),
    samples: samplesText === null ? [] : upgradeProcessSamples(parseJsonLines<Sample>(samplesText, RECORD_FILES.samples, warnings)),
    events: eventsText === null ? [] : parseJsonLines<RunEvent>(eventsText, RECORD_FILES.events, warnings),
    summary,
    warnings,
  };
}
