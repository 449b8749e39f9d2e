/**
 * Derived signals several rules need: broker CPU as a 0–1 ratio per broker, whether the broker
 * or the generator looked busy, and the generator host's core count. Each says where its number
 * came from, so evidence can name it.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { Evidence } from './finding-types.js';
import type { RuleContext } from './types.js';
import type { AnalysisWindow } from './window.js';
import type { Point } from './stats.js';
import { quantile } from './stats.js';
import { seriesByInstance, values, JMX_SOURCES } from './series.js';
import { sustained } from './sustained.js';
import { THRESHOLDS as T } from './thresholds.js';
import { evidence } from './evidence.js';

const H = SAMPLE_NAMES.host;
const N = SAMPLE_NAMES.node;
const BP = SAMPLE_NAMES.brokerProcess;
const P = SAMPLE_NAMES.process;
const K = SAMPLE_NAMES.kafka;

/** Latest core count of the generator host (source `host`), or null. */
export function hostCores(window: AnalysisWindow): number | null {
  for (let i = window.samples.length - 1; i >= 0; i--) {
    const s = window.samples[i]!;
    if (s.source === 'host' && typeof s.values[H.cores] === 'number' && s.values[H.cores]! > 0) return s.values[H.cores]!;
  }
  return null;
}

/** Broker CPU busy ratio (0–1) per broker, and where it was read. */
export interface BrokerCpu {
  /** `node` (node_exporter on the broker host, whole host) or `broker-process` (the local broker process). */
  origin: 'node' | 'broker-process';
  series: Map<string, Point[]>;
  /** Cores of the broker host (per instance) when known. */
  cores: Map<string, number>;
}

/**
 * Broker CPU: node_exporter host CPU when present, else the local broker process's CPU
 * (percent of one core) divided by the generator host's cores (the local broker shares that host).
 * Null when neither is available (or the local broker's host cores are unknown).
 */
export function brokerCpu(window: AnalysisWindow): BrokerCpu | null {
  const node = seriesByInstance(window, 'node', N.cpuBusyPercent);
  if (node.size > 0) {
    const series = new Map([...node].map(([k, pts]) => [k, pts.map((p) => ({ t: p.t, v: p.v / 100 }))]));
    const coreSeries = seriesByInstance(window, 'node', N.cores);
    const cores = new Map([...coreSeries].map(([k, pts]) => [k, pts[pts.length - 1]!.v]));
    return { origin: 'node', series, cores };
  }
  const proc = seriesByInstance(window, 'broker-process', BP.cpuPercent);
  const cores = hostCores(window);
  if (proc.size === 0 || cores === null) return null;
  const series = new Map([...proc].map(([k, pts]) => [k, pts.map((p) => ({ t: p.t, v: p.v / (100 * cores) }))]));
  return { origin: 'broker-process', series, cores: new Map([...proc.keys()].map((k) => [k, cores])) };
}

/** The busiest broker's CPU p90 (ratio of its cores, 0–1) and where it was read; null when unmeasured. */
export function brokerCpuP90(window: AnalysisWindow): { value: number; origin: BrokerCpu['origin'] } | null {
  const cpu = brokerCpu(window);
  if (!cpu || cpu.series.size === 0) return null;
  return { value: Math.max(...[...cpu.series.values()].map((p) => quantile(values(p), 0.9))), origin: cpu.origin };
}

/** Whether the broker was busy, idle, or it cannot be told, with the figures behind the call. */
export interface BrokerState {
  state: 'busy' | 'idle' | 'undetermined';
  evidence: Evidence[];
}

