/**
 * `npm run bench`: mqload vs Kafka's own perf tools against the same local broker, in one run,
 * alternating A B A B so drift on a shared machine hits both sides alike.
 *
 * Cases, one row per Kafka client (`$MQLOAD_BENCH_CLIENTS` or every installed one): producer
 * throughput at 100 B and 1 KiB with acks 1 and acks all (vs ProducerPerformance with the same
 * record size, acks, batch.size and linger.ms), consumer throughput over a pre-filled topic (vs
 * ConsumerPerformance), and schedule precision with the generator's CPU at 5,000 msg/s and at
 * half the client's maximum. Writes bench/results/latest.json and prints tables. Extra cases
 * (collectors, verification) are added by their own modules. `npm run bench -- <filter>` runs
 * only the cases whose name contains the filter (or one of several, comma-separated), and replaces only those rows in latest.json (each
 * row carries the date it was measured).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { localUp } from '../src/local/kafka/index.js';
import { repoRoot } from '../src/local/paths.js';
import type { KafkaClientName } from '../src/drivers/kafka/clients.js';
import { extraCases } from './cases.js';
import { benchClients } from './clients.js';
import { consumerCases, producerCases, type BenchSettings } from './throughput-cases.js';
import { scheduleCases, type ScheduleRow } from './schedule-case.js';

export { benchProfile, runQuiet } from './common.js';

export interface BenchCase {
  name: string;
  /** The Kafka client of the mqload side, when the case is per client. */
  client?: string;
  mqload: { msgsPerSec: number; runs: number[] };
  reference: { tool: string; msgsPerSec: number; runs: number[] };
  ratio: number;
  notes?: string;
}

const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const DURATION_S = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);

async function main(): Promise<void> {
  const up = await localUp({ log: (l) => process.stderr.write(`local: ${l}\n`) });
  const bootstrap = up.state.bootstrap;
  const libs = up.state.libsDir;
  // `npm run bench -- a,b`: only the cases whose name contains one of the comma-separated filters.
  const filters = (process.argv[2] ?? '').split(',').filter((f) => f.length > 0);
  const only = filters.length > 0;
  const settings: BenchSettings = { bootstrap, libs, rounds: ROUNDS, seconds: DURATION_S, clients: benchClients() };
  process.stderr.write(`clients: ${settings.clients.join(', ')}; ${ROUNDS} rounds of ${DURATION_S} s\n`);
  const cases: BenchCase[] = [];
  const schedule: ScheduleRow[] = [];
  const want = (name: string) => !only || filters.some((f) => name.includes(f));
  const maxRate = new Map<KafkaClientName, number>();
  for (const size of [100, 1024]) {
    for (const acks of [1, 'all'] as const) {
      if (!want(`produce-${size}B-acks${acks}`)) continue;
      const rows = await producerCases(settings, size, acks);
      cases.push(...rows);
      if (size === 1024 && acks === 1) for (const r of rows) maxRate.set(r.client as KafkaClientName, r.mqload.msgsPerSec);
    }
  }
  if (want('consume')) cases.push(...(await consumerCases(settings)));
  if (want('schedule')) schedule.push(...(await scheduleCases(settings, maxRate)));
  for (const c of extraCases) if (want(c.name)) cases.push(...(await c.run(bootstrap)));
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'latest.json');
  // A filtered run replaces only the rows it measured; the other rows of the last full run stay (with their date).
  const kept = only && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { date?: string; cases?: Array<BenchCase & { date?: string }>; schedule?: Array<ScheduleRow & { date?: string }> }) : null;
  const now = new Date().toISOString();
  const dated = <T extends object>(rows: T[]) => rows.map((r) => ({ ...r, date: now }));
  const keptCases = (kept?.cases ?? []).filter((c) => !want(c.name)).map((c) => ({ ...c, date: c.date ?? kept?.date }));
  const keptSchedule = (kept?.schedule ?? []).filter((r) => !want('schedule')).map((r) => ({ ...r, date: r.date ?? kept?.date }));
  writeFileSync(
    file,
    JSON.stringify({ date: now, rounds: ROUNDS, durationSec: DURATION_S, clients: settings.clients, cases: [...keptCases, ...dated(cases)], schedule: [...keptSchedule, ...dated(schedule)] }, null, 2) + '\n',
  );
  const w = Math.max(28, ...cases.map((c) => c.name.length + 2));
  console.log(`\n${'case'.padEnd(w)}${'client'.padEnd(14)}${'mqload msg/s'.padStart(14)}${'reference'.padStart(14)}${'ratio'.padStart(8)}  tool`);
  for (const c of cases) {
    console.log(`${c.name.padEnd(w)}${(c.client ?? '').padEnd(14)}${String(c.mqload.msgsPerSec).padStart(14)}${String(c.reference.msgsPerSec).padStart(14)}${c.ratio.toFixed(2).padStart(8)}  ${c.reference.tool}`);
  }
  if (schedule.length > 0) {
    console.log(`\n${'schedule'.padEnd(20)}${'client'.padEnd(14)}${'rate'.padStart(8)}${'delay p99 ms'.padStart(28)}${'coordinator %'.padStart(18)}${'process %'.padStart(18)}${'%/1000 msg/s'.padStart(14)}`);
    for (const r of schedule) {
      const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
      console.log(`${r.name.padEnd(20)}${r.client.padEnd(14)}${String(r.achievedRate).padStart(8)}${list(r.publishDelayP99Ms).padStart(28)}${list(r.coordinatorCpuPct).padStart(18)}${list(r.processCpuPct).padStart(18)}${r.cpuPctPer1000.toFixed(2).padStart(14)}`);
    }
  }
  console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
