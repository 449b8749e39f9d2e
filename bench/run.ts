/**
 * `npm run bench`: mqload vs Kafka's own perf tools against the same local broker, in one run,
 * alternating A B A B so drift on a shared machine hits both sides alike.
 *
 * Cases: producer throughput at 100 B and 1 KiB (mqload max-throughput async, acks 1, batches
 * of ~16 KiB with 5 ms linger, vs ProducerPerformance with the same record size, acks,
 * batch.size and linger.ms), and consumer throughput over a pre-filled topic (mqload
 * consumers from the earliest offset vs ConsumerPerformance). Writes bench/results/latest.json
 * and prints a table. Extra cases (collectors, verification) are added by their own modules.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { localUp } from '../src/local/index.js';
import { repoRoot } from '../src/local/paths.js';
import { validateProfile } from '../src/profile/validate.js';
import type { Profile } from '../src/profile/schema.js';
import { runProfile } from '../src/run/orchestrator.js';
import { createDriver } from '../src/drivers/index.js';
import { readFileSync } from 'node:fs';
import { producerPerformance, consumerPerformance } from './kafka-perf.js';
import { extraCases } from './cases.js';

export interface BenchCase {
  name: string;
  mqload: { msgsPerSec: number; runs: number[] };
  reference: { tool: string; msgsPerSec: number; runs: number[] };
  ratio: number;
  notes?: string;
}

const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const DURATION_S = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);

function profileOf(raw: Record<string, unknown>): Profile {
  const v = validateProfile(raw, 'bench');
  if (!v.profile) throw new Error(`bench profile invalid: ${v.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return v.profile;
}

/** Runs an mqload profile quietly into a temp run dir and returns its summary. */
export async function runQuiet(profile: Profile, tag: string) {
  const dir = join(repoRoot(), 'bench', 'results', 'runs', `${Date.now()}-${tag}`);
  return runProfile(profile, { dir, workers: availableParallelism(), outputs: [] });
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

async function producerCase(bootstrap: string, libs: string, size: number): Promise<BenchCase> {
  const topic = `mqload-bench-produce-${size}`;
  const batchBytes = 16384;
  const maxRecords = Math.max(1, Math.floor(batchBytes / (size + 60)));
  const profile = profileOf({
    name: `bench-produce-${size}`,
    driver: { type: 'kafka', brokers: [bootstrap] },
    topics: [{ name: topic, partitions: 6, replicationFactor: 1, deleteAfterRun: false }],
    message: { size, keys: 'none' },
    producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 20000, batch: { maxRecords, lingerMs: 5 }, compression: 'none' },
    consumers: { groups: 0, perGroup: 0 },
    load: { warmup: '3s', phases: [{ executor: 'max-throughput', duration: `${DURATION_S}s` }] },
  });
  const ours: number[] = [];
  const theirs: number[] = [];
  let estimate = 200_000;
  for (let r = 0; r < ROUNDS; r++) {
    const res = await runQuiet(profile, `produce-${size}`);
    ours.push(res.summary.produce.ratePerSec);
    const records = Math.max(100_000, Math.round(estimate * DURATION_S));
    const ref = await producerPerformance(libs, { bootstrap, topic, records, recordSize: size, acks: '1', lingerMs: 5, batchBytes });
    theirs.push(ref);
    estimate = ref;
    process.stderr.write(`  produce ${size} B round ${r + 1}: mqload ${ours[r]!.toFixed(0)} msg/s, ProducerPerformance ${ref.toFixed(0)} msg/s\n`);
  }
  const m = mean(ours);
  const k = mean(theirs);
  return {
    name: `produce-${size}B-acks1`,
    mqload: { msgsPerSec: Math.round(m), runs: ours },
    reference: { tool: 'kafka ProducerPerformance', msgsPerSec: Math.round(k), runs: theirs },
    ratio: Math.round((m / k) * 1000) / 1000,
    notes: `mqload: 2 producers over ${availableParallelism()} worker threads, batches of ${maxRecords} records, linger 5 ms; reference: 1 Java producer, batch.size ${batchBytes}, linger.ms 5`,
  };
}

