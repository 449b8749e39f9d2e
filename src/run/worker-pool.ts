/**
 * Spawns the load worker threads and talks to them: waits until every worker is ready,
 * starts them together, collects one snapshot per worker per interval, stops producers, and
 * shuts everything down. A worker's fatal setup error rejects `ready()` with its exit code.
 */
import { Worker } from 'node:worker_threads';
import { MqloadError, ExitCode, type ExitCodeValue } from '../errors.js';
import type { FromWorker, ToWorker, WorkerInit } from '../load/protocol.js';

type Snapshot = Extract<FromWorker, { type: 'snapshot' }>;

/** A setup failure reported by a worker (e.g. broker unreachable). */
export class WorkerSetupError extends MqloadError {
  constructor(message: string, hint: string, exitCode: ExitCodeValue) {
    super(message, hint, exitCode);
  }
}

export class WorkerPool {
  private readonly workers: Worker[] = [];
  /** Snapshots not yet handed out, including late ones from an earlier interval (never dropped). */
  private pendingSnapshots: Snapshot[] = [];
  /** The interval `collect` is waiting for, and its waiter. */
  private collectingSeq = -1;
  private snapshotWaiter: (() => void) | null = null;
  private readonly listeners: Array<(m: FromWorker) => void> = [];
  private closedCount = 0;

  constructor(inits: WorkerInit[]) {
    const url = new URL('../load/worker.js', import.meta.url);
    for (const init of inits) {
      const w = new Worker(url, { workerData: init });
      w.on('message', (m: FromWorker) => this.route(m));
      w.on('error', (err) => this.route({ type: 'fatal', workerIndex: init.worker.workerIndex, message: err.message, exitCode: ExitCode.Internal }));
      this.workers.push(w);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** Registers a listener for every worker message (events, fatal errors, stops). */
  onMessage(listener: (m: FromWorker) => void): void {
    this.listeners.push(listener);
  }

  private route(m: FromWorker): void {
    if (m.type === 'snapshot') {
      this.pendingSnapshots.push(m);
      const current = this.pendingSnapshots.filter((s) => s.seq === this.collectingSeq).length;
      if (current >= this.workers.length) this.snapshotWaiter?.();
    }
    if (m.type === 'closed') this.closedCount++;
    for (const l of this.listeners) l(m);
  }

  private broadcast(m: ToWorker): void {
    for (const w of this.workers) w.postMessage(m);
  }

  /** Resolves when every worker connected its producers and its consumers joined their groups. */
  ready(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      let readyCount = 0;
      const timer = setTimeout(
        () => reject(new WorkerSetupError(`workers not ready after ${Math.round(timeoutMs / 1000)} s`, 'check the broker log; consumer groups may be rebalancing', ExitCode.BrokerUnreachable)),
        timeoutMs,
      );
      this.onMessage((m) => {
        if (m.type === 'ready' && ++readyCount === this.workers.length) {
          clearTimeout(timer);
          resolve();
        } else if (m.type === 'fatal') {
          clearTimeout(timer);
          reject(new WorkerSetupError(m.message, m.hint ?? 'see the message above', m.exitCode as ExitCodeValue));
        }
      });
    });
  }

  start(startWallMs: number): void {
    this.broadcast({ type: 'start', startWallMs });
  }

  /**
   * Asks every worker for its interval snapshot and waits up to `timeoutMs` for all of them.
   * Returns every snapshot that has arrived and not been returned yet: a worker that answers
   * late has its counts carried into the next interval instead of lost.
   */
  async collect(seq: number, timeoutMs: number): Promise<Snapshot[]> {
    this.collectingSeq = seq;
    const all = new Promise<void>((resolve) => (this.snapshotWaiter = resolve));
    this.broadcast({ type: 'collect', seq });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    this.snapshotWaiter = null;
    const out = this.pendingSnapshots;
    this.pendingSnapshots = [];
    return out;
  }

  /** Stops every producer and waits (up to timeoutMs + 1 s) for their in-flight sends. */
  stopProducers(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      let stopped = 0;
      const timer = setTimeout(resolve, timeoutMs + 1000);
      this.onMessage((m) => {
        if (m.type === 'producers-stopped' && ++stopped === this.workers.length) {
          clearTimeout(timer);
          resolve();
        }
      });
      this.broadcast({ type: 'stop-producers', timeoutMs });
    });
  }

  send(m: ToWorker): void {
    this.broadcast(m);
  }

  /** Asks workers to close their clients and waits up to `timeoutMs`; then terminates stragglers. */
  async shutdown(timeoutMs: number): Promise<void> {
    const done = new Promise<void>((resolve) => {
      if (this.closedCount >= this.workers.length) return resolve();
      this.onMessage(() => {
        if (this.closedCount >= this.workers.length) resolve();
      });
    });
    this.broadcast({ type: 'shutdown' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([done, new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    await Promise.allSettled(this.workers.map((w) => w.terminate()));
  }
}
