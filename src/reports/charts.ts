/**
 * Chart specifications for the HTML report: plain data (no functions) that the in-page script
 * turns into uPlot charts. Each chart has one x array and aligned value arrays; a chart whose
 * series are all empty is drawn as a "no data" note.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { analysisWindow, entriesInWindow, runTotals, type ReportInput } from './input.js';
import { faultWindows } from './faults.js';
import { lagSeries } from './lag.js';
import { instanceLabel, sampleSeries, valueNamed, type SampleSeries } from './samples.js';
import { alignSeries, hasData, timelineSeries, type TimedValues } from './series.js';
import { groupsAreQueues } from './queues.js';
import { latencySpectrum } from './spectrum.js';

/** One plotted line. `scale` `y2` draws against the right axis. */
export interface ChartLine {
  label: string;
  color: string;
  values: Array<number | null>;
  scale: 'y' | 'y2';
  dash?: number[];
}

/** A shaded span on a time chart, seconds since run start. */
export interface ChartBand {
  from: number;
  to: number;
  label: string;
  kind: 'fault' | 'excluded';
}

/** Everything the page needs to draw one chart. */
export interface ChartSpec {
  id: string;
  title: string;
  /** `time`: seconds since run start; `percentile`: spectrum positions (see spectrum.ts). */
  xKind: 'time' | 'percentile';
  yLabel: string;
  y2Label?: string;
  /** Logarithmic y axis (latencies). */
  yLog: boolean;
  x: number[];
  lines: ChartLine[];
  bands: ChartBand[];
  /** True when at least one line has a value. */
  hasData: boolean;
  /** Shown under the chart (e.g. where the data came from). */
  note?: string;
}

const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#be185d', '#4d7c0f'];

