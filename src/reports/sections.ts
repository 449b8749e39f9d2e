/**
 * The measurement sections shared by report.md and report.html, as neutral blocks (plain text,
 * lists, tables) that each renderer turns into its own markup: what could not be told, scaling
 * estimate, throughput, latency, delivery, resources, consumer lag, faults and events,
 * thresholds, configuration. A section with nothing to say is null.
 */
import type { LatencyStats } from '../record/format.js';
import { analysisWindow, runTotals, type ReportInput } from './input.js';
import { configurationFacts } from './config.js';
import { notableEvents } from './faults.js';
import { formatBytes, formatCount, formatMs, formatNumber, formatPercent, formatRate, formatSeconds, formatWithUnit, sig, unitForMetric } from './format.js';
import { lagSeries, loadEndTime, summariseLag } from './lag.js';
import { instanceLabel, resourceRows } from './samples.js';
import { groupsAreQueues, queueSection } from './queues.js';

/** A table of already formatted cells; `align` per column. */
export interface ReportTable {
  headers: string[];
  rows: string[][];
  align: Array<'l' | 'r'>;
}

/** A piece of a section. `status` cells in tables are `✓`/`✗`. */
export type ReportBlock = { kind: 'text'; text: string } | { kind: 'list'; items: string[] } | { kind: 'table'; table: ReportTable };

/** A titled part of the report. `id` is stable (used for HTML anchors). */
export interface ReportSection {
  id: string;
  title: string;
  blocks: ReportBlock[];
}

export const text = (t: string): ReportBlock => ({ kind: 'text', text: t });
const list = (items: string[]): ReportBlock => ({ kind: 'list', items });
export const tbl = (headers: string[], rows: string[][], align: Array<'l' | 'r'>): ReportBlock => ({ kind: 'table', table: { headers, rows, align } });

/** Problems met while reading or analysing the record. */
export function recordNotesSection(input: ReportInput): ReportSection | null {
  const notes = input.notes ?? [];
  if (notes.length === 0) return null;
  return { id: 'record-notes', title: 'Notes on the run record', blocks: [list(notes)] };
}

/** Rules without enough data, and collectors that were unavailable or had gaps. */
export function insufficientSection(input: ReportInput): ReportSection | null {
  const items: string[] = [];
  for (const i of input.findings?.insufficient ?? []) items.push(`${i.rule}: ${i.reason}`);
  for (const [name, status] of Object.entries(input.summary?.collectors ?? {})) {
    if (!status.available) items.push(`collector ${name} was unavailable: ${status.reason ?? 'no reason given'}`);
    else if ((status.gaps ?? 0) > 0) items.push(`collector ${name} had ${status.gaps} gap${status.gaps === 1 ? '' : 's'} in its readings`);
  }
  if (items.length === 0) return null;
  return { id: 'insufficient', title: 'What could not be told', blocks: [text('These rules or sources had too little data to decide; their silence is not a clean bill of health.'), list(items)] };
}

/** The analyzer's scaling estimate with its inputs. */
export function scalingSection(input: ReportInput): ReportSection | null {
  const s = input.findings?.scaling;
  if (!s) return null;
  const rows: string[][] = [['Target rate', formatRate(s.targetRatePerSec)]];
  if (s.partitionsNeeded !== undefined && input.broker?.capabilities.partitions !== false) rows.push(['Partitions needed', formatNumber(s.partitionsNeeded)]);
  if (s.consumersNeeded !== undefined) rows.push(['Consumers needed', formatNumber(s.consumersNeeded)]);
  if (s.brokersNeeded !== undefined) rows.push(['Brokers needed', formatNumber(s.brokersNeeded)]);
  const blocks: ReportBlock[] = [tbl(['Estimate', 'Value'], rows, ['l', 'r'])];
  const inputs = Object.entries(s.inputs);
  if (inputs.length > 0) blocks.push(text('Inputs:'), tbl(['Input', 'Value'], inputs.map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v) : v]), ['l', 'r']));
  if (s.notes.length > 0) blocks.push(list(s.notes));
  return { id: 'scaling', title: 'Scaling estimate', blocks };
}

