/**
 * `mqload merge`: N execution-segment records (`mqload run --segment K/N`) → one run record that
 * `analyze`, `report` and `compare` read like any other:
 *
 * - `timeline.jsonl`: intervals merged by wall clock (`timeline.ts`), histograms merged;
 * - `summary.json`: counters summed and percentiles from the merged histograms, thresholds
 *   evaluated again on them; status `interrupted` when any segment was interrupted or killed;
 * - delivery verified across segments: every segment's ledger (`delivery-state.json`) merged, so a
 *   message acknowledged in segment 3 and received in segment 2 is delivered; lost = acknowledged
 *   by any producer and received by no consumer of the group. A segment killed without writing its
 *   ledger leaves its producers' messages unchecked and, where it had consumers, the group
 *   `unverified`. A share that stopped early simply sent less: its unsent part is `notSent` in
 *   `segments.json`, never lost;
 * - `samples.jsonl`: the generator-side sources (host, process, client) of every segment with the
 *   segment as `labels.segment` and in the instance (`s2/all-threads`), the broker-side sources of
 *   the lowest segment that has them (every segment samples the same broker);
 * - `events.jsonl`: every segment's events, prefixed with its segment, on the merged clock;
 * - `segments.json`: one line per segment (status, counts, lateness, its own generator findings).
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { buildPlan } from '../plan/plan.js';
import type { RunPlan } from '../plan/types.js';
import { readRunRecord, type RunRecord } from '../record/reader.js';
import { RECORD_FILES, RunRecordWriter } from '../record/writer.js';
import { RECORD_SCHEMA_VERSION, type RunEvent, type Sample } from '../record/format.js';
import type { DeliveryResult, RunSummary } from '../record/summary.js';
import { GENERATOR_SOURCES, SEGMENT_LABEL, segmentInstance, type DeliveryStateFile, type MergedSegment, type SegmentFile, type SegmentFinding } from '../record/segment.js';
import { Cumulative } from '../run/aggregate.js';
import { buildSummary } from '../run/summary.js';
import { DeliveryLedger, type QueueDepth } from '../verify/ledger.js';
import { deliveryMetricSource, describeDelivery } from '../verify/hooks.js';
import { analyze } from '../analyzer/analyze.js';
import { mergeTimelines } from './timeline.js';

/** One segment record as read for merging. */
interface SegmentRecord {
  dir: string;
  record: RunRecord;
  segment: SegmentFile;
  delivery: DeliveryStateFile | null;
}

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UsageError(`${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'the record is damaged; re-run that segment');
  }
}

/** Reads and cross-checks the segment records: one run id, one count, each index once, all present. */
async function readSegments(dirs: readonly string[]): Promise<SegmentRecord[]> {
  if (dirs.length === 0) throw new UsageError('mqload merge needs the run directories of the segments', 'e.g. mqload merge runs/*-s1of2 runs/*-s2of2 --out runs/merged');
  const out: SegmentRecord[] = [];
  for (const d of dirs) {
    const dir = resolve(d);
    const record = await readRunRecord(dir);
    const segment = await readJson<SegmentFile>(join(dir, RECORD_FILES.segment));
    if (!segment) throw new UsageError(`${d} is not an execution segment's record (no ${RECORD_FILES.segment})`, 'merge the directories written by `mqload run --segment K/N`');
    out.push({ dir, record, segment, delivery: await readJson<DeliveryStateFile>(join(dir, RECORD_FILES.deliveryState)) });
  }
  const first = out[0]!.segment;
  for (const s of out) {
    if (s.segment.runId !== first.runId) throw new UsageError(`${s.dir} belongs to run ${s.segment.runId}, ${out[0]!.dir} to run ${first.runId}`, 'merge the segments of one run (the same --run-id)');
    if (s.segment.count !== first.count) throw new UsageError(`${s.dir} is one of ${s.segment.count} segments, ${out[0]!.dir} one of ${first.count}`, 'merge the segments of one run');
  }
  const seen = new Map<number, string>();
  for (const s of out) {
    const other = seen.get(s.segment.index);
    if (other) throw new UsageError(`${other} and ${s.dir} are both segment ${s.segment.index}/${first.count}`, 'pass each segment once');
    seen.set(s.segment.index, s.dir);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new UsageError(`segments ${missing.join(', ')} of ${first.count} are missing`, 'pass every segment directory of the run (a segment that failed still wrote one)');
  return out.sort((a, b) => a.segment.index - b.segment.index);
}

