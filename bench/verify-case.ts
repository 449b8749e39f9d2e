/**
 * Cost of delivery verification: the same profile with verification on and off, alternating
 * on/off so drift on a shared machine hits both alike, at a fixed rate (CPU per message and
 * end-to-end latency are what can differ) and at max throughput (the rate itself); plus the
 * pure verifier fed 50 million sequence numbers with a realistic pattern (4 producers, 12
 * partitions, 3 consumer workers shipping every 100 000 deliveries, a gap and a duplicate per
 * million), reporting its speed, the ledger's state size and the heap it needs.
 *
 * Rows: mqload = verification on, reference = verification off (or, for the pure verifier, the
 * same loop without verification). Run alone: `node --expose-gc dist/bench/verify-case.js`
 * (local broker up; MQLOAD_BENCH_SECONDS, MQLOAD_BENCH_ROUNDS, MQLOAD_BENCH_VERIFY_MESSAGES
 * adjust it; --expose-gc makes the heap figures exact).
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { BenchCase } from './run.js';
import type { ExtraCase } from './cases.js';
import { validateProfile } from '../src/profile/validate.js';
import type { Profile } from '../src/profile/schema.js';
import { runProfile } from '../src/run/orchestrator.js';
import { createVerificationHooks } from '../src/verify/hooks.js';
import { ProduceTracker, ReceiveTracker } from '../src/verify/trackers.js';
import { DeliveryLedger } from '../src/verify/ledger.js';
import type { RunSummary } from '../src/record/summary.js';

const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const DURATION_S = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);
/** Messages fed through the pure verifier. */
export const PURE_MESSAGES = Number(process.env['MQLOAD_BENCH_VERIFY_MESSAGES'] ?? 50_000_000);