/** Target vs achieved rate and the message counts. */
export function throughputSection(input: ReportInput): ReportSection {
  const t = runTotals(input);
  if (t.source === 'timeline' && t.durationSec === 0) return { id: 'throughput', title: 'Throughput', blocks: [text('No measured intervals in the record: the run produced no timeline.')] };
  const target = t.targetRatePerSec;
  const share = target !== null && target > 0 ? ` (${formatPercent((t.ratePerSec / target) * 100)} of target)` : '';
  const rows: string[][] = [
    ['Target rate', target === null ? 'unthrottled (max throughput)' : formatRate(target)],
    ['Achieved rate (acked)', `${formatRate(t.ratePerSec)}${share}`],
    ['Consumed rate', formatRate(t.consumeRatePerSec)],
    ['Sent', formatCount(t.sent)],
    ['Acked', formatCount(t.acked)],
    ['Failed', formatCount(t.failed)],
    ['Dropped (not issued on time)', formatCount(t.dropped)],
    ['Received', formatCount(t.received)],
    ['Payload acked', formatBytes(t.bytes)],
  ];
  const blocks: ReportBlock[] = [tbl(['Measure', 'Value'], rows, ['l', 'r'])];
  if (t.source === 'timeline') blocks.push(text('Computed from the timeline over the analysis window (no summary.json).'));
  const emulated = emulatedOneWayNote(input);
  if (emulated) blocks.push(text(emulated));
  const errors = Object.entries(t.errors).sort((a, b) => b[1] - a[1]);
  if (errors.length > 0) {
    blocks.push(text('Errors:'), tbl(['Error', 'Count'], errors.slice(0, 10).map(([msg, n]) => [msg, formatCount(n)]), ['l', 'r']));
    if (errors.length > 10) blocks.push(text(`…and ${errors.length - 10} more kinds.`));
  }
  return { id: 'throughput', title: 'Throughput', blocks };
}

/**
 * The sentence a report owes its reader when the run's one-way sends were emulated (the
 * profile's producers send one-way and the driver declares `nativeOneWay: false`), else null.
 */
export function emulatedOneWayNote(input: Pick<ReportInput, 'profile' | 'broker'>): string | null {
  if (input.profile?.producers.mode !== 'oneway' || input.broker?.capabilities.nativeOneWay !== false) return null;
  return (
    `One-way sends were emulated: ${input.broker.kind} has no fire-and-forget send, so each message was sent without waiting for its result and counted as acknowledged at once. ` +
    'Acked here means handed to the client, not accepted by the broker: a send that failed later is a client event, and only delivery verification tells what arrived.'
  );
}

