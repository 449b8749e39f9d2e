/**
 * Runs one profile end to end: plan → broker preparation → worker threads → one timeline entry
 * per interval (appended to the run record as it goes) → stop, drain, summary. Live outputs
 * (progress line, Prometheus) and collectors hang off the same interval loop. Ctrl-C/SIGTERM
 * stops the load, waits briefly for in-flight sends, and still writes `summary.json` with
 * status `interrupted`.
 */
import { randomBytes } from 'node:crypto';
import { createDriver } from '../drivers/index.js';
import { describeError, MqloadError } from '../errors.js';
import type { Profile } from '../profile/schema.js';
import type { RunPlan } from '../plan/types.js';
import type { RunEvent, RunPhaseKind, Sample } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import { preflightProfile } from './preflight.js';
import { redactValue } from '../profile/redact.js';
import { RunRecordWriter } from '../record/writer.js';
import type { WorkerInit } from '../load/protocol.js';
import { nowWallMs } from '../load/headers.js';
import { targetRateAt } from '../load/schedule.js';
import { WorkerPool } from './worker-pool.js';
import { StallWatch, consumersCaughtUp } from './caught-up.js';
import { Cumulative, mergeSnapshots } from './aggregate.js';
import { buildSummary } from './summary.js';
import { prepareBroker, positionGroups, cleanupBroker } from './broker-setup.js';
import type { RunOutput } from './outputs.js';
import type { RunHooks } from './hooks.js';
import { isPartial, type ExecutionSegment } from '../plan/execution-segment.js';
import type { SegmentFile } from '../record/segment.js';

export interface RunOptions {
  /** Run directory (created; must not hold a record already). */
  dir: string;
  /** Worker threads (default: number of cores). */
  workers: number;
  outputs: RunOutput[];
  /** Optional extensions: collectors, delivery verification, faults. */
  hooks?: RunHooks;
  /** Stop signal (Ctrl-C); when aborted the run ends as `interrupted`. */
  signal?: AbortSignal;
  /** How long producers may take to finish in-flight sends at the end, ms. */
  stopTimeoutMs?: number;
  /** The run id (`--run-id`; every segment of one run shares it); default a new one. */
  runId?: string;
  /** Run only this share of the profile (`--segment K/N`); see `plan/execution-segment.ts`. */
  segment?: ExecutionSegment;
  /** Start the load at this wall-clock instant, epoch ms (`--start-at`); a run that gets there late starts at once and says so. */
  startAtMs?: number;
}

export interface RunResult {
  summary: RunSummary;
  plan: RunPlan;
  dir: string;
}

/** UTC time to the second as a run id writes it, e.g. `20261204-153000`. */
export function runIdTime(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\..+$/, '').replace('T', '-');
}

