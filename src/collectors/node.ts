/**
 * Broker-host resources from a Prometheus node_exporter (`collect.nodeExporter: ["host:9100"]`):
 * CPU busy %, cores, load1, memory, network and disk throughput and disk busy ratio, as rates
 * between successive scrapes of the `/metrics` endpoint.
 */
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { CounterRates } from './rates.js';
import { fetchText, metricsUrl, parsePromText, selectSeries, type SeriesIndex } from './prom-text.js';
import { describeError } from '../errors.js';

const N = SAMPLE_NAMES.node;

/**
 * Devices left out of the disk sums: device-mapper and md devices re-count the I/O of the
 * disks under them, and ram/loop/zram devices are not storage.
 */
const VIRTUAL_DISK = /^(dm-|md|ram|loop|zram)/;

/** The node_exporter samples this collector reads (only these are parsed). */
export const NODE_SAMPLE_NAMES: ReadonlySet<string> = new Set([
  'node_cpu_seconds_total',
  'node_load1',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_network_receive_bytes_total',
  'node_network_transmit_bytes_total',
  'node_disk_read_bytes_total',
  'node_disk_written_bytes_total',
  'node_disk_io_time_seconds_total',
  'node_network_speed_bytes',
]);

/** Values of one node_exporter scrape, before rates. Exported for tests. */
export interface NodeCounters {
  cpuIdleSeconds: number;
  cpuTotalSeconds: number;
  cores: number;
  load1?: number;
  memAvailable?: number;
  memTotal?: number;
  netRx: number;
  netTx: number;
  loRx?: number;
  loTx?: number;
  /** Sum of known link speeds (`node_network_speed_bytes` > 0) of non-loopback devices, bytes/s. */
  linkSpeed?: number;
  diskRead: number;
  diskWrite: number;
  /** `node_disk_io_time_seconds_total` per device. */
  diskIoTime: Map<string, number>;
}

function first(index: SeriesIndex, name: string): number | undefined {
  const s = selectSeries(index, name)[0];
  return s && Number.isFinite(s.value) ? s.value : undefined;
}

/** Extracts the counters and gauges the node collector uses from a scrape. Pure. */
export function readNodeCounters(index: SeriesIndex): NodeCounters {
  let idle = 0;
  let total = 0;
  const cpus = new Set<string>();
  for (const s of selectSeries(index, 'node_cpu_seconds_total')) {
    if (!Number.isFinite(s.value)) continue;
    total += s.value;
    if (s.labels['mode'] === 'idle') idle += s.value;
    if (s.labels['cpu'] !== undefined) cpus.add(s.labels['cpu']);
  }
  const out: NodeCounters = {
    cpuIdleSeconds: idle,
    cpuTotalSeconds: total,
    cores: cpus.size,
    load1: first(index, 'node_load1'),
    memAvailable: first(index, 'node_memory_MemAvailable_bytes'),
    memTotal: first(index, 'node_memory_MemTotal_bytes'),
    netRx: 0,
    netTx: 0,
    diskRead: 0,
    diskWrite: 0,
    diskIoTime: new Map(),
  };
  for (const [metric, key, loKey] of [
    ['node_network_receive_bytes_total', 'netRx', 'loRx'],
    ['node_network_transmit_bytes_total', 'netTx', 'loTx'],
  ] as const) {
    for (const s of selectSeries(index, metric)) {
      if (!Number.isFinite(s.value)) continue;
      if (s.labels['device'] === 'lo') out[loKey] = s.value;
      else out[key] += s.value;
    }
  }
  for (const s of selectSeries(index, 'node_network_speed_bytes')) {
    // Unknown speeds are reported as -1 Mbit/s (-125000 bytes/s).
    if (s.labels['device'] !== 'lo' && Number.isFinite(s.value) && s.value > 0) out.linkSpeed = (out.linkSpeed ?? 0) + s.value;
  }
  for (const [metric, key] of [
    ['node_disk_read_bytes_total', 'diskRead'],
    ['node_disk_written_bytes_total', 'diskWrite'],
  ] as const) {
    for (const s of selectSeries(index, metric)) {
      if (Number.isFinite(s.value) && !VIRTUAL_DISK.test(s.labels['device'] ?? '')) out[key] += s.value;
    }
  }
  for (const s of selectSeries(index, 'node_disk_io_time_seconds_total')) {
    const dev = s.labels['device'] ?? '';
    if (Number.isFinite(s.value) && !VIRTUAL_DISK.test(dev)) out.diskIoTime.set(dev, s.value);
  }
  return out;
}

