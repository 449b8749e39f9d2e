/**
 * Throughput cases, one row per client: producer throughput (max-throughput async, batches of
 * about 16 KiB with 5 ms linger) against `ProducerPerformance` with the same record size, acks,
 * batch.size and linger.ms, and consumer throughput over a pre-filled backlog against
 * `ConsumerPerformance`. Each round runs the reference once, then every client, so drift on a
 * shared machine hits all sides alike (A B C D, A B C D).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { KafkaClientName } from '../src/drivers/kafka/clients.js';
import { createDriver } from '../src/drivers/index.js';
import type { BenchCase } from './run.js';
import { benchProfile, mean, ratio, runQuiet } from './common.js';
import { producerPerformance, consumerPerformance } from './kafka-perf.js';

export interface BenchSettings {
  bootstrap: string;
  libs: string;
  rounds: number;
  seconds: number;
  clients: KafkaClientName[];
}

/** Producer rows for one record size and acks level, one per client. */
export async function producerCases(s: BenchSettings, size: number, acks: 1 | 'all'): Promise<BenchCase[]> {
  const topic = `mqload-bench-produce-${size}`;
  const batchBytes = 16384;
  const maxRecords = Math.max(1, Math.floor(batchBytes / (size + 60)));
  // The reference runs first in each round, and the local broker does not create topics on its own.
  const admin = createDriver({ type: 'kafka', brokers: [s.bootstrap] }, { clientId: 'mqload-bench' });
  try {
    await admin.ensureTopics([{ name: topic, partitions: 6, replicationFactor: 1 }]);
  } finally {
    await admin.close();
  }
  const ours = new Map<KafkaClientName, number[]>(s.clients.map((c) => [c, []]));
  const theirs: number[] = [];
  let estimate = 200_000;
  for (let r = 0; r < s.rounds; r++) {
    const records = Math.max(100_000, Math.round(estimate * s.seconds));
    const ref = await producerPerformance(s.libs, { bootstrap: s.bootstrap, topic, records, recordSize: size, acks: acks === 'all' ? 'all' : '1', lingerMs: 5, batchBytes });
    theirs.push(ref);
    estimate = ref;
    const line = [`ProducerPerformance ${ref.toFixed(0)}`];
    for (const client of s.clients) {
      const profile = benchProfile({
        name: `bench-produce-${size}-${client}`,
        driver: { type: 'kafka', brokers: [s.bootstrap], client, config: { 'linger.ms': 5, 'batch.size': batchBytes } },
        topics: [{ name: topic, partitions: 6, replicationFactor: 1, deleteAfterRun: false }],
        message: { size, keys: 'none' },
        producers: { count: 2, mode: 'async', acks, maxInFlight: 20000, batch: { maxRecords, lingerMs: 5 }, compression: 'none' },
        consumers: { groups: 0, perGroup: 0 },
        load: { warmup: '3s', phases: [{ executor: 'max-throughput', duration: `${s.seconds}s` }] },
      });
      const res = await runQuiet(profile, `produce-${size}-${client}`);
      ours.get(client)!.push(res.summary.produce.ratePerSec);
      line.push(`${client} ${res.summary.produce.ratePerSec.toFixed(0)}`);
    }
    process.stderr.write(`  produce ${size} B acks ${acks} round ${r + 1}: ${line.join(', ')} msg/s\n`);
  }
  const k = mean(theirs);
  return s.clients.map((client) => {
    const runs = ours.get(client)!;
    return {
      name: `produce-${size}B-acks${acks}`,
      client,
      mqload: { msgsPerSec: Math.round(mean(runs)), runs },
      reference: { tool: 'kafka ProducerPerformance', msgsPerSec: Math.round(k), runs: theirs },
      ratio: ratio(mean(runs), k),
      notes: `mqload: 2 producers over ${availableParallelism()} worker threads, linger.ms 5, batch.size ${batchBytes}; reference: 1 Java producer, batch.size ${batchBytes}, linger.ms 5`,
    };
  });
}