/** A short, sortable, unique run id. */
export function newRunId(now = new Date()): string {
  return `${runIdTime(now)}-${randomBytes(2).toString('hex')}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(t);
      resolve();
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A rate scaled by a segment's share (null = unthrottled stays null). */
function scaleRate(rate: number | null, share: number): number | null {
  return rate === null ? null : rate * share;
}

export async function runProfile(profile: Profile, opts: RunOptions): Promise<RunResult> {
  const runId = opts.runId ?? newRunId();
  const plan = preflightProfile(profile, { workers: opts.workers, runId, ...(opts.segment ? { segment: opts.segment } : {}) });
  /** One share of several: the groups and topics belong to all segments, so this one neither positions late nor cleans up. */
  const partial = isPartial(plan.execution);
  const rateShare = plan.execution?.rateShare ?? 1;
  const writer = new RunRecordWriter(opts.dir);
  const startedAt = new Date();
  const driver = createDriver(plan.driver, { clientId: `mqload-${runId}-coordinator`, logDir: opts.dir });
  const hooks = opts.hooks;
  const signal = opts.signal;
  const events: RunEvent[] = [];
  let t0Wall = nowWallMs();
  const emitEvent = (kind: RunEvent['kind'], message: string, data?: RunEvent['data']) => {
    const ts = Date.now();
    // Redacted here, so the record, the console and every other output see the same safe text.
    const ev: RunEvent = redactValue({ t: Math.max(0, (nowWallMs() - t0Wall) / 1000), ts, kind, message, ...(data ? { data } : {}) });
    events.push(ev);
    writer.appendEvent(ev);
    for (const o of opts.outputs) o.event?.(ev);
  };
  const emitSamples = (raw: Sample[]) => {
    const samples = redactValue(raw); // instance and label values (e.g. a Jolokia URL with a password) reach Prometheus labels
    writer.appendSamples(samples);
    for (const o of opts.outputs) o.samples?.(samples);
  };

  let broker: { settings: Record<string, string> };
  try {
    broker = await prepareBroker(driver, plan);
  } catch (err) {
    await driver.close();
    throw err;
  }
  writer.create();
  writer.writeProfile(profile);
  writer.writeBroker({ kind: driver.kind, capabilities: driver.capabilities, ...(Object.keys(broker.settings).length > 0 ? { settings: broker.settings } : {}) });
  const segmentFile = (t0: number | null, status: SegmentFile['status']): SegmentFile | null =>
    plan.execution
      ? { runId, index: plan.execution.index, count: plan.execution.count, share: plan.execution, startAt: opts.startAtMs === undefined ? null : new Date(opts.startAtMs).toISOString(), t0, lateMs: opts.startAtMs === undefined || t0 === null ? 0 : Math.max(0, t0 - opts.startAtMs), status }
      : null;
  const writeSegment = (t0: number | null, status: SegmentFile['status']) => {
    const f = segmentFile(t0, status);
    if (f) writer.writeSegment(f);
  };
  writeSegment(null, 'running');
  for (const o of opts.outputs) await o.begin?.(plan, opts.dir);

  const inits: WorkerInit[] = plan.workers.map((worker) => ({
    runId,
    clientTag: plan.execution ? `s${plan.execution.index}-w${worker.workerIndex}` : `w${worker.workerIndex}`,
    worker,
    driver: plan.driver,
    segments: plan.segments,
    warmupMs: plan.warmupMs,
    message: plan.message,
    verify: hooks?.verification !== undefined,
    logDir: opts.dir,
  }));
  const pool = new WorkerPool(inits);
  pool.onMessage((m) => {
    if (m.type === 'event') emitEvent(m.kind, m.message, { worker: m.workerIndex });
    hooks?.onWorkerMessage?.(m);
  });
  const cumulative = new Cumulative();
  let status: RunSummary['status'] = 'completed';
  let reason: string | undefined;
  let summary: RunSummary | null = null;
  let loadStarted = false;
  try {
    const ready = pool.ready(60_000);
    ready.catch(() => undefined); // awaited below; avoid an unhandled rejection while groups are positioned
    // A share that reaches this point after the common start leaves the groups as the punctual shares set them.
    const lateForPositioning = partial && opts.startAtMs !== undefined && nowWallMs() >= opts.startAtMs;
    if (lateForPositioning) emitEvent('note', `segment ${plan.execution!.index}/${plan.execution!.count} reached the broker after --start-at: the groups were positioned by the segments that started in time, so this one only joins them`);
    else await positionGroups(driver, plan);
    pool.send({ type: 'start-consumers' });
    await ready;
    await hooks?.beforeLoad?.({ plan, driver, pool, emitEvent, emitSamples, t0: () => t0Wall, writeDeliveryState: (f) => writer.writeDeliveryState(f) });
    t0Wall = nowWallMs() + 50;
    if (opts.startAtMs !== undefined) {
      if (opts.startAtMs >= t0Wall) {
        await sleep(opts.startAtMs - 50 - nowWallMs(), signal);
        t0Wall = opts.startAtMs;
      } else emitEvent('note', `started ${((t0Wall - opts.startAtMs) / 1000).toFixed(1)} s after --start-at ${new Date(opts.startAtMs).toISOString()}: this run's schedule is shifted by that much`, { lateMs: Math.round(t0Wall - opts.startAtMs) });
    }
    if (signal?.aborted) t0Wall = nowWallMs();
    pool.start(t0Wall);
    loadStarted = true;
    writeSegment(t0Wall, 'running');
    emitEvent('phase', plan.warmupMs > 0 ? `warm-up ${plan.warmupMs / 1000} s` : 'load');

    const interval = plan.intervalMs;
    let seq = 0;
    let stopSent = false;
    let drainUntil = Infinity;
    const drainStall = new StallWatch();
    let lastPhase: RunPhaseKind = 'warmup';
    /** Collects one interval from the workers and appends it everywhere. */
    const recordInterval = async (tMs: number, phase: RunPhaseKind, intervalSec: number) => {
      const snaps = await pool.collect(seq, Math.min(500, interval / 2));
      if (phase !== lastPhase) emitEvent('phase', phase);
      lastPhase = phase;
      const mid = tMs - (intervalSec * 1000) / 2;
      const seg = plan.segments.find((s) => mid >= s.startMs && mid < s.endMs);
      const { entry, hists, warmHists } = mergeSnapshots(
        snaps.map((s) => s.snapshot),
        {
          t: tMs / 1000,
          ts: Date.now(),
          phase,
          phaseIndex: seg && phase !== 'drain' ? seg.phaseIndex : -1,
          targetRate: phase === 'drain' ? 0 : scaleRate(targetRateAt(plan.segments, tMs - 1), rateShare),
          intervalSec,
        },
      );
      // In-flight is a gauge: a late snapshot carried into this interval must not count twice.
      const latest = new Map<number, (typeof snaps)[number]>();
      for (const s of snaps) if ((latest.get(s.workerIndex)?.seq ?? -1) < s.seq) latest.set(s.workerIndex, s);
      entry.inFlight = [...latest.values()].reduce((sum, s) => sum + s.snapshot.inFlight, 0);
      writer.appendTimeline(entry);
      cumulative.add(entry, hists, warmHists);
      cumulative.inFlightAtEnd = entry.inFlight;
      hooks?.onInterval?.(entry, snaps);
      for (const o of opts.outputs) o.interval?.(entry, cumulative);
    };
    for (;;) {
      seq++;
      const due = t0Wall + seq * interval;
      await sleep(Math.max(0, due - nowWallMs()), signal);
      if (signal?.aborted) {
        status = 'interrupted';
        reason = 'interrupted by signal';
        break;
      }
      const tMs = seq * interval;
      const phase: RunPhaseKind = stopSent ? 'drain' : tMs <= plan.warmupMs ? 'warmup' : tMs <= plan.warmupMs + plan.loadMs ? 'load' : 'cooldown';
      await recordInterval(tMs, phase, interval / 1000);

      if (!stopSent && tMs >= plan.totalMs) {
        await pool.stopProducers(opts.stopTimeoutMs ?? 10_000);
        stopSent = true;
        const grace = plan.profile.verify?.graceMs ?? 5000;
        drainUntil = nowWallMs() + grace;
        emitEvent('phase', `drain (up to ${grace / 1000} s)`);
        // Always record at least one drain interval: the acks that completed while producers
        // were stopping, and what consumers received meanwhile, are only in the next snapshot.
        continue;
      }
      if (stopSent) {
        const expected = cumulative.all.produce.acked * plan.groups.length;
        const received = cumulative.all.consume.received;
        if (plan.groups.length === 0 || nowWallMs() >= drainUntil) break;
        // A share's consumers also read the other shares' messages, and its own messages may go to theirs:
        // its counts never match, so only the broker can say that nothing more is coming.
        if (partial) {
          if (!plan.workers.some((w) => w.consumers.length > 0)) break;
          // Caught up: one more interval, so what the consumers received since the last snapshot is in the timeline.
          if (drainStall.check(received) && (await consumersCaughtUp(driver, plan))) drainUntil = 0;
          continue;
        }
        if (received >= expected) break;
        // Messages a crashed consumer took with it never come: once receiving has stalled and the
        // broker holds nothing more for any group, the rest of the grace is waiting for nothing.
        if (drainStall.check(received) && (await consumersCaughtUp(driver, plan))) {
          emitEvent('note', `drain ended early: consumers received ${received} of ${expected} and the broker holds nothing more for them`);
          break;
        }
      }
    }
    if (status === 'interrupted') {
      emitEvent('interrupt', 'run interrupted; stopping producers');
      await pool.stopProducers(2000);
      // A last, partial interval so acks that arrived while stopping are counted.
      const tMs = nowWallMs() - t0Wall;
      seq++;
      await recordInterval(tMs, 'drain', Math.max(0.001, (tMs - (seq - 1) * interval) / 1000));
    }
  } catch (err) {
    status = 'failed';
    reason = describeError(err);
    if (!(err instanceof MqloadError)) reason += err instanceof Error && err.stack ? `\n${err.stack}` : '';
    throw err;
  } finally {
    await hooks?.afterLoad?.();
    await pool.shutdown(10_000);
    if (partial) emitEvent('note', `segment ${plan.execution!.index}/${plan.execution!.count}: the run's groups and topics are shared with the other segments, so this one leaves them in place (deleteAfterRun is not applied)`);
    else for (const p of await cleanupBroker(driver, plan)) emitEvent('note', p);
    await driver.close();
    summary = buildSummary({ plan, cumulative, status, reason, startedAt, endedAt: new Date(), workers: pool.size, extraSource: hooks?.metricSource?.() });
    hooks?.decorateSummary?.(summary);
    summary = redactValue(summary); // its reason and error texts reach the console summary too
    writer.writeSummary(summary);
    writeSegment(loadStarted ? t0Wall : null, status);
  }
  for (const o of opts.outputs) await o.end?.(summary);
  return { summary, plan, dir: opts.dir };
}