function color(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

function named(base: string, s: SampleSeries, many: boolean): string {
  return many && s.instance ? `${base} (${instanceLabel(s.source, s.instance)})` : base;
}

function chart(id: string, title: string, yLabel: string, inputs: Array<{ label: string; data: TimedValues; scale?: 'y' | 'y2'; dash?: number[] }>, bands: ChartBand[], extra: Partial<ChartSpec> = {}): ChartSpec {
  const { x, columns } = alignSeries(inputs.map((i) => i.data));
  const lines: ChartLine[] = inputs.map((input, i) => {
    const values = extra.yLog ? columns[i]!.map(positiveOrNull) : columns[i]!;
    const line: ChartLine = { label: input.label, color: color(i), values, scale: input.scale ?? 'y' };
    if (input.dash) line.dash = input.dash;
    return line;
  });
  const withData = lines.filter((l) => hasData(l.values));
  return { id, title, xKind: 'time', yLabel, yLog: false, x, lines: withData, bands, hasData: withData.length > 0, ...extra };
}

/** Log axes cannot show 0 or negatives: those become gaps. */
function positiveOrNull(v: number | null): number | null {
  return v !== null && v > 0 ? v : null;
}

/** Bands for faults (red) and for the parts of the run outside the analysis window (grey). */
export function chartBands(input: ReportInput): ChartBand[] {
  const end = input.timeline.reduce((m, e) => Math.max(m, e.t), 0);
  const sampleEnd = input.samples.reduce((m, s) => Math.max(m, s.t), end);
  const w = analysisWindow(input);
  const bands: ChartBand[] = [];
  if (input.timeline.length > 0) {
    if (w.from > 0) bands.push({ from: 0, to: w.from, label: 'outside analysis window', kind: 'excluded' });
    if (sampleEnd > w.to) bands.push({ from: w.to, to: sampleEnd, label: 'outside analysis window', kind: 'excluded' });
  }
  for (const f of faultWindows(input.events)) bands.push({ from: f.from, to: f.to ?? sampleEnd, label: f.label, kind: 'fault' });
  return bands;
}

/** All charts of the HTML report, in display order. */
export function buildCharts(input: ReportInput): ChartSpec[] {
  const bands = chartBands(input);
  const ts = timelineSeries(input.timeline);
  const t = ts.t;
  const charts: ChartSpec[] = [];

  charts.push(
    chart('rate', 'Throughput: target vs achieved', 'msg/s', [
      { label: 'target', data: { t, v: ts.targetRate }, dash: [6, 4] },
      { label: 'achieved (acked)', data: { t, v: ts.achievedRate } },
      { label: 'consumed', data: { t, v: ts.consumeRate } },
      { label: 'dropped', data: { t, v: ts.droppedRate } },
    ], bands),
  );

  charts.push(
    chart('latency', 'Latency percentiles per interval', 'ms (log)', [
      { label: 'publish p50', data: { t, v: ts.publishP50Ms } },
      { label: 'publish p99', data: { t, v: ts.publishP99Ms } },
      { label: 'e2e p50', data: { t, v: ts.e2eP50Ms }, dash: [6, 4] },
      { label: 'e2e p99', data: { t, v: ts.e2eP99Ms }, dash: [6, 4] },
    ], bands, { yLog: true }),
  );

  const lag = lagSeries(input.samples);
  const lagInputs = lag.flatMap((g) => {
    const name = lag.length > 1 ? `${g.group}${g.topic ? `/${g.topic}` : ''}` : g.group;
    return [
      { label: `${name} lag (messages)`, data: { t: g.t, v: g.lagMessages }, scale: 'y' as const },
      { label: `${name} time lag (s)`, data: { t: g.t, v: g.timeLagSec }, scale: 'y2' as const, dash: [6, 4] },
    ];
  });
  // Where groups are queues the backlog readings are queue depths.
  const lagTitle = groupsAreQueues(input.broker?.capabilities) ? 'Group queue depth' : 'Consumer lag';
  charts.push(chart('lag', lagTitle, 'messages', lagInputs, bands, { y2Label: 'seconds' }));

  const cpuInputs: Array<{ label: string; data: TimedValues }> = [];
  const addCpu = (base: string, sources: string[], name: string) => {
    const list = sampleSeries(input.samples, sources, valueNamed(name));
    for (const s of list) cpuInputs.push({ label: named(base, s, list.length > 1), data: { t: s.t, v: s.v } });
  };
  addCpu('generator host', ['host'], SAMPLE_NAMES.host.cpuPercent);
  addCpu('mqload process', ['process'], SAMPLE_NAMES.process.cpuPercent);
  addCpu('broker process', ['broker-process'], SAMPLE_NAMES.brokerProcess.cpuPercent);
  addCpu('broker host', ['node'], SAMPLE_NAMES.node.cpuBusyPercent);
  charts.push(chart('cpu', 'CPU', '% (process: of one core)', cpuInputs, bands));

  const heapInputs: Array<{ label: string; data: TimedValues; dash?: number[] }> = [];
  const mib = (v: number) => v / (1024 * 1024);
  for (const [base, name, dash] of [
    ['heap used', SAMPLE_NAMES.jvm.heapUsed, undefined],
    ['heap max', SAMPLE_NAMES.jvm.heapMax, [6, 4]],
  ] as const) {
    const list = sampleSeries(input.samples, ['jmx', 'jolokia'], valueNamed(name));
    for (const s of list) {
      const entry: { label: string; data: TimedValues; dash?: number[] } = { label: named(base, s, list.length > 1), data: { t: s.t, v: s.v.map(mib) } };
      if (dash) entry.dash = [...dash];
      heapInputs.push(entry);
    }
  }
  charts.push(chart('heap', 'Broker JVM heap', 'MiB', heapInputs, bands));

  charts.push(spectrumChart(input));
  return charts;
}

function spectrumChart(input: ReportInput): ChartSpec {
  const totals = runTotals(input);
  const spectrum = latencySpectrum(entriesInWindow(input.timeline, analysisWindow(input)), totals.latencyMs.publish, totals.latencyMs.e2e);
  const lines: ChartLine[] = [
    { label: 'publish', color: color(0), values: spectrum.publishMs.map(positiveOrNull), scale: 'y' as const },
    { label: 'e2e', color: color(1), values: spectrum.e2eMs.map(positiveOrNull), scale: 'y' as const },
  ].filter((l) => hasData(l.values));
  const note =
    spectrum.source === 'histogram'
      ? 'From the interval HDR histograms of the analysis window, merged.'
      : spectrum.source === 'summary'
        ? 'From the summary percentiles only (no histograms in the record); max drawn at p99.99.'
        : undefined;
  const spec: ChartSpec = {
    id: 'spectrum',
    title: 'Latency percentile distribution',
    xKind: 'percentile',
    yLabel: 'ms (log)',
    yLog: true,
    x: spectrum.x,
    lines,
    bands: [],
    hasData: lines.some((l) => hasData(l.values)),
  };
  if (note) spec.note = note;
  return spec;
}