/** Fills a topic with stamped 1 KiB messages (mqload itself, default client) and returns its record count. */
async function fillBacklog(s: BenchSettings, topic: string): Promise<number> {
  const driver = createDriver({ type: 'kafka', brokers: [s.bootstrap] }, { clientId: 'mqload-bench' });
  try {
    await driver.deleteTopics([topic]);
    await new Promise((r) => setTimeout(r, 2000));
    const fill = benchProfile({
      name: 'bench-fill',
      driver: { type: 'kafka', brokers: [s.bootstrap], client: s.clients[s.clients.length - 1] },
      topics: [{ name: topic, partitions: 6, replicationFactor: 1 }],
      message: { size: 1024, keys: 'none' },
      producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 20000, batch: { maxRecords: 15, lingerMs: 5 } },
      consumers: { groups: 0, perGroup: 0 },
      load: { phases: [{ executor: 'max-throughput', duration: `${s.seconds * 2}s` }] },
    });
    await runQuiet(fill, 'fill');
    return (await driver.offsets!.topicOffsets(topic)).reduce((n, o) => n + Number(o.high - o.low), 0);
  } finally {
    await driver.close();
  }
}

/** Messages per second over a run's busy intervals (first and last partial ones left out). */
function busyRate(dir: string): number {
  const timeline = readFileSync(join(dir, 'timeline.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { phase: string; intervalSec: number; consume: { received: number; foreign: number } });
  const busy = timeline.filter((e) => e.phase !== 'drain' && e.consume.received + e.consume.foreign > 0);
  const inner = busy.length > 2 ? busy.slice(1, -1) : busy;
  const msgs = inner.reduce((n, e) => n + e.consume.received + e.consume.foreign, 0);
  const secs = inner.reduce((n, e) => n + e.intervalSec, 0);
  return secs > 0 ? msgs / secs : 0;
}

/** Consumer rows over one backlog, one per client. */
export async function consumerCases(s: BenchSettings): Promise<BenchCase[]> {
  const topic = 'mqload-bench-consume';
  const total = await fillBacklog(s, topic);
  const ours = new Map<KafkaClientName, number[]>(s.clients.map((c) => [c, []]));
  const theirs: number[] = [];
  for (let r = 0; r < s.rounds; r++) {
    const ref = await consumerPerformance(s.libs, { bootstrap: s.bootstrap, topic, messages: total, group: `mqload-bench-cp-${Date.now()}` });
    theirs.push(ref);
    const line = [`ConsumerPerformance ${ref.toFixed(0)}`];
    for (const client of s.clients) {
      const consume = benchProfile({
        name: `bench-consume-${client}`,
        // Each client at its own fetch defaults, as ConsumerPerformance is at Java's.
        driver: { type: 'kafka', brokers: [s.bootstrap], client },
        topics: [{ name: topic, partitions: 6, replicationFactor: 1 }],
        message: { size: 1024, keys: 'none' },
        producers: { count: 0, mode: 'async' },
        consumers: { groups: 1, perGroup: 2, startFrom: 'earliest', commit: 'auto' },
        load: { phases: [{ executor: 'constant-arrival-rate', rate: 1, duration: `${s.seconds}s` }] },
      });
      const res = await runQuiet(consume, `consume-${client}`);
      const rate = busyRate(res.dir);
      ours.get(client)!.push(rate);
      line.push(`${client} ${rate.toFixed(0)}`);
    }
    process.stderr.write(`  consume 1 KiB round ${r + 1}: ${line.join(', ')} msg/s\n`);
  }
  const k = mean(theirs);
  return s.clients.map((client) => {
    const runs = ours.get(client)!;
    return {
      name: 'consume-1KiB',
      client,
      mqload: { msgsPerSec: Math.round(mean(runs)), runs },
      reference: { tool: 'kafka ConsumerPerformance', msgsPerSec: Math.round(k), runs: theirs },
      ratio: ratio(mean(runs), k),
      notes: `backlog of ${total} messages (stamped by another run: counted as foreign); mqload: 1 group × 2 consumers at each client's fetch defaults, busy intervals only; reference: fetch.nMsg.sec (rebalance time excluded)`,
    };
  });
}