/**
 * Turns successive {@link NodeCounters} into sample values. Keeps the previous scrape; the
 * first call yields only the gauges (cores, load1, memory).
 */
export class NodeValueDeriver {
  private readonly rates = new CounterRates();
  private prevCpu: { idle: number; total: number } | null = null;

  /** Values for the main sample and, when the endpoint reports `lo`, the loopback sample. */
  derive(c: NodeCounters, atMs: number): { main: Record<string, number>; loopback: Record<string, number> | null } {
    const main: Record<string, number> = {};
    if (c.cores > 0) main[N.cores] = c.cores;
    if (c.load1 !== undefined) main[N.load1] = c.load1;
    if (c.memAvailable !== undefined) main[N.memAvailable] = c.memAvailable;
    if (c.memTotal !== undefined) main[N.memTotal] = c.memTotal;
    if (c.linkSpeed !== undefined) main[N.netLinkSpeed] = c.linkSpeed;
    if (this.prevCpu && c.cpuTotalSeconds > this.prevCpu.total && c.cpuIdleSeconds >= this.prevCpu.idle) {
      const dIdle = c.cpuIdleSeconds - this.prevCpu.idle;
      const dTotal = c.cpuTotalSeconds - this.prevCpu.total;
      main[N.cpuBusyPercent] = Math.min(100, Math.max(0, (1 - dIdle / dTotal) * 100));
    }
    this.prevCpu = { idle: c.cpuIdleSeconds, total: c.cpuTotalSeconds };
    const put = (target: Record<string, number>, name: string, key: string, value: number | undefined) => {
      if (value === undefined) return;
      const r = this.rates.rate(key, value, atMs);
      if (r !== undefined) target[name] = r;
    };
    put(main, N.netRx, 'netRx', c.netRx);
    put(main, N.netTx, 'netTx', c.netTx);
    put(main, N.diskRead, 'diskRead', c.diskRead);
    put(main, N.diskWrite, 'diskWrite', c.diskWrite);
    let busiest: number | undefined;
    for (const [dev, seconds] of c.diskIoTime) {
      const r = this.rates.rate(`io:${dev}`, seconds, atMs);
      if (r !== undefined) busiest = Math.max(busiest ?? 0, Math.min(1, r));
    }
    if (busiest !== undefined) main[N.diskBusy] = busiest;
    let loopback: Record<string, number> | null = null;
    if (c.loRx !== undefined || c.loTx !== undefined) {
      loopback = {};
      put(loopback, N.netRx, 'loRx', c.loRx);
      put(loopback, N.netTx, 'loTx', c.loTx);
    }
    return { main, loopback };
  }
}

/**
 * One node_exporter endpoint. Samples: `source: 'node'`, `instance: <host:port>`; the main
 * sample carries `net_*` summed over non-loopback devices (link speed: the sum of the known
 * ones) and `disk_io_busy_ratio` of the busiest device; a second sample with `labels: { device: 'lo', loopback: 'true' }` carries
 * loopback traffic when the exporter reports it.
 */
export class NodeExporterCollector implements Collector {
  readonly source = 'node';
  readonly name: string;
  private readonly url: string;
  private readonly deriver = new NodeValueDeriver();

  constructor(private readonly endpoint: string, private readonly timeoutMs: number) {
    this.name = `node:${endpoint}`;
    this.url = metricsUrl(endpoint);
  }

  async start(): Promise<CollectorStatus> {
    try {
      const index = parsePromText(await fetchText(this.url, this.timeoutMs), NODE_SAMPLE_NAMES);
      if (!index.has('node_cpu_seconds_total')) {
        return { available: false, reason: `${this.url} answered but has no node_cpu_seconds_total: not a node_exporter?` };
      }
      this.deriver.derive(readNodeCounters(index), Date.now());
      return { available: true };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const text = await fetchText(this.url, this.timeoutMs);
    const atMs = Date.now();
    const { main, loopback } = this.deriver.derive(readNodeCounters(parsePromText(text, NODE_SAMPLE_NAMES)), atMs);
    const out: SampleReading[] = [{ source: this.source, instance: this.endpoint, values: main }];
    if (loopback && Object.keys(loopback).length > 0) {
      out.push({ source: this.source, instance: this.endpoint, labels: { device: 'lo', loopback: 'true' }, values: loopback });
    }
    return out;
  }

  async stop(): Promise<void> {}
}
