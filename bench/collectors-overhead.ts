/**
 * Cost of the collectors in the coordinator: runs a {@link CollectorRunner} with every
 * collector the local setup offers (host, process, broker process and JMX exporter of the
 * local broker, lag of one group on a 6-partition topic created for it, client) for a while
 * with nothing else going on, and reports
 * the coordinator's CPU per interval, its event-loop utilisation and delay, and the wall time
 * of each collector's `sample()`.
 *
 * Run alone: `node dist/bench/collectors-overhead.js [seconds]` (local broker up).
 */
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { CollectorRunner, buildCollectors, WorkerStatsHub } from '../src/collectors/index.js';
import { readLocalState } from '../src/local/kafka/index.js';
import { createDriver } from '../src/drivers/index.js';
import type { Profile } from '../src/profile/schema.js';
import type { Collector } from '../src/collectors/types.js';

export interface CollectorOverhead {
  seconds: number;
  intervals: number;
  collectors: string[];
  unavailable: Record<string, string>;
  /** Coordinator CPU (user + system) per interval, ms. */
  cpuMsPerInterval: number;
  /** Same, as % of one core. */
  cpuPercentOfCore: number;
  eventLoopUtilization: number;
  eventLoopDelayP99Ms: number;
  /** Mean wall time of `sample()` per collector, ms. */
  sampleWallMs: Record<string, number>;
}

/** Wraps a collector to time its `sample()`. */
function timed(c: Collector, into: Map<string, number[]>): Collector {
  return {
    name: c.name,
    source: c.source,
    start: () => c.start(),
    stop: () => c.stop(),
    sample: async () => {
      const t0 = performance.now();
      try {
        return await c.sample();
      } finally {
        const list = into.get(c.name) ?? [];
        list.push(performance.now() - t0);
        into.set(c.name, list);
      }
    },
  };
}

/** Measures the collectors of a local-broker run for `seconds` at `intervalMs`. */
export async function measureCollectorOverhead(bootstrap: string, seconds = 20, intervalMs = 1000): Promise<CollectorOverhead> {
  const local = readLocalState();
  const topic = `mqload-bench-collectors-${Date.now().toString(36)}`;
  const profile = {
    name: 'collectors-overhead',
    driver: { type: 'kafka', brokers: [bootstrap] },
    topics: [{ name: topic, partitions: 6, replicationFactor: 1 }],
    message: { size: 100 },
    producers: { count: 0, mode: 'async' },
    load: { phases: [{ executor: 'max-throughput', duration: `${seconds}s` }] },
    collect: { intervalMs },
  } as Profile;
  const driver = createDriver(profile.driver, { clientId: 'mqload-bench-collectors' });
  await driver.ensureTopics([{ name: topic, partitions: 6, replicationFactor: 1 }]);
  const walls = new Map<string, number[]>();
  const collectors = buildCollectors({
    profile,
    groups: [{ groupId: 'mqload-bench-collectors', topic }],
    topics: [topic],
    driver,
    localBroker: local,
    readLocalBroker: readLocalState,
    workerStats: new WorkerStatsHub(),
  }).map((c) => timed(c, walls));
  const runner = new CollectorRunner(collectors, { intervalMs });
  try {
    const st = await runner.start();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const elu0 = performance.eventLoopUtilization();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const cpu = process.cpuUsage(cpu0);
    const elapsed = performance.now() - t0;
    const elu = performance.eventLoopUtilization(elu0);
    delay.disable();
    const intervals = elapsed / intervalMs;
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const sampleWallMs: Record<string, number> = {};
    for (const [name, list] of walls) sampleWallMs[name] = Math.round((list.reduce((a, b) => a + b, 0) / list.length) * 100) / 100;
    const unavailable: Record<string, string> = {};
    for (const [name, s] of Object.entries(st)) if (!s.available) unavailable[name] = s.reason ?? '';
    return {
      seconds,
      intervals: Math.round(intervals),
      collectors: collectors.map((c) => c.name),
      unavailable,
      cpuMsPerInterval: Math.round((cpuMs / intervals) * 100) / 100,
      cpuPercentOfCore: Math.round((cpuMs / elapsed) * 10000) / 100,
      eventLoopUtilization: Math.round(elu.utilization * 1000) / 1000,
      eventLoopDelayP99Ms: Math.round((delay.percentile(99) / 1e6) * 100) / 100,
      sampleWallMs,
    };
  } finally {
    await runner.stop();
    await driver.deleteTopics([topic]);
    await driver.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const seconds = Number(process.argv[2] ?? 20);
  const bootstrap = readLocalState()?.bootstrap ?? '127.0.0.1:9092';
  console.log(JSON.stringify(await measureCollectorOverhead(bootstrap, seconds), null, 2));
}
