/**
 * Schedule precision and generator cost, one row per client and rate: the quickstart's shape
 * (1 KiB, 2 async producers, 1 group × 2 consumers, acks all) at 5,000 msg/s and at half the
 * client's measured maximum. Reports `publish_delay` p99 (intended → actual send), the
 * coordinator thread's CPU and the whole generator's CPU (every thread: coordinator, workers,
 * client threads, and worker child processes) as % of one core, and CPU per 1,000 msg/s. Rounds alternate the clients.
 */
import { readFileSync } from 'node:fs';
import { clockTicksPerSecondSync, threadCpuMs } from '../src/collectors/proc.js';
import type { KafkaClientName } from '../src/drivers/kafka/clients.js';
import { benchProfile, mean, runQuiet } from './common.js';
import type { BenchSettings } from './throughput-cases.js';

export interface ScheduleRow {
  name: string;
  client: KafkaClientName;
  /** Target rate, msg/s. */
  targetRate: number;
  achievedRate: number;
  /** publish_delay p99 per round, ms. */
  publishDelayP99Ms: number[];
  publishP99Ms: number[];
  /** Coordinator thread CPU, % of one core, per round. */
  coordinatorCpuPct: number[];
  /** Whole process CPU (all threads), % of one core, per round. */
  processCpuPct: number[];
  /** Mean whole-process CPU per 1,000 msg/s, % of one core. */
  cpuPctPer1000: number;
}

interface Once {
  rate: number;
  delayP99: number;
  publishP99: number;
  coordinatorPct: number;
  processPct: number;
}

/**
 * CPU of this process's finished child processes, ms (`cutime` + `cstime` of /proc/self/stat):
 * load workers run as child processes for librdkafka, and `process.cpuUsage()` leaves them out.
 */
function childrenCpuMs(): number {
  const text = readFileSync('/proc/self/stat', 'utf8');
  const f = text.slice(text.lastIndexOf(')') + 2).trim().split(/\s+/);
  return ((Number(f[16 - 3]) + Number(f[17 - 3])) * 1000) / clockTicksPerSecondSync();
}

async function once(s: BenchSettings, client: KafkaClientName, rate: number): Promise<Once> {
  const profile = benchProfile({
    name: `bench-schedule-${client}-${rate}`,
    driver: { type: 'kafka', brokers: [s.bootstrap], client },
    topics: [{ name: 'mqload-bench-schedule', partitions: 6, replicationFactor: 1 }],
    message: { size: 1024, keys: 'round-robin' },
    producers: { count: 2, mode: 'async', acks: 'all', maxInFlight: 1000 },
    consumers: { groups: 1, perGroup: 2 },
    load: { warmup: '3s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate, duration: `${s.seconds}s` }] },
  });
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuMs();
  const th0 = threadCpuMs();
  const t0 = performance.now();
  const res = await runQuiet(profile, `schedule-${client}-${rate}`);
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const childrenMs = childrenCpuMs() - children0;
  const th1 = threadCpuMs();
  const coordMs = th0 && th1 ? th1.userMs + th1.systemMs - th0.userMs - th0.systemMs : Number.NaN;
  const sum = res.summary;
  return {
    rate: sum.produce.ratePerSec,
    delayP99: sum.latencyMs.publishDelay?.p99 ?? Number.NaN,
    publishP99: sum.latencyMs.publish?.p99 ?? Number.NaN,
    coordinatorPct: (100 * coordMs) / wall,
    processPct: (100 * ((cpu.user + cpu.system) / 1000 + childrenMs)) / wall,
  };
}

/** Rows for every client at 5,000 msg/s and at half its maximum (`maxRate`: client → msg/s, from the 1 KiB produce case). */
export async function scheduleCases(s: BenchSettings, maxRate: ReadonlyMap<KafkaClientName, number>): Promise<ScheduleRow[]> {
  const targets: Array<{ client: KafkaClientName; rate: number; name: string }> = [];
  for (const client of s.clients) {
    targets.push({ client, rate: 5000, name: 'schedule-5000' });
    const max = maxRate.get(client);
    if (max && max / 2 > 5000) targets.push({ client, rate: Math.round(max / 2 / 100) * 100, name: 'schedule-half-max' });
  }
  const results = targets.map(() => [] as Once[]);
  for (let r = 0; r < s.rounds; r++) {
    for (const [i, t] of targets.entries()) {
      const o = await once(s, t.client, t.rate);
      results[i]!.push(o);
      process.stderr.write(
        `  schedule ${t.client} ${t.rate} msg/s round ${r + 1}: publish_delay p99 ${o.delayP99.toFixed(2)} ms, coordinator ${o.coordinatorPct.toFixed(1)} %, process ${o.processPct.toFixed(1)} % of a core\n`,
      );
    }
  }
  return targets.map((t, i) => {
    const rs = results[i]!;
    const achieved = mean(rs.map((x) => x.rate));
    const processPct = mean(rs.map((x) => x.processPct));
    return {
      name: t.name,
      client: t.client,
      targetRate: t.rate,
      achievedRate: Math.round(achieved),
      publishDelayP99Ms: rs.map((x) => x.delayP99),
      publishP99Ms: rs.map((x) => x.publishP99),
      coordinatorCpuPct: rs.map((x) => Math.round(x.coordinatorPct * 10) / 10),
      processCpuPct: rs.map((x) => Math.round(x.processPct * 10) / 10),
      cpuPctPer1000: Math.round((processPct / (achieved / 1000)) * 100) / 100,
    };
  });
}