function latencyRow(name: string, s: LatencyStats | null): string[] {
  if (!s) return [name, '0', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'];
  return [name, formatCount(s.count), formatMs(s.p50), formatMs(s.p90), formatMs(s.p99), formatMs(s.p999), formatMs(s.max), formatMs(s.mean)];
}

/** Percentile table of publish latency, publish delay and end-to-end latency. */
export function latencySection(input: ReportInput): ReportSection {
  const l = runTotals(input).latencyMs;
  const rows = [latencyRow('Publish (from intended send time)', l.publish), latencyRow('Publish delay (intended → actual send)', l.publishDelay), latencyRow('End-to-end', l.e2e)];
  return { id: 'latency', title: 'Latency', blocks: [tbl(['Latency', 'Count', 'p50', 'p90', 'p99', 'p99.9', 'max', 'mean'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'])] };
}

/** Per-group delivery verification, when the run verified delivery. */
export function deliverySection(input: ReportInput): ReportSection | null {
  const d = input.summary?.delivery;
  if (!d || d.length === 0) return null;
  // Groups that start at a named position (a stream offset) add a column for what lay before it.
  const named = d.some((g) => g.beforeStart !== undefined);
  const rows = d.map((g) => [
    g.group,
    formatCount(g.sent),
    formatCount(g.acked),
    formatCount(g.received),
    formatCount(g.unique),
    formatCount(g.lost),
    g.undelivered === undefined ? '—' : formatCount(g.undelivered),
    ...(named ? [g.beforeStart === undefined ? '—' : formatCount(g.beforeStart)] : []),
    formatCount(g.lostUnacked),
    g.unknown === undefined ? '—' : formatCount(g.unknown),
    formatCount(g.duplicated),
    g.redelivered === undefined ? '—' : formatCount(g.redelivered),
    g.duplicatedInLog === undefined ? '—' : formatCount(g.duplicatedInLog),
    formatCount(g.reordered),
    g.verdict,
  ]);
  const headers = ['Group', 'Sent', 'Acked', 'Received', 'Unique', 'Lost', 'Still queued', ...(named ? ['Before start'] : []), 'Lost (unacked)', 'Unknown', 'Duplicated', 'Redelivered', 'Written twice', 'Reordered', 'Verdict'];
  return { id: 'delivery', title: 'Delivery', blocks: [tbl(headers, rows, headers.map((_, i) => (i === 0 || i === headers.length - 1 ? 'l' : 'r')))] };
}

/** Min/avg/max of generator, broker host, broker process and JVM resources over the window. */
export function resourcesSection(input: ReportInput): ReportSection {
  const rows = resourceRows(input.samples, analysisWindow(input));
  if (rows.length === 0) return { id: 'resources', title: 'Resources', blocks: [text('No resource samples in the analysis window (collectors off or unavailable).')] };
  const body = rows.map((r) => {
    const name = r.instance ? `${r.label} (${instanceLabel(r.source, r.instance)})` : r.label;
    if (r.aggregate === 'increase') return [r.group, name, '—', '—', `+${formatCount(r.increase ?? 0)} in window`, String(r.stats.count)];
    return [r.group, name, formatWithUnit(r.stats.min, r.unit), formatWithUnit(r.stats.avg, r.unit), formatWithUnit(r.stats.max, r.unit), String(r.stats.count)];
  });
  return {
    id: 'resources',
    title: 'Resources',
    blocks: [text('Over the analysis window. Process CPU is a percentage of one core.'), tbl(['Where', 'Metric', 'Min', 'Avg', 'Max', 'Samples'], body, ['l', 'l', 'r', 'r', 'r', 'r'])],
  };
}

/** Max lag, time lag and drain time per consumer group. */
export function lagSection(input: ReportInput): ReportSection | null {
  const summaries = summariseLag(lagSeries(input.samples), loadEndTime(input.timeline));
  if (summaries.length === 0) {
    const consumers = input.profile?.consumers;
    if (!consumers || consumers.groups === 0) return null;
    return { id: 'lag', title: 'Consumer lag', blocks: [text('No lag readings in the record (lag collector off or unavailable).')] };
  }
  const rows = summaries.map((s) => {
    let drain: string;
    if (s.lagAtLoadEnd === null) drain = 'n/a';
    else if (s.drainSec === 0) drain = 'no backlog at load end';
    else if (s.drainSec !== null) drain = formatSeconds(s.drainSec);
    else drain = `not drained (lag ${formatCount(s.finalLag)} at end of record)`;
    return [s.group, s.topic || '—', formatCount(s.maxLagMessages), s.maxTimeLagSec === null ? 'n/a' : formatSeconds(s.maxTimeLagSec), formatCount(s.lagAtLoadEnd), drain];
  });
  return { id: 'lag', title: 'Consumer lag', blocks: [tbl(['Group', 'Topic', 'Max lag (messages)', 'Max time lag', 'Lag at load end', 'Drain after load'], rows, ['l', 'l', 'r', 'r', 'r', 'l'])] };
}

/** Faults, crashes, rebalances and collector gaps in time order. */
export function eventsSection(input: ReportInput): ReportSection | null {
  const events = notableEvents(input.events);
  if (events.length === 0) return null;
  const rows = events.map((e) => [`${sig(e.t, 4)} s`, e.kind, e.message]);
  return { id: 'events', title: 'Faults and events', blocks: [tbl(['t', 'Event', 'Detail'], rows, ['r', 'l', 'l'])] };
}

/** Threshold results, ✓ passed and ✗ failed. */
export function thresholdsSection(input: ReportInput): ReportSection | null {
  const results = input.summary?.thresholds ?? [];
  if (results.length === 0) return null;
  const failed = results.filter((r) => !r.ok).length;
  const rows = results.map((r) => [r.ok ? '✓' : '✗', r.metric, r.expression, r.actual === null ? 'no data' : formatWithUnit(r.actual, unitForMetric(r.metric))]);
  const verdict = failed === 0 ? 'All thresholds passed.' : `${failed} of ${results.length} threshold${results.length === 1 ? '' : 's'} failed.`;
  return { id: 'thresholds', title: 'Thresholds', blocks: [text(verdict), tbl(['', 'Metric', 'Expression', 'Actual'], rows, ['l', 'l', 'l', 'r'])] };
}

/** Profile essentials and driver configuration (secrets redacted). */
export function configurationSection(input: ReportInput): ReportSection {
  if (!input.profile) return { id: 'configuration', title: 'Configuration', blocks: [text('profile.json is missing from the run record; the configuration is unknown.')] };
  const rows = configurationFacts(input.profile).map(([k, v]) => [k, v]);
  const s = input.summary;
  if (s) rows.push(['workers', formatNumber(s.workers)], ['send mode', s.mode]);
  return { id: 'configuration', title: 'Configuration', blocks: [tbl(['Setting', 'Value'], rows, ['l', 'l']), text('The full resolved profile is in profile.json in the run directory.')] };
}

/** The measurement sections in report order (after verdict and findings). */
export function measurementSections(input: ReportInput): ReportSection[] {
  return [
    recordNotesSection(input),
    insufficientSection(input),
    scalingSection(input),
    throughputSection(input),
    latencySection(input),
    deliverySection(input),
    resourcesSection(input),
    // Brokers whose groups are queues show the group queues (depth, consumers, capacity) instead of offset lag.
    groupsAreQueues(input.broker?.capabilities) ? queueSection(input) : lagSection(input),
    eventsSection(input),
    thresholdsSection(input),
    configurationSection(input),
  ].filter((s): s is ReportSection => s !== null);
}
