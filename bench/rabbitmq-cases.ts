/**
 * RabbitMQ rows: mqload against RabbitMQ PerfTest on the same broker in the same run,
 * alternating (PerfTest, mqload, PerfTest, mqload). 1 KiB messages, one producer and one
 * consumer on one queue, as `PerfTest -x 1 -y 1`:
 * - publish with confirms (1,000 unconfirmed in flight, `-c 1000`) and the consume rate of the
 *   same runs (prefetch 1,000, manual acks, `-q 1000`), on a classic and on a quorum queue;
 * - publish without confirms (one-way) on a classic queue.
 * Transient messages, as PerfTest's default. The broker is `$MQLOAD_BENCH_RABBITMQ_URL`
 * (default the machine's RabbitMQ on 127.0.0.1:5672 as guest).
 */
import { spawnSync } from 'node:child_process';
import type { BenchCase } from './run.js';
import type { ExtraCase } from './cases.js';
import { benchProfile, referenceRow, runQuiet } from './common.js';
import { perfTest, perfTestLibs, type PerfTestResult } from './rabbitmq-perf.js';

const URL = process.env['MQLOAD_BENCH_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672/%2F';
const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const SECONDS = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);
const WINDOW = 1000;

interface Variant {
  queueType: 'classic' | 'quorum';
  confirms: boolean;
}

const VARIANTS: Variant[] = [
  { queueType: 'classic', confirms: true },
  { queueType: 'quorum', confirms: true },
  { queueType: 'classic', confirms: false },
];

/** mqload's side of one variant: produce and consume rates, msg/s. */
async function mqloadSide(v: Variant, round: number): Promise<{ sent: number; received: number }> {
  const name = `mqload-bench-rmq-${v.queueType}-${v.confirms ? 'c' : 'n'}-${Date.now().toString(36)}`;
  const profile = benchProfile({
    name: `bench-rabbitmq-${v.queueType}-${v.confirms ? 'confirms' : 'oneway'}`,
    driver: { type: 'rabbitmq', url: URL, config: { prefetch: WINDOW } },
    topics: [{ name, queueType: v.queueType, durable: v.queueType === 'quorum', persistent: false, deleteAfterRun: true }],
    message: { size: 1024, keys: 'none' },
    producers: v.confirms ? { count: 1, mode: 'async', maxInFlight: WINDOW } : { count: 1, mode: 'oneway', maxInFlight: WINDOW },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '2s', phases: [{ executor: 'max-throughput', duration: `${SECONDS}s` }] },
  });
  const res = await runQuiet(profile, `rabbitmq-${v.queueType}-${round}`);
  return { sent: res.summary.produce.ratePerSec, received: res.summary.consume.ratePerSec };
}

/**
 * PerfTest's side of one variant. A classic queue is auto-deleted; a quorum queue cannot be, so
 * it is deleted afterwards with `rabbitmqctl` (the bench's broker is this machine's).
 */
async function perfTestSide(libs: string, v: Variant): Promise<PerfTestResult> {
  const queue = `mqload-bench-perftest-${v.queueType}-${Date.now().toString(36)}`;
  try {
    return await perfTest(libs, { url: URL, queue, seconds: SECONDS, size: 1024, confirm: v.confirms ? WINDOW : 0, prefetch: WINDOW, queueType: v.queueType });
  } finally {
    if (v.queueType === 'quorum') spawnSync('rabbitmqctl', ['delete_queue', queue], { stdio: 'ignore', timeout: 60_000 });
  }
}

const row = (name: string, ours: number[], theirs: number[], notes: string): BenchCase => referenceRow(name, 'amqplib', 'RabbitMQ PerfTest', ours, theirs, notes);

export const rabbitmqCase: ExtraCase = {
  name: 'rabbitmq',
  async run(): Promise<BenchCase[]> {
    const libs = perfTestLibs();
    const out: BenchCase[] = [];
    for (const v of VARIANTS) {
      const ours = { sent: [] as number[], received: [] as number[] };
      const theirs = { sent: [] as number[], received: [] as number[] };
      for (let r = 0; r < ROUNDS; r++) {
        const ref = await perfTestSide(libs, v);
        theirs.sent.push(ref.sentPerSec);
        theirs.received.push(ref.receivedPerSec);
        const m = await mqloadSide(v, r);
        ours.sent.push(m.sent);
        ours.received.push(m.received);
        process.stderr.write(
          `  rabbitmq ${v.queueType} ${v.confirms ? 'confirms' : 'no confirms'} round ${r + 1}: PerfTest sent ${ref.sentPerSec.toFixed(0)} received ${ref.receivedPerSec.toFixed(0)}` +
            `${ref.confirmMedianMs !== null ? ` (confirm median ${ref.confirmMedianMs.toFixed(1)} ms)` : ''}, mqload sent ${m.sent.toFixed(0)} received ${m.received.toFixed(0)} msg/s\n`,
        );
      }
      const what = `1 producer, 1 consumer, 1 KiB transient, ${v.queueType} queue${v.confirms ? `, ${WINDOW} unconfirmed in flight` : ', no confirms'}, prefetch ${WINDOW}, manual acks`;
      const tag = `${v.queueType}-1KiB`;
      out.push(row(v.confirms ? `rabbitmq-publish-confirms-${tag}` : `rabbitmq-publish-noconfirm-${tag}`, ours.sent, theirs.sent, `${what}; sending rate`));
      if (v.confirms) out.push(row(`rabbitmq-consume-${tag}`, ours.received, theirs.received, `${what}; receiving rate of the same runs`));
    }
    return out;
  },
};