/** Messages a share's schedule meant to send over the whole run (warm-up included); null when unthrottled. */
function plannedSends(plan: RunPlan, share: number): number | null {
  let sum = 0;
  for (const s of plan.segments) {
    if (s.fromRate === null || s.toRate === null) return null;
    sum += (((s.fromRate + s.toRate) / 2) * (s.endMs - s.startMs)) / 1000;
  }
  return sum * share;
}

/** A segment's status as the merge sees it: a record left `running` was killed. */
function statusOf(s: SegmentRecord): MergedSegment['status'] {
  return s.segment.status === 'running' ? 'killed' : s.segment.status;
}

/** Delivery across segments (see the file comment). */
function mergeDelivery(segments: readonly SegmentRecord[], plan: RunPlan, note: (m: string) => void): DeliveryResult[] | undefined {
  if (plan.groups.length === 0 || plan.profile.verify?.enabled === false) return undefined;
  const states = segments.filter((s) => s.delivery !== null).map((s) => s.delivery!);
  if (states.length === 0) {
    note('delivery not verified: no segment recorded its delivery ledger');
    return undefined;
  }
  const ledger = new DeliveryLedger(states.some((s) => s.oneway), states.every((s) => s.resends), { namedStartGroups: new Set(states.flatMap((s) => s.namedStartGroups)) });
  for (const s of states) ledger.applyState(s);
  const blind = segments.filter((s) => s.delivery === null);
  for (const s of blind) note(`delivery: segment ${s.segment.index} left no ledger (${statusOf(s)}): its producers' messages are not checked${s.segment.share.consumers.to > s.segment.share.consumers.from ? ', and what its consumers received is unknown, so every group is unverified' : ''}`);
  const consumersBlind = blind.some((s) => s.segment.share.consumers.to > s.segment.share.consumers.from);
  const complete = !consumersBlind && states.every((s) => s.complete);
  // The backlog the last segment to finish read: what a group still had queued at the very end.
  const last = [...segments].filter((s) => s.delivery).sort((a, b) => Date.parse(a.record.summary?.endedAt ?? '') - Date.parse(b.record.summary?.endedAt ?? ''));
  const backlog = last.length > 0 ? last[last.length - 1]!.delivery!.backlog : {};
  let results = ledger.results(plan.groups, complete);
  const depths = new Map<string, QueueDepth>();
  for (const r of results) {
    const b = backlog[r.group];
    if (r.lost > 0 && b && b.messages > 0) depths.set(r.group, { messages: b.messages, exact: false });
  }
  if (depths.size > 0) results = ledger.results(plan.groups, complete, undefined, depths);
  for (const r of results) note(describeDelivery(r));
  return results;
}

/** The generator findings (warning or worse) of one segment's own analysis. */
function generatorFindingsOf(s: SegmentRecord): SegmentFinding[] {
  try {
    return analyze(s.record)
      .findings.filter((f) => f.category === 'load-generator' && f.severity !== 'info')
      .map((f) => ({ id: f.id, severity: f.severity, title: f.title, evidence: f.evidence.map((e) => `${e.metric}: ${e.value}${e.unit ? ` ${e.unit}` : ''}`) }));
  } catch {
    return [];
  }
}

/** What `mergeSegments` wrote. */
export interface MergeResult {
  dir: string;
  summary: RunSummary;
  plan: RunPlan;
  segments: MergedSegment[];
}

