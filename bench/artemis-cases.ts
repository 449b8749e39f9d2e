/**
 * Artemis rows: mqload against `artemis perf client` (from the broker's own distribution) on the
 * same local Artemis in the same run, alternating (perf client, mqload, perf client, mqload).
 * 1 KiB non-persistent messages, one producer and one consumer on one anycast queue over AMQP,
 * 1,000 sends unsettled (`--max-pending 1000`; mqload async, `maxInFlight` 1000) and the consume
 * rate of the same runs (mqload's credit window 1,000, accept after processing). Needs
 * `mqload local up --broker artemis` (the bench does not start it).
 */
import type { BenchCase } from './run.js';
import type { ExtraCase } from './cases.js';
import { benchProfile, referenceRow, runQuiet } from './common.js';
import { artemisPerf } from './artemis-perf.js';
import { endpointOf } from '../src/drivers/artemis/url.js';
import { jolokiaUrlOf } from '../src/drivers/artemis/config.js';
import { JolokiaClient } from '../src/drivers/jolokia.js';
import { ArtemisManagement } from '../src/drivers/artemis/management.js';

const URL = 'amqp://127.0.0.1:5673';
const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const SECONDS = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);
const WINDOW = 1000;
const SIZE = 1024;

/** mqload's side: produce and consume rates, msg/s. */
async function mqloadSide(round: number): Promise<{ sent: number; received: number }> {
  const profile = benchProfile({
    name: 'bench-artemis-async',
    driver: { type: 'artemis', url: URL, config: { prefetch: WINDOW } },
    topics: [{ name: `mqload-bench-art-${Date.now().toString(36)}`, routing: 'anycast', durable: false, persistent: false, deleteAfterRun: true }],
    message: { size: SIZE, keys: 'none' },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: WINDOW },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    load: { warmup: '2s', phases: [{ executor: 'max-throughput', duration: `${SECONDS}s` }] },
  });
  const res = await runQuiet(profile, `artemis-${round}`);
  return { sent: res.summary.produce.ratePerSec, received: res.summary.consume.ratePerSec };
}

/** The perf client's side on a queue of its own (auto-created by the broker, deleted afterwards). */
async function perfSide(): Promise<{ sent: number; received: number }> {
  const config = { type: 'artemis' as const, brokers: [], url: URL };
  const e = endpointOf(config);
  if (!e || e.password === '') throw new Error('no local Artemis access file: run mqload local up --broker artemis first');
  const queue = `mqload-bench-perf-${Date.now().toString(36)}`;
  const mgmt = new ArtemisManagement(new JolokiaClient({ base: jolokiaUrlOf(config), user: e.user, password: e.password, timeoutMs: 10_000 }));
  try {
    const r = await artemisPerf({ url: URL, user: e.user, password: e.password, queue, seconds: SECONDS, warmupSeconds: 2, size: SIZE, maxPending: WINDOW, persistent: false });
    return { sent: r.sentPerSec, received: r.receivedPerSec };
  } finally {
    await mgmt.deleteAddress(queue).catch(() => false);
  }
}

const row = (name: string, ours: number[], theirs: number[], notes: string): BenchCase => referenceRow(name, 'rhea', 'artemis perf client (AMQP)', ours, theirs, notes);

export const artemisCase: ExtraCase = {
  name: 'artemis',
  async run(): Promise<BenchCase[]> {
    const ours = { sent: [] as number[], received: [] as number[] };
    const theirs = { sent: [] as number[], received: [] as number[] };
    for (let r = 0; r < ROUNDS; r++) {
      const ref = await perfSide();
      theirs.sent.push(ref.sent);
      theirs.received.push(ref.received);
      const m = await mqloadSide(r);
      ours.sent.push(m.sent);
      ours.received.push(m.received);
      process.stderr.write(`  artemis round ${r + 1}: perf client sent ${ref.sent.toFixed(0)} received ${ref.received.toFixed(0)}, mqload sent ${m.sent.toFixed(0)} received ${m.received.toFixed(0)} msg/s\n`);
    }
    const what = `1 producer, 1 consumer, 1 KiB non-persistent, anycast queue over AMQP, ${WINDOW} unsettled sends, credit ${WINDOW}`;
    return [row('artemis-publish-async-1KiB', ours.sent, theirs.sent, `${what}; sending rate`), row('artemis-consume-1KiB', ours.received, theirs.received, `${what}; receiving rate of the same runs`)];
  },
};