async function consumerCase(bootstrap: string, libs: string): Promise<BenchCase> {
  const size = 1024;
  const topic = 'mqload-bench-consume';
  const driver = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: 'mqload-bench' });
  await driver.deleteTopics([topic]);
  await new Promise((r) => setTimeout(r, 2000));
  // Fill the topic with stamped messages using mqload itself.
  const fill = profileOf({
    name: 'bench-fill',
    driver: { type: 'kafka', brokers: [bootstrap] },
    topics: [{ name: topic, partitions: 6, replicationFactor: 1 }],
    message: { size, keys: 'none' },
    producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 20000, batch: { maxRecords: 15, lingerMs: 5 } },
    consumers: { groups: 0, perGroup: 0 },
    load: { phases: [{ executor: 'max-throughput', duration: `${DURATION_S * 2}s` }] },
  });
  await runQuiet(fill, 'fill');
  const total = (await driver.topicOffsets(topic)).reduce((s, o) => s + Number(o.high - o.low), 0);
  await driver.close();
  const consume = profileOf({
    name: 'bench-consume',
    driver: { type: 'kafka', brokers: [bootstrap], config: { 'max.partition.fetch.bytes': 1048576 } },
    topics: [{ name: topic, partitions: 6, replicationFactor: 1 }],
    message: { size, keys: 'none' },
    producers: { count: 0, mode: 'async' },
    consumers: { groups: 1, perGroup: 2, startFrom: 'earliest', commit: 'auto' },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 1, duration: `${DURATION_S}s` }] },
  });
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const res = await runQuiet(consume, 'consume');
    const timeline = readFileSync(join(res.dir, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { phase: string; intervalSec: number; consume: { received: number; foreign: number } });
    // Busy intervals only: from the first message to the last full interval with messages.
    const busy = timeline.filter((e) => e.phase !== 'drain' && e.consume.received + e.consume.foreign > 0);
    const inner = busy.length > 2 ? busy.slice(1, -1) : busy;
    const msgs = inner.reduce((s, e) => s + e.consume.received + e.consume.foreign, 0);
    const secs = inner.reduce((s, e) => s + e.intervalSec, 0);
    ours.push(secs > 0 ? msgs / secs : 0);
    const ref = await consumerPerformance(libs, { bootstrap, topic, messages: total, group: `mqload-bench-cp-${Date.now()}` });
    theirs.push(ref);
    process.stderr.write(`  consume 1 KiB round ${r + 1}: mqload ${ours[r]!.toFixed(0)} msg/s, ConsumerPerformance ${ref.toFixed(0)} msg/s\n`);
  }
  const m = mean(ours);
  const k = mean(theirs);
  return {
    name: 'consume-1KiB',
    mqload: { msgsPerSec: Math.round(m), runs: ours },
    reference: { tool: 'kafka ConsumerPerformance', msgsPerSec: Math.round(k), runs: theirs },
    ratio: Math.round((m / k) * 1000) / 1000,
    notes: `backlog of ${total} messages; mqload: 1 group × 2 consumers, busy intervals only; reference: fetch.nMsg.sec (rebalance time excluded)`,
  };
}

async function main(): Promise<void> {
  const up = await localUp({ log: (l) => process.stderr.write(`local: ${l}\n`) });
  const bootstrap = up.state.bootstrap;
  const libs = up.state.libsDir;
  const only = process.argv[2];
  const cases: BenchCase[] = [];
  const want = (name: string) => !only || name.includes(only);
  if (want('produce')) {
    cases.push(await producerCase(bootstrap, libs, 100));
    cases.push(await producerCase(bootstrap, libs, 1024));
  }
  if (want('consume')) cases.push(await consumerCase(bootstrap, libs));
  for (const c of extraCases) if (want(c.name)) cases.push(...(await c.run(bootstrap)));
  const dir = join(repoRoot(), 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), rounds: ROUNDS, durationSec: DURATION_S, cases }, null, 2) + '\n');
  console.log(`\n${'case'.padEnd(28)}${'mqload msg/s'.padStart(14)}${'reference'.padStart(14)}${'ratio'.padStart(8)}  tool`);
  for (const c of cases) {
    console.log(`${c.name.padEnd(28)}${String(c.mqload.msgsPerSec).padStart(14)}${String(c.reference.msgsPerSec).padStart(14)}${c.ratio.toFixed(2).padStart(8)}  ${c.reference.tool}`);
  }
  console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
