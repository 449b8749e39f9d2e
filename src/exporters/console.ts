/**
 * Console output of a run: a live progress line on a TTY (rewritten in place), plain periodic
 * lines otherwise (CI logs), and the end-of-run summary table with thresholds ✓/✗.
 */
import type { RunOutput } from '../run/outputs.js';
import type { RunPlan } from '../plan/types.js';
import type { LatencyStats, Sample, TimelineEntry } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import type { Cumulative } from '../run/aggregate.js';

export interface ConsoleOptions {
  stream?: NodeJS.WriteStream;
  /** Force TTY or plain mode (default: the stream's isTTY). */
  tty?: boolean;
  /** Plain mode: print a line every N intervals (default 5). */
  plainEvery?: number;
  /** false: no start banner and no progress lines, only the end-of-run summary (`--quiet`). */
  progress?: boolean;
}

export function fmtRate(v: number | null): string {
  if (v === null) return 'max';
  if (v >= 1e6) return `${(v / 1e6).toFixed(2)}M`;
  if (v >= 1e4) return `${(v / 1e3).toFixed(1)}k`;
  return v.toFixed(0);
}

export function fmtMs(v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '-';
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`;
  if (v >= 100) return `${v.toFixed(0)} ms`;
  if (v >= 1) return `${v.toFixed(1)} ms`;
  return `${v.toFixed(3)} ms`;
}

function fmtCount(n: number): string {
  return n.toLocaleString('en-US');
}

export class ConsoleProgress implements RunOutput {
  private readonly stream: NodeJS.WriteStream;
  private readonly tty: boolean;
  private readonly plainEvery: number;
  private plan: RunPlan | null = null;
  private lagTotal: number | null = null;
  private count = 0;
  private lineOpen = false;
  private readonly progress: boolean;

  constructor(opts: ConsoleOptions = {}) {
    this.progress = opts.progress ?? true;
    this.stream = opts.stream ?? process.stderr;
    this.tty = opts.tty ?? Boolean(this.stream.isTTY);
    this.plainEvery = opts.plainEvery ?? 5;
  }

  begin(plan: RunPlan, dir: string): void {
    this.plan = plan;
    if (!this.progress) return;
    const p = plan.profile;
    this.stream.write(
      `mqload: run ${plan.runId} — profile ${p.name}, ${p.producers.count} ${p.producers.mode} producer(s), ` +
        `${plan.groups.length}×${p.consumers?.perGroup ?? 0} consumer(s), ${plan.workers.length} worker thread(s), ` +
        `${(plan.totalMs / 1000).toFixed(0)} s (warm-up ${(plan.warmupMs / 1000).toFixed(0)} s)\n        record: ${dir}\n`,
    );
  }

  samples(samples: Sample[]): void {
    let total = 0;
    let seen = false;
    for (const s of samples) {
      if (s.source === 'lag' && s.labels && s.labels['partition'] === undefined && s.values['lag_messages'] !== undefined) {
        total += s.values['lag_messages'];
        seen = true;
      }
    }
    if (seen) this.lagTotal = total;
  }

  interval(entry: TimelineEntry, c: Cumulative): void {
    this.count++;
    if (!this.progress) return;
    const total = this.plan ? this.plan.totalMs / 1000 : 0;
    const rate = entry.produce.acked / entry.intervalSec;
    const errs = c.all.produce.failed;
    const line =
      `[${entry.t.toFixed(0).padStart(4)}s/${total.toFixed(0)}s ${entry.phase.padEnd(7)}] ` +
      `target ${fmtRate(entry.targetRate)}/s  acked ${fmtRate(rate)}/s  recv ${fmtRate(entry.consume.received / entry.intervalSec)}/s  ` +
      `p99 pub ${fmtMs(entry.latencyMs.publish?.p99)} e2e ${fmtMs(entry.latencyMs.e2e?.p99)}  ` +
      `err ${errs}  dropped ${c.all.produce.dropped}  inflight ${entry.inFlight}` +
      (this.lagTotal !== null ? `  lag ${fmtCount(this.lagTotal)}` : '');
    if (this.tty) {
      this.stream.write(`\r\x1b[2K${line}`);
      this.lineOpen = true;
    } else if (this.count % this.plainEvery === 0) {
      this.stream.write(`${line}\n`);
    }
  }

  end(summary: RunSummary): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
    this.stream.write(renderSummary(summary));
  }
}

function latencyRow(name: string, s: LatencyStats | null | undefined): string {
  if (!s) return `  ${name.padEnd(14)} ${'no data'}\n`;
  const cells = [s.p50, s.p90, s.p99, s.p999, s.max, s.mean].map((v) => fmtMs(v).padStart(10)).join('');
  return `  ${name.padEnd(14)}${cells}   (${fmtCount(s.count)})\n`;
}

/** The end-of-run summary as text. */
export function renderSummary(s: RunSummary): string {
  const p = s.produce;
  let out = `\n── ${s.profile} — ${s.status} — ${s.durationSec.toFixed(1)} s measured (warm-up ${s.warmupSec} s excluded) ──\n`;
  if (s.reason) out += `  reason: ${s.reason.split('\n')[0]}\n`;
  out += `  produce   sent ${fmtCount(p.sent)}  acked ${fmtCount(p.acked)}  failed ${fmtCount(p.failed)}  dropped ${fmtCount(p.dropped)}\n`;
  out += `            rate ${fmtRate(p.ratePerSec)}/s of target ${p.targetRatePerSec === null ? 'max' : `${fmtRate(p.targetRatePerSec)}/s`} (${s.mode})\n`;
  out += `  consume   received ${fmtCount(s.consume.received)}  rate ${fmtRate(s.consume.ratePerSec)}/s\n`;
  out += `  latency       ${['p50', 'p90', 'p99', 'p99.9', 'max', 'mean'].map((h) => h.padStart(10)).join('')}\n`;
  out += latencyRow('publish', s.latencyMs.publish);
  out += latencyRow('publish delay', s.latencyMs.publishDelay);
  out += latencyRow('end-to-end', s.latencyMs.e2e);
  if (s.latencyMs.stored) out += latencyRow('stored', s.latencyMs.stored);
  if (s.delivery?.length) out += '  delivery  (every message of the run, warm-up included)\n';
  for (const d of s.delivery ?? []) {
    const fate = (d.unknown ? `, ${fmtCount(d.unknown)} one-way sends of unknown fate` : '') + (d.undelivered ? `, ${fmtCount(d.undelivered)} still queued (not lost)` : '') + (d.beforeStart ? `, ${fmtCount(d.beforeStart)} before the group's start position (not lost)` : '');
    out += `            ${d.group}: ${d.verdict} — sent ${fmtCount(d.sent)}, acked ${fmtCount(d.acked)}, received ${fmtCount(d.received)}, unique ${fmtCount(d.unique)}, lost ${fmtCount(d.lost)} (+${fmtCount(d.lostUnacked)} failed sends never received), duplicated ${fmtCount(d.duplicated)}${d.redelivered !== undefined ? ` (${fmtCount(d.redelivered)} redelivered, ${fmtCount(d.duplicatedInLog ?? 0)} written twice)` : ''}, reordered ${fmtCount(d.reordered)}${fate}\n`;
  }
  const errors = Object.entries(s.errors).sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [msg, n] of errors) out += `  error     ${fmtCount(n)} × ${msg}\n`;
  if (s.collectors) {
    const off = Object.entries(s.collectors).filter(([, c]) => !c.available);
    const on = Object.entries(s.collectors).filter(([, c]) => c.available).map(([n]) => n);
    if (on.length) out += `  collectors ${on.join(', ')}\n`;
    for (const [n, c] of off) out += `  collector ${n} unavailable: ${c.reason ?? 'unknown'}\n`;
  }
  if (s.thresholds.length) {
    out += '  thresholds\n';
    for (const t of s.thresholds) out += `    ${t.ok ? '✓' : '✗'} ${t.metric} ${t.expression}  (actual ${t.actual === null ? 'no data' : Number(t.actual.toFixed(3))})\n`;
  }
  return out;
}
