/**
 * The load-generator host: CPU busy % (total and per core), memory, load1, cores, and network
 * throughput per interface.
 *
 * On Linux, CPU and network counters are read from `/proc/stat` and `/proc/net/dev` directly:
 * systeminformation's `currentLoad` runs `execSync('cat /proc/stat | grep cpu')`, which blocks
 * the event loop (measured ≈ 30 ms per call on a busy 2-core machine), and its `networkStats`
 * spawns a shell running seven `cat`s per interface per call (≈ 8–10 ms of CPU per call). Memory
 * comes from systeminformation `mem` (an asynchronous read of `/proc/meminfo`). Elsewhere
 * `currentLoad` and `networkStats` are used. `/proc` files are read synchronously: they live
 * in memory and a read takes microseconds, while `fs.promises.readFile` costs several thread-pool
 * round trips (measured ≈ 1 ms of CPU per file).
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import type si from 'systeminformation';
import { lazyRequire } from '../lazy-require.js';
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { describeError } from '../errors.js';
import { CounterRates } from './rates.js';

const H = SAMPLE_NAMES.host;


/** systeminformation, loaded when the first host collector starts. */
const sysinfo = lazyRequire<typeof si>('systeminformation');
/** Cumulative byte counters of one interface. */
export interface InterfaceBytes {
  iface: string;
  rxBytes: number;
  txBytes: number;
}

/** Parses `/proc/net/dev`. Pure. */
export function parseProcNetDev(text: string): InterfaceBytes[] {
  const out: InterfaceBytes[] = [];
  for (const line of text.split('\n').slice(2)) {
    const colon = line.indexOf(':');
    if (colon < 0) continue;
    const fields = line.slice(colon + 1).trim().split(/\s+/);
    const rx = Number(fields[0]);
    const tx = Number(fields[8]);
    if (Number.isFinite(rx) && Number.isFinite(tx)) out.push({ iface: line.slice(0, colon).trim(), rxBytes: rx, txBytes: tx });
  }
  return out;
}

/** Cumulative CPU ticks of one CPU line of `/proc/stat`. */
export interface CpuTicks {
  /** Idle and iowait ticks. */
  idle: number;
  /** All ticks (guest time is already inside user time, so it is not added again). */
  total: number;
}

/** Parses `/proc/stat`: the aggregate line and one entry per core, in order. Pure. */
export function parseProcStatCpu(text: string): { all: CpuTicks; cores: CpuTicks[] } {
  let all: CpuTicks | null = null;
  const cores: CpuTicks[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('cpu')) continue;
    const [label, ...rest] = line.trim().split(/\s+/);
    const [user, nice, system, idle, iowait, irq, softirq, steal] = rest.map(Number);
    const t = { idle: (idle ?? 0) + (iowait ?? 0), total: [user, nice, system, idle, iowait, irq, softirq, steal].reduce<number>((a, b) => a + (b ?? 0), 0) };
    if (label === 'cpu') all = t;
    else cores.push(t);
  }
  if (!all) throw new Error('no cpu line in /proc/stat');
  return { all, cores };
}

/** Busy % between two readings; undefined when no tick passed. */
function busyPercent(prev: CpuTicks | undefined, cur: CpuTicks): number | undefined {
  if (!prev) return undefined;
  const total = cur.total - prev.total;
  if (total <= 0) return undefined;
  return Math.min(100, Math.max(0, (1 - (cur.idle - prev.idle) / total) * 100));
}

/**
 * Link speed in bytes/s from `/sys/class/net/<iface>/speed` (Mbit/s); undefined when the
 * kernel does not know it (virtual NICs give -1, loopback and some drivers EINVAL).
 */
export function readLinkSpeed(iface: string): number | undefined {
  try {
    const mbps = Number(readFileSync(`/sys/class/net/${iface}/speed`, 'utf8').trim());
    return Number.isFinite(mbps) && mbps > 0 ? mbps * 125_000 : undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EINVAL' || code === 'ENOENT' || code === 'EOPNOTSUPP') return undefined;
    throw err;
  }
}

/** Loopback interfaces (`lo` on Linux, `lo0` on BSD/macOS). */
export const isLoopback = (iface: string) => /^lo\d*$/.test(iface);

/** `cpu_core_<i>_busy_percent`: busy % of core i on the load-generator host. */
export const coreBusyName = (i: number) => `cpu_core_${i}_busy_percent`;

/**
 * Samples: `source: 'host'`; the main sample (no instance) with CPU, memory, load1, cores,
 * `net_*` summed over non-loopback interfaces and the link speed of the busiest non-loopback
 * interface (when known); one sample per interface with `instance: <iface>` and
 * `labels: { loopback: 'true' | 'false' }` (all traffic of a single-machine test is loopback,
 * so `lo` is kept and marked), with its link speed when known.
 */