/** Judges broker busyness from CPU (p90 per broker) and request-handler idle (p10 per broker). */
export function brokerState(ctx: RuleContext): BrokerState {
  const w = ctx.window;
  const ev: Evidence[] = [];
  const cpu = brokerCpu(w);
  let cpuP90: number | null = null;
  if (cpu) {
    cpuP90 = Math.max(...[...cpu.series.values()].map((pts) => quantile(values(pts), 0.9)));
    ev.push(evidence(w, `broker CPU p90 (${cpu.origin})`, cpuP90 * 100, '%'));
  }
  const rh = seriesByInstance(w, JMX_SOURCES, K.requestHandlerIdle);
  let rhP10: number | null = null;
  if (rh.size > 0) {
    rhP10 = Math.min(...[...rh.values()].map((pts) => quantile(values(pts), 0.1)));
    ev.push(evidence(w, 'request-handler idle p10', rhP10, 'ratio'));
  }
  if (cpuP90 === null && rhP10 === null) return { state: 'undetermined', evidence: ev };
  const busy = (cpuP90 !== null && cpuP90 >= T.brokerCpuWarn.value) || (rhP10 !== null && rhP10 < T.requestHandlerIdleMin.value);
  if (busy) return { state: 'busy', evidence: ev };
  const idle =
    (cpuP90 === null || cpuP90 < T.brokerIdleCpuMax.value) && (rhP10 === null || rhP10 >= T.brokerIdleHandlerMin.value);
  return { state: idle ? 'idle' : 'undetermined', evidence: ev };
}

/** Whether the load generator looked saturated (null: no generator samples at all). */
export interface GeneratorState {
  hot: boolean | null;
  evidence: Evidence[];
}

/** Sustained generator host CPU, process CPU, event-loop delay or utilisation over their limits. */
export function generatorState(window: AnalysisWindow): GeneratorState {
  const checks: Array<{ source: string; name: string; label: string; unit: string; hot: (v: number) => boolean }> = [
    { source: 'host', name: H.cpuPercent, label: 'generator host CPU', unit: '%', hot: (v) => v > T.generatorHostCpuMax.value },
    { source: 'process', name: P.eventLoopDelayP99, label: 'event-loop delay p99', unit: 'ms', hot: (v) => v > T.eventLoopDelayP99Max.value },
    { source: 'process', name: P.eventLoopUtilization, label: 'event-loop utilisation', unit: 'ratio', hot: (v) => v > T.eventLoopUtilizationMax.value },
  ];
  let seen = false;
  const ev: Evidence[] = [];
  for (const c of checks) {
    for (const [inst, pts] of seriesByInstance(window, c.source, c.name)) {
      seen = true;
      const s = sustained(values(pts), c.hot);
      if (s.holds) ev.push(evidence(window, `${c.label} (${inst}) median`, quantile(values(pts), 0.5), c.unit));
    }
  }
  return { hot: seen ? ev.length > 0 : null, evidence: ev };
}

/** True when the window holds JVM samples (jmx or jolokia) with the given value. */
export function hasJvm(window: AnalysisWindow, name: string): boolean {
  return seriesByInstance(window, JMX_SOURCES, name).size > 0;
}

/**
 * Broker NIC utilisation per broker host (node exporter), 0–1 at each reading: max(rx, tx) ÷ the
 * host's link speed (full duplex: each direction has the whole link; the speed is the sum of the
 * known speeds of its non-loopback devices). Hosts whose NIC reports no speed are left out.
 */
export function brokerNicUtilisation(window: AnalysisWindow): Map<string, Point[]> {
  const N = SAMPLE_NAMES.node;
  const rx = seriesByInstance(window, 'node', N.netRx);
  const tx = seriesByInstance(window, 'node', N.netTx);
  const link = seriesByInstance(window, 'node', N.netLinkSpeed);
  const out = new Map<string, Point[]>();
  for (const [inst, speeds] of link) {
    const speed = new Map(speeds.filter((p) => p.v > 0).map((p) => [p.t, p.v]));
    const at = new Map<number, number>();
    for (const p of [...(rx.get(inst) ?? []), ...(tx.get(inst) ?? [])]) {
      const s = speed.get(p.t);
      if (s !== undefined) at.set(p.t, Math.max(at.get(p.t) ?? 0, p.v / s));
    }
    if (at.size > 0) out.set(inst, [...at].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })));
  }
  return out;
}
