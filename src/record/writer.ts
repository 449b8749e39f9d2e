/**
 * Writes a run directory. Line files are appended synchronously, one JSON object per line, so a
 * run killed at any moment leaves every completed line readable; `summary.json` is written
 * atomically (temp file + rename). Nothing is written in clear text that `redact.ts` calls a
 * secret: `profile.json` is the profile redacted, and every other line has URL passwords and the
 * profile's secret values hidden.
 */
import { mkdirSync, appendFileSync, writeFileSync, renameSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RECORD_SCHEMA_VERSION, type BrokerFacts, type BrokerFile, type RunEvent, type Sample, type TimelineEntry } from './format.js';
import type { RunSummary } from './summary.js';
import type { DeliveryStateFile, MergedSegmentsFile, SegmentFile } from './segment.js';
import type { Profile } from '../profile/schema.js';
import { UsageError } from '../errors.js';
import { maskSecrets, redactProfile, redactValue, secretsOf } from '../profile/redact.js';

export const RECORD_FILES = {
  profile: 'profile.json',
  broker: 'broker.json',
  timeline: 'timeline.jsonl',
  samples: 'samples.jsonl',
  events: 'events.jsonl',
  summary: 'summary.json',
  findings: 'findings.json',
  /** Execution segments only (`segment.ts`). */
  segment: 'segment.json',
  deliveryState: 'delivery-state.json',
  /** Merged records only. */
  segments: 'segments.json',
} as const;

/** Default run directory: `runs/<timestamp>-<name>/` under `base`. */
export function defaultRunDir(base: string, profileName: string, startedAt: Date): string {
  const ts = startedAt.toISOString().replace(/[:]/g, '').replace(/\..+$/, '').replace('T', '-');
  return join(base, 'runs', `${ts}-${profileName}`);
}

export class RunRecordWriter {
  constructor(readonly dir: string) {}

  /** Creates the directory; refuses a directory that already holds a run record. */
  create(): void {
    if (existsSync(join(this.dir, RECORD_FILES.timeline)) || existsSync(join(this.dir, RECORD_FILES.summary))) {
      throw new UsageError(`run directory ${this.dir} already holds a run record`, 'pass a new --out directory or remove the old one');
    }
    mkdirSync(this.dir, { recursive: true });
  }

  /** Writes `profile.json`: the profile with its secrets hidden (they are registered for masking in later lines too). */
  writeProfile(profile: Profile): void {
    maskSecrets(secretsOf(profile));
    writeFileSync(join(this.dir, RECORD_FILES.profile), JSON.stringify(redactProfile(profile), null, 2) + '\n');
  }

  /** Writes `broker.json`: the kind and capabilities of the run's driver. */
  writeBroker(facts: BrokerFacts): void {
    const file: BrokerFile = { schemaVersion: RECORD_SCHEMA_VERSION, kind: facts.kind, capabilities: facts.capabilities, ...(facts.settings ? { settings: facts.settings } : {}) };
    writeFileSync(join(this.dir, RECORD_FILES.broker), JSON.stringify(file, null, 2) + '\n');
  }

  /** Appends one interval. Its encoded histograms are base64 data, not text: written as they are (masking could corrupt them). */
  appendTimeline(entry: TimelineEntry): void {
    const line = { ...redactValue({ ...entry, hist: {} }), hist: entry.hist };
    appendFileSync(join(this.dir, RECORD_FILES.timeline), JSON.stringify(line) + '\n');
  }

  appendSamples(samples: Sample[]): void {
    if (samples.length === 0) return;
    appendFileSync(join(this.dir, RECORD_FILES.samples), samples.map((s) => JSON.stringify(redactValue(s))).join('\n') + '\n');
  }

  appendEvent(event: RunEvent): void {
    appendFileSync(join(this.dir, RECORD_FILES.events), JSON.stringify(redactValue(event)) + '\n');
  }

  writeSummary(summary: RunSummary): void {
    this.writeAtomic(RECORD_FILES.summary, redactValue(summary));
  }

  /** `segment.json` of an execution segment (rewritten as the run goes). */
  writeSegment(file: SegmentFile): void {
    this.writeAtomic(RECORD_FILES.segment, file);
  }

  /** `delivery-state.json` of an execution segment: sequence-number ranges, no text to mask. */
  writeDeliveryState(file: DeliveryStateFile): void {
    this.writeAtomic(RECORD_FILES.deliveryState, file, false);
  }

  /** `segments.json` of a merged record. */
  writeSegments(file: MergedSegmentsFile): void {
    this.writeAtomic(RECORD_FILES.segments, redactValue(file));
  }

  /** Writes one JSON file atomically (temp file + rename). */
  private writeAtomic(name: string, value: unknown, pretty = true): void {
    const tmp = join(this.dir, `${name}.tmp`);
    writeFileSync(tmp, JSON.stringify(value, null, pretty ? 2 : undefined) + '\n');
    renameSync(tmp, join(this.dir, name));
  }

  /** Files present in the directory (for the end-of-run listing). */
  files(): string[] {
    return readdirSync(this.dir).sort();
  }
}