export class HostCollector implements Collector {
  readonly name = 'host';
  readonly source = 'host';
  private readonly rates = new CounterRates();
  private readonly linux = process.platform === 'linux';
  private prevCpu: { all: CpuTicks; cores: CpuTicks[] } | null = null;
  /** Link speed per interface, bytes/s (undefined: unknown), read once per interface. */
  private readonly linkSpeeds = new Map<string, number | undefined>();

  async start(): Promise<CollectorStatus> {
    try {
      if (this.linux) {
        this.cpuLinux(readFileSync('/proc/stat', 'utf8'));
        this.network(this.readInterfaces(), Date.now());
      } else {
        await sysinfo().currentLoad(); // primes systeminformation's CPU tick baseline
      }
      return { available: true };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  private readInterfaces(): InterfaceBytes[] {
    return parseProcNetDev(readFileSync('/proc/net/dev', 'utf8'));
  }

  /** Per-interface rate samples from cumulative counters; first call only primes the rates. */
  private network(ifaces: InterfaceBytes[], atMs: number): SampleReading[] {
    const out: SampleReading[] = [];
    for (const i of ifaces) {
      const rx = this.rates.rate(`${i.iface}:rx`, i.rxBytes, atMs);
      const tx = this.rates.rate(`${i.iface}:tx`, i.txBytes, atMs);
      if (!this.linkSpeeds.has(i.iface)) this.linkSpeeds.set(i.iface, isLoopback(i.iface) ? undefined : readLinkSpeed(i.iface));
      if (rx === undefined || tx === undefined) continue;
      const values: Record<string, number> = { [H.netRx]: rx, [H.netTx]: tx };
      const speed = this.linkSpeeds.get(i.iface);
      if (speed !== undefined) values[H.netLinkSpeed] = speed;
      out.push({ source: this.source, instance: i.iface, labels: { loopback: String(isLoopback(i.iface)) }, values });
    }
    return out;
  }

  private async networkPortable(): Promise<SampleReading[]> {
    const stats = await sysinfo().networkStats('*');
    return stats
      .filter((s) => Number.isFinite(s.rx_sec) && Number.isFinite(s.tx_sec) && s.rx_sec !== null)
      .map((s) => ({
        source: this.source,
        instance: s.iface,
        labels: { loopback: String(isLoopback(s.iface)) },
        values: { [H.netRx]: s.rx_sec, [H.netTx]: s.tx_sec },
      }));
  }

  /** CPU busy % (total, per core) since the previous `/proc/stat` reading. */
  private cpuLinux(statText: string): { total?: number; cores: Array<number | undefined> } {
    const cur = parseProcStatCpu(statText);
    const prev = this.prevCpu;
    this.prevCpu = cur;
    return { total: busyPercent(prev?.all, cur.all), cores: cur.cores.map((c, i) => busyPercent(prev?.cores[i], c)) };
  }

  private async cpuPortable(): Promise<{ total?: number; cores: Array<number | undefined> }> {
    const load = await sysinfo().currentLoad();
    return { total: load.currentLoad, cores: load.cpus.map((c) => c.load) };
  }

  async sample(): Promise<SampleReading[]> {
    const mem = await sysinfo().mem();
    const cpu = this.linux ? this.cpuLinux(readFileSync('/proc/stat', 'utf8')) : await this.cpuPortable();
    const ifaces = this.linux ? this.readInterfaces() : null;
    const atMs = Date.now();
    const values: Record<string, number> = {
      [H.memTotal]: mem.total,
      [H.memAvailable]: mem.available,
      [H.load1]: os.loadavg()[0]!,
      [H.cores]: cpu.cores.length || os.availableParallelism(),
    };
    if (cpu.total !== undefined) values[H.cpuPercent] = cpu.total;
    let maxCore: number | undefined;
    cpu.cores.forEach((load, i) => {
      if (load === undefined) return;
      values[coreBusyName(i)] = load;
      maxCore = Math.max(maxCore ?? 0, load);
    });
    if (maxCore !== undefined) values[H.cpuMaxCorePercent] = maxCore;
    const perIface = ifaces ? this.network(ifaces, atMs) : await this.networkPortable();
    let rx = 0;
    let tx = 0;
    let busiest: SampleReading | undefined;
    const traffic = (s: SampleReading) => (s.values[H.netRx] ?? 0) + (s.values[H.netTx] ?? 0);
    for (const s of perIface) {
      if (s.labels?.['loopback'] === 'true') continue;
      rx += s.values[H.netRx] ?? 0;
      tx += s.values[H.netTx] ?? 0;
      if (!busiest || traffic(s) > traffic(busiest)) busiest = s;
    }
    if (perIface.length > 0) {
      values[H.netRx] = rx;
      values[H.netTx] = tx;
    }
    const speed = busiest?.values[H.netLinkSpeed];
    if (speed !== undefined) values[H.netLinkSpeed] = speed;
    return [{ source: this.source, values }, ...perIface];
  }

  async stop(): Promise<void> {}
}