/** Merges the segment records in `dirs` into a new run record in `outDir` (see the file comment). */
export async function mergeSegments(dirs: readonly string[], outDir: string): Promise<MergeResult> {
  const segs = await readSegments(dirs);
  const lead = segs.find((s) => s.record.profile !== null);
  if (!lead) throw new UsageError('no segment record holds its profile.json', 'merge the directories `mqload run --segment` wrote');
  const runId = segs[0]!.segment.runId;
  const plan = buildPlan(lead.record.profile!, { workers: 1, runId });
  const started = segs.filter((s) => s.segment.t0 !== null);
  const t0 = started.length > 0 ? Math.min(...started.map((s) => s.segment.t0!)) : Date.now();
  const rebase = (ts: number) => Math.max(0, (ts - t0) / 1000);
  const events: RunEvent[] = [];
  const note = (message: string) => events.push({ t: events.length > 0 ? events[events.length - 1]!.t : 0, ts: Date.now(), kind: 'note', message });

  const writer = new RunRecordWriter(resolve(outDir));
  writer.create();
  writer.writeProfile(lead.record.profile!);
  if (lead.record.broker) writer.writeBroker(lead.record.broker);

  const cumulative = new Cumulative();
  for (const m of mergeTimelines(started.map((s) => ({ t0: s.segment.t0!, entries: s.record.timeline })), t0, plan.intervalMs)) {
    writer.appendTimeline(m.entry);
    cumulative.add(m.entry, m.hists, m.warmHists);
    cumulative.inFlightAtEnd = m.entry.inFlight;
  }

  const brokerSide = new Map<string, number>();
  for (const s of segs) for (const x of s.record.samples) if (!GENERATOR_SOURCES.has(x.source) && !brokerSide.has(x.source)) brokerSide.set(x.source, s.segment.index);
  for (const s of segs) {
    const k = s.segment.index;
    const samples: Sample[] = [];
    for (const x of s.record.samples) {
      if (GENERATOR_SOURCES.has(x.source)) samples.push({ ...x, t: rebase(x.ts), instance: segmentInstance(k, x.source, x.instance), labels: { ...x.labels, [SEGMENT_LABEL]: String(k) } });
      else if (brokerSide.get(x.source) === k) samples.push({ ...x, t: rebase(x.ts) });
    }
    writer.appendSamples(samples);
    for (const e of s.record.events) events.push({ ...e, t: rebase(e.ts), message: `[segment ${k}] ${e.message}`, data: { ...e.data, segment: k } });
  }
  events.sort((a, b) => a.ts - b.ts);

  const merged: MergedSegment[] = segs.map((s) => {
    const sum = s.record.summary;
    const all = s.record.timeline.reduce((acc, e) => ({ sent: acc.sent + e.produce.sent, dropped: acc.dropped + e.produce.dropped }), { sent: 0, dropped: 0 });
    const planned = plannedSends(plan, s.segment.share.rateShare);
    const status = statusOf(s);
    if (status !== 'completed') note(`segment ${s.segment.index}/${s.segment.count} ${status}${sum?.reason ? ` (${sum.reason})` : ''}: it sent ${all.sent} of the ${planned === null ? 'unthrottled' : Math.round(planned)} messages its share planned; the rest was never sent, which is not loss`);
    if (s.segment.lateMs > 0) note(`segment ${s.segment.index}/${s.segment.count} started ${(s.segment.lateMs / 1000).toFixed(1)} s after --start-at`);
    return {
      index: s.segment.index,
      dir: s.dir,
      status,
      ...(sum?.reason ? { reason: sum.reason } : {}),
      lateMs: s.segment.lateMs,
      workers: sum?.workers ?? 0,
      producers: { from: s.segment.share.producers.from, to: s.segment.share.producers.to },
      consumersPerGroup: { from: s.segment.share.consumers.from, to: s.segment.share.consumers.to },
      sent: sum?.produce.sent ?? 0,
      acked: sum?.produce.acked ?? 0,
      failed: sum?.produce.failed ?? 0,
      dropped: sum?.produce.dropped ?? 0,
      received: sum?.consume.received ?? 0,
      notSent: planned === null ? null : Math.max(0, Math.round(planned - all.sent - all.dropped)),
      deliveryState: s.delivery !== null,
      generatorFindings: generatorFindingsOf(s),
    };
  });
  for (const m of merged) for (const f of m.generatorFindings) note(`segment ${m.index}: [${f.severity}] ${f.title}`);

  const delivery = mergeDelivery(segs, plan, note);
  const statuses = merged.map((m) => m.status);
  const status: RunSummary['status'] = statuses.includes('failed') ? 'failed' : statuses.some((x) => x !== 'completed') ? 'interrupted' : 'completed';
  const times = segs.flatMap((s) => (s.record.summary ? [Date.parse(s.record.summary.startedAt), Date.parse(s.record.summary.endedAt)] : []));
  const summary = buildSummary({
    plan,
    cumulative,
    status,
    ...(status !== 'completed' ? { reason: merged.filter((m) => m.status !== 'completed').map((m) => `segment ${m.index} ${m.status}`).join('; ') } : {}),
    startedAt: new Date(times.length > 0 ? Math.min(...times) : t0),
    endedAt: new Date(times.length > 0 ? Math.max(...times) : Date.now()),
    workers: merged.reduce((n, m) => n + m.workers, 0),
    extraSource: deliveryMetricSource(() => delivery),
  });
  if (delivery) summary.delivery = delivery;
  const collectors = Object.fromEntries(segs.flatMap((s) => Object.entries(s.record.summary?.collectors ?? {}).map(([k, v]) => [GENERATOR_SOURCES.has(k) ? `s${s.segment.index}/${k}` : k, v] as const)));
  if (Object.keys(collectors).length > 0) summary.collectors = collectors;
  for (const e of events) writer.appendEvent(e);
  writer.writeSummary(summary);
  writer.writeSegments({ schemaVersion: RECORD_SCHEMA_VERSION, runId, count: segs[0]!.segment.count, t0, segments: merged });
  return { dir: writer.dir, summary, plan, segments: merged };
}
