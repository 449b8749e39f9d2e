/**
 * RocketMQ rows: mqload against RocketMQ's own benchmark Producer and Consumer
 * (`rocketmq-example` 5.5.0, ./rocketmq-perf.ts) on the same local RocketMQ in the same run,
 * alternating (tools, mqload, tools, mqload). 1 KiB messages on one topic, 64 sends in flight
 * (the Producer's 64 synchronous threads; mqload one async producer with `maxInFlight` 64) and
 * one consumer group consuming while it is written. The tools speak the remoting protocol to the
 * broker; mqload speaks gRPC to the proxy (rocketmq-client-nodejs), one call per message. Needs
 * `mqload local up --broker rocketmq` (the bench does not start it).
 */
import type { BenchCase } from './run.js';
import type { ExtraCase } from './cases.js';
import { benchProfile, referenceRow, runQuiet } from './common.js';
import { rocketmqBenchmark } from './rocketmq-perf.js';
import { createDriver } from '../src/drivers/index.js';
import { readRocketmqState } from '../src/local/rocketmq/broker.js';
import { rocketmqPaths } from '../src/local/rocketmq/paths.js';

const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const SECONDS = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);
const IN_FLIGHT = 64;
const SIZE = 1024;

function localBroker(): { endpoint: string; namesrv: string } {
  const s = readRocketmqState();
  if (!s) throw new Error('no local RocketMQ: run mqload local up --broker rocketmq first');
  return { endpoint: s.bootstrap, namesrv: `127.0.0.1:${s.namesrvPort}` };
}

/** mqload's side: produce and consume rates, msg/s. */
async function mqloadSide(endpoint: string, round: number): Promise<{ sent: number; received: number }> {
  const profile = benchProfile({
    name: 'bench-rocketmq-async',
    driver: { type: 'rocketmq', brokers: [endpoint] },
    topics: [{ name: `mqload-bench-rmq-${Date.now().toString(36)}`, deleteAfterRun: true }],
    message: { size: SIZE, keys: 'none' },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: IN_FLIGHT },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '2s', phases: [{ executor: 'max-throughput', duration: `${SECONDS}s` }] },
  });
  const res = await runQuiet(profile, `rocketmq-${round}`);
  return { sent: res.summary.produce.ratePerSec, received: res.summary.consume.ratePerSec };
}

/** The tools' side on a topic of their own, created and deleted through mqload's admin. */
async function toolSide(b: { endpoint: string; namesrv: string }): Promise<{ sent: number; received: number }> {
  const topic = `mqload-bench-rmqtool-${Date.now().toString(36)}`;
  const group = `${topic}-g`;
  const admin = createDriver({ type: 'rocketmq', brokers: [b.endpoint] }, { clientId: 'mqload-bench' });
  try {
    await admin.ensureTopics([{ name: topic, settings: {} }]);
    const r = await rocketmqBenchmark({ libsDir: rocketmqPaths().libsDir, namesrv: b.namesrv, topic, group, size: SIZE, producerThreads: IN_FLIGHT });
    return { sent: r.sentPerSec, received: r.receivedPerSec };
  } finally {
    await admin.deleteTopics([topic]).catch(() => undefined);
    await admin.deleteGroups([group]).catch(() => undefined);
    await admin.close();
  }
}

const row = (name: string, ours: number[], theirs: number[], notes: string): BenchCase => referenceRow(name, 'rocketmq-client-nodejs', 'rocketmq-example benchmark Producer/Consumer 5.5.0', ours, theirs, notes);

export const rocketmqCase: ExtraCase = {
  name: 'rocketmq',
  async run(): Promise<BenchCase[]> {
    const b = localBroker();
    const ours = { sent: [] as number[], received: [] as number[] };
    const theirs = { sent: [] as number[], received: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const ref = await toolSide(b);
      theirs.sent.push(ref.sent);
      theirs.received.push(ref.received);
      const m = await mqloadSide(b.endpoint, r);
      ours.sent.push(m.sent);
      ours.received.push(m.received);
      process.stderr.write(`  rocketmq round ${r + 1}: benchmark tools sent ${ref.sent.toFixed(0)} received ${ref.received.toFixed(0)}, mqload sent ${m.sent.toFixed(0)} received ${m.received.toFixed(0)} msg/s\n`);
    }
    const what = `1 KiB, one topic, ${IN_FLIGHT} sends in flight (tools: ${IN_FLIGHT} sync Producer threads over remoting; mqload: 1 async producer, gRPC through the proxy), one consumer group consuming meanwhile`;
    return [row('rocketmq-publish-1KiB', ours.sent, theirs.sent, `${what}; sending rate`), row('rocketmq-consume-1KiB', ours.received, theirs.received, `${what}; receiving rate of the same runs`)];
  },
};