function profileOf(raw: Record<string, unknown>): Profile {
  const v = validateProfile(raw, 'bench');
  if (!v.profile) throw new Error(`bench profile invalid: ${v.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return v.profile;
}

interface Measured {
  summary: RunSummary;
  /** CPU of this process (all threads) per 1000 acknowledged messages, ms. */
  cpuMsPer1k: number;
}

async function runOnce(profile: Profile, verify: boolean): Promise<Measured> {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-bench-verify-'));
  const cpu = process.cpuUsage();
  try {
    const hooks = verify ? createVerificationHooks(profile) : undefined;
    const { summary } = await runProfile({ ...profile, verify: { enabled: verify } }, { dir, workers: availableParallelism(), outputs: [], hooks });
    const used = process.cpuUsage(cpu);
    const acked = Math.max(1, summary.produce.acked);
    return { summary, cpuMsPer1k: ((used.user + used.system) / 1000 / acked) * 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Median: one disturbed round on a shared machine does not move it. */
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};
const r1 = (v: number) => Math.round(v * 10) / 10;

/** On/off at the same profile; `rate` picks the figure compared (produce or consume rate). */
async function onOff(name: string, profile: Profile): Promise<BenchCase> {
  const on: Measured[] = [];
  const off: Measured[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    on.push(await runOnce(profile, true));
    off.push(await runOnce(profile, false));
    process.stderr.write(`  ${name} round ${r + 1}: on ${on[r]!.summary.consume.ratePerSec} msg/s, off ${off[r]!.summary.consume.ratePerSec} msg/s\n`);
  }
  const rate = (m: Measured) => m.summary.consume.ratePerSec;
  const e2e = (ms: Measured[]) => median(ms.map((m) => m.summary.latencyMs.e2e?.p99 ?? 0));
  const lost = on.reduce((s, m) => s + (m.summary.delivery ?? []).reduce((x, d) => x + d.lost + d.duplicated + d.reordered, 0), 0);
  const m = median(on.map(rate));
  const k = median(off.map(rate));
  return {
    name,
    mqload: { msgsPerSec: Math.round(m), runs: on.map(rate) },
    reference: { tool: 'mqload, verification off', msgsPerSec: Math.round(k), runs: off.map(rate) },
    ratio: Math.round((m / Math.max(1, k)) * 1000) / 1000,
    notes:
      `median consume rate over the load phase; CPU (whole process) per 1000 msgs on ${r1(median(on.map((x) => x.cpuMsPer1k)))} ms vs off ${r1(median(off.map((x) => x.cpuMsPer1k)))} ms; ` +
      `e2e p99 on ${r1(e2e(on))} ms vs off ${r1(e2e(off))} ms; loss/dup/reorder found with verification on: ${lost} (rounds run alternately)`,
  };
}

function loadProfile(bootstrap: string, name: string, phase: Record<string, unknown>): Profile {
  return profileOf({
    name,
    driver: { type: 'kafka', brokers: [bootstrap] },
    topics: [{ name: `mqload-bench-verify-${Date.now().toString(36)}`, partitions: 6, replicationFactor: 1, deleteAfterRun: true }],
    message: { size: 100, keys: 'none' },
    producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 20000, batch: { maxRecords: 100, lingerMs: 5 } },
    consumers: { groups: 1, perGroup: 2 },
    load: { warmup: '2s', cooldown: '2s', phases: [phase] },
  });
}

/** Result of feeding the pure verifier. */
export interface PureVerifierResult {
  messages: number;
  seconds: number;
  baselineSeconds: number;
  /** Coordinator ledger state at the end, bytes. */
  ledgerBytes: number;
  /** Largest shipment (structured-clone size estimate of the bitmaps), bytes. */
  maxShipmentBytes: number;
  /** heapUsed growth over the run (after GC when exposed), bytes. */
  heapGrowthBytes: number;
  /** Peak heapUsed seen at shipments, bytes. */
  heapPeakBytes: number;
  lost: number;
  duplicated: number;
}

/** Feeds `messages` deliveries through worker trackers into a ledger (see the file comment). */
export function feedPureVerifier(messages: number): PureVerifierResult {
  const producers = 4;
  const partitions = 12;
  const workers = 3;
  const shipEvery = 100_000;
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapStart = process.memoryUsage().heapUsed;
  let heapPeak = heapStart;
  const perProducer = Math.floor(messages / producers);
  // Baseline: the same iteration and partition arithmetic, no verification.
  const b0 = performance.now();
  let sink = 0;
  for (let seq = 0; seq < perProducer; seq++) for (let p = 0; p < producers; p++) sink += ((seq * 2654435761 + p * 97) >>> 0) % partitions;
  const baselineSeconds = (performance.now() - b0) / 1000;
  if (sink < 0) throw new Error('unreachable');

  const ledger = new DeliveryLedger(false);
  const produce = new ProduceTracker();
  const receive = Array.from({ length: workers }, () => new ReceiveTracker());
  const since = new Array<number>(workers).fill(0);
  let maxShipment = 0;
  const ship = (w: number) => {
    const received = receive[w]!.drain();
    const bytes = received.reduce((s, r) => s + r.seqs.bits.reduce((x, b) => x + b.words.byteLength, 0) + r.late.length * 8, 0);
    maxShipment = Math.max(maxShipment, bytes);
    ledger.apply({ produced: [], received });
    since[w] = 0;
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  };
  const ackBatch: number[][] = Array.from({ length: producers }, () => []);
  const ids = Array.from({ length: producers }, (_, p) => `p${p}`);
  const t0 = performance.now();
  for (let seq = 0; seq < perProducer; seq++) {
    for (let p = 0; p < producers; p++) {
      const id = ids[p]!;
      const acks = ackBatch[p]!;
      acks.push(seq);
      if (acks.length === 100) {
        produce.acked(id, acks);
        acks.length = 0;
      }
      const part = ((seq * 2654435761 + p * 97) >>> 0) % partitions;
      const w = part % workers;
      if (seq % 1_000_003 === 500_000) continue; // a gap per million
      receive[w]!.observe('g', part, id, seq);
      if (seq % 999_983 === 400_000) receive[w]!.observe('g', part, id, seq); // a duplicate per million
      if (++since[w]! >= shipEvery) ship(w);
    }
    if (seq % 250_000 === 0) ledger.apply({ produced: produce.drain(new Map(Array.from({ length: producers }, (_, p) => [`p${p}`, seq] as [string, number]))), received: [] });
  }
  for (let p = 0; p < producers; p++) produce.acked(`p${p}`, ackBatch[p]!);
  for (let w = 0; w < workers; w++) ship(w);
  ledger.apply({ produced: produce.drain(new Map(Array.from({ length: producers }, (_, p) => [`p${p}`, perProducer] as [string, number]))), received: [] });
  const [result] = ledger.results(['g'], true);
  const seconds = (performance.now() - t0) / 1000;
  gc?.();
  return {
    messages: perProducer * producers,
    seconds,
    baselineSeconds,
    ledgerBytes: ledger.byteSize(),
    maxShipmentBytes: maxShipment,
    heapGrowthBytes: process.memoryUsage().heapUsed - heapStart,
    heapPeakBytes: heapPeak,
    lost: result!.lost,
    duplicated: result!.duplicated,
  };
}

const mib = (b: number) => `${Math.round((b / 1048576) * 10) / 10} MiB`;

export const verifyCase: ExtraCase = {
  name: 'verify',
  async run(bootstrap: string): Promise<BenchCase[]> {
    const rows: BenchCase[] = [];
    rows.push(await onOff('verify-fixed-20k', loadProfile(bootstrap, 'bench-verify-fixed', { executor: 'constant-arrival-rate', rate: 20_000, duration: `${DURATION_S}s` })));
    rows.push(await onOff('verify-max-throughput', loadProfile(bootstrap, 'bench-verify-max', { executor: 'max-throughput', duration: `${DURATION_S}s` })));
    const pure = feedPureVerifier(PURE_MESSAGES);
    const rate = pure.messages / pure.seconds;
    const base = pure.messages / Math.max(1e-9, pure.baselineSeconds);
    process.stderr.write(`  pure verifier: ${pure.messages} msgs in ${pure.seconds.toFixed(1)} s, ledger ${pure.ledgerBytes} B, heap +${mib(pure.heapGrowthBytes)} (peak ${mib(pure.heapPeakBytes)})\n`);
    rows.push({
      name: `verify-pure-${Math.round(pure.messages / 1e6)}M`,
      mqload: { msgsPerSec: Math.round(rate), runs: [rate] },
      reference: { tool: 'same loop, no verification', msgsPerSec: Math.round(base), runs: [base] },
      ratio: Math.round((rate / base) * 1000) / 1000,
      notes:
        `${pure.messages} deliveries (4 producers, 12 partitions, 3 workers): ledger state at the end ${pure.ledgerBytes} B, ` +
        `largest shipment ${mib(pure.maxShipmentBytes)}, heap growth ${mib(pure.heapGrowthBytes)}, heap peak ${mib(pure.heapPeakBytes)}; ` +
        `found lost ${pure.lost}, duplicated ${pure.duplicated} (planted ~1 per million each)`,
    });
    return rows;
  },
};

// Run alone: node --expose-gc dist/bench/verify-case.js
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bootstrap = process.env['MQLOAD_BENCH_BROKERS'] ?? '127.0.0.1:9092';
  verifyCase.run(bootstrap).then(
    (rows) => {
      for (const r of rows) console.log(`${r.name.padEnd(26)} on ${String(r.mqload.msgsPerSec).padStart(10)}  off ${String(r.reference.msgsPerSec).padStart(10)}  ratio ${r.ratio.toFixed(3)}\n    ${r.notes}`);
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.stack : err);
      process.exitCode = 1;
    },
  );
}
