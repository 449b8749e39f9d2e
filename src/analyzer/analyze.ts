/**
 * The analyzer's entry points. {@link analyze} is pure: run record in, {@link FindingsFile} out
 * (trim the window, run the rules of the record's broker, rank, pick the primary, add scaling estimates). In the file,
 * the primary finding comes first and the others follow in rank order.
 * {@link analyzeRunDir} reads a run directory, analyzes it and writes `findings.json`.
 */
import { writeFile, rename } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { RECORD_SCHEMA_VERSION } from '../record/format.js';
import type { Finding, FindingsFile } from './finding-types.js';
import { readRunRecord, type RunRecord } from '../record/reader.js';
import { RECORD_FILES } from '../record/writer.js';
import { headline } from '../recommendations/index.js';
import { trimWindow } from './window.js';
import { rulesFor } from './rules/index.js';
import { rankFindings, selectPrimary, verdictFor } from './rank.js';
import { estimateScaling } from './scaling.js';
import { healthyFinding } from './healthy.js';
import { THRESHOLDS as T } from './thresholds.js';
import type { Rule, RuleContext } from './types.js';
import { forSegment, segmentIndexes, segmentWindow } from './segments.js';

/** What running the rules produced, before ranking. */
export interface RuleOutcomes {
  findings: Finding[];
  ok: string[];
  insufficient: Array<{ rule: string; reason: string }>;
}

/** Why the window is too short to judge, or null when it is long enough. */
export function windowProblem(ctx: RuleContext): string | null {
  const w = ctx.window;
  if (w.timeline.length === 0) {
    return w.dropped.edges > 0 ? `only ${w.dropped.edges} load interval(s), all trimmed as edges` : 'no load intervals in the timeline';
  }
  if (w.durationSec < T.minWindowSec.value) return `window shorter than ${T.minWindowSec.value} s (${w.durationSec.toFixed(1)} s of load after trimming)`;
  return null;
}

/**
 * Runs each rule on the context. Rules that need the window are marked insufficient when it is too
 * short. A rule that throws is a bug: it is reported as insufficient with the error, so one broken
 * rule does not hide the others' findings.
 */
export function runRules(ctx: RuleContext, rules: readonly Rule[] = rulesFor(ctx.broker)): RuleOutcomes {
  const out: RuleOutcomes = { findings: [], ok: [], insufficient: [] };
  const problem = windowProblem(ctx);
  for (const rule of rules) {
    if (rule.needsWindow && problem !== null) {
      out.insufficient.push({ rule: rule.id, reason: problem });
      continue;
    }
    let result;
    try {
      result = rule.evaluate(ctx);
    } catch (err) {
      out.insufficient.push({ rule: rule.id, reason: `rule failed (bug): ${err instanceof Error ? err.message : String(err)}` });
      continue;
    }
    if (result.status === 'issue') out.findings.push(...result.findings);
    else if (result.status === 'ok') out.ok.push(rule.id);
    else out.insufficient.push({ rule: rule.id, reason: result.reason });
  }
  return out;
}

/**
 * Runs the rules on a merged record of execution segments: the `perGenerator` rules once per
 * segment on its own generator's samples (their findings name the segment, their ok/insufficient
 * entries read `rule (segment k)`), every other rule once on the whole record.
 */
export function runRulesBySegment(ctx: RuleContext, rules: readonly Rule[], segments: readonly number[]): RuleOutcomes {
  const out = runRules(ctx, rules.filter((r) => !r.perGenerator));
  const perGenerator = rules.filter((r) => r.perGenerator);
  for (const k of segments) {
    const o = runRules({ ...ctx, window: segmentWindow(ctx.window, k) }, perGenerator);
    out.findings.push(...o.findings.map((f) => forSegment(f, k)));
    out.ok.push(...o.ok.map((id) => `${id} (segment ${k})`));
    out.insufficient.push(...o.insufficient.map((x) => ({ rule: `${x.rule} (segment ${k})`, reason: x.reason })));
  }
  return out;
}

/** The rule context of a run record. */
export function contextOf(record: RunRecord): RuleContext {
  return { window: trimWindow(record.timeline, record.samples, record.events), profile: record.profile, summary: record.summary, broker: record.broker };
}

/** Analyzes a run record with the rules its broker gets ({@link rulesFor}). Pure: same record, same findings. */
export function analyze(record: RunRecord, rules: readonly Rule[] = rulesFor(record.broker)): FindingsFile {
  const ctx = contextOf(record);
  const segments = segmentIndexes(record.samples);
  const outcomes = segments.length > 0 ? runRulesBySegment(ctx, rules, segments) : runRules(ctx, rules);
  const problem = windowProblem(ctx);
  const ranked = rankFindings(outcomes.findings);
  const primary = selectPrimary(ranked);
  // The primary finding leads the list; the rest keep their rank order.
  let findings = primary ? [primary, ...ranked.filter((f) => f !== primary)] : ranked;
  let verdict: FindingsFile['verdict'] = problem !== null ? 'insufficient-data' : verdictFor(primary);
  let lead = primary;
  let reason = problem;
  if (verdict === 'healthy') {
    const healthy = healthyFinding(ctx);
    findings = [healthy, ...findings];
    lead = healthy;
    if (healthy.id === 'limit-unidentified') {
      // A max-throughput run always stopped at some limit; not finding it is not health.
      verdict = 'insufficient-data';
      reason = healthy.title;
      lead = null;
    }
  }
  const serious = findings.filter((f) => f.severity !== 'info').length;
  const file: FindingsFile = {
    schemaVersion: RECORD_SCHEMA_VERSION,
    runId: record.summary?.runId ?? basename(record.dir),
    primary: primary?.id ?? null,
    verdict,
    headline: headline({
      verdict,
      primary: lead,
      others: Math.max(0, serious - (primary ? 1 : 0)),
      ...(reason !== null ? { insufficientReason: reason } : {}),
    }),
    window: { from: ctx.window.from, to: ctx.window.to },
    findings,
    insufficient: outcomes.insufficient,
    ok: outcomes.ok,
  };
  if (problem === null) {
    const scaling = estimateScaling(ctx, findings);
    if (scaling) file.scaling = scaling;
  }
  return file;
}

/**
 * Reads the run record in `dir`, analyzes it and writes `findings.json` there (atomically).
 * Works on completed and interrupted runs alike.
 *
 * @throws UsageError when `dir` is missing or holds no run record; RecordVersionError for another major version.
 */
export async function analyzeRunDir(dir: string): Promise<FindingsFile> {
  const file = analyze(await readRunRecord(dir));
  await writeFindings(dir, file);
  return file;
}

/** Writes `findings.json` into `dir` atomically (temp file + rename). */
export async function writeFindings(dir: string, file: FindingsFile): Promise<void> {
  const target = join(dir, RECORD_FILES.findings);
  const tmp = `${target}.tmp`;
  await writeFile(tmp, JSON.stringify(file, null, 2) + '\n');
  await rename(tmp, target);
}
