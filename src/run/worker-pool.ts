/**
 * Spawns the load workers and talks to them: waits until every worker is ready,
 * starts them together, collects one snapshot per worker per interval, stops producers, and
 * shuts everything down. A worker's fatal setup error rejects `ready()` with its exit code.
 * Workers are threads, or child processes when the driver's client cannot run in threads
 * ({@link workerIsolation}); both speak the same messages.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { workerIsolation } from '../drivers/index.js';
import { MqloadError, ExitCode, type ExitCodeValue } from '../errors.js';
import type { FromWorker, ToWorker, WorkerInit } from '../load/protocol.js';
import type { WorkerInitMessage } from '../load/worker-channel.js';

type Snapshot = Extract<FromWorker, { type: 'snapshot' }>;

/** A setup failure reported by a worker (e.g. broker unreachable). */
export class WorkerSetupError extends MqloadError {
  constructor(message: string, hint: string, exitCode: ExitCodeValue) {
    super(message, hint, exitCode);
  }
}

/** One running worker, thread or process. */
interface WorkerHandle {
  post(m: ToWorker): void;
  terminate(): Promise<unknown>;
}

/** Starts a worker thread. */
function startThread(url: URL, init: WorkerInit, route: (m: FromWorker) => void): WorkerHandle {
  const w = new Worker(url, { workerData: init });
  w.on('message', route);
  w.on('error', (err) => route({ type: 'fatal', workerIndex: init.worker.workerIndex, message: err.message, exitCode: ExitCode.Internal }));
  return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
}

/** Starts a worker child process (structured-clone IPC, the init as its first message); an early exit is fatal. */
function startProcess(url: URL, init: WorkerInit, route: (m: FromWorker) => void): WorkerHandle {
  const child: ChildProcess = fork(fileURLToPath(url), [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let closed = false;
  child.on('message', (m: FromWorker) => {
    if (m.type === 'closed') closed = true;
    route(m);
  });
  const fatal = (message: string) => route({ type: 'fatal', workerIndex: init.worker.workerIndex, message, exitCode: ExitCode.Internal });
  child.on('error', (err) => fatal(err.message));
  child.on('exit', (code, signal) => {
    if (!closed) fatal(`worker process ${init.worker.workerIndex} exited (${signal ?? `code ${code}`}) before it was shut down`);
  });
  child.send({ type: 'init', init } satisfies WorkerInitMessage);
  return {
    post: (m) => {
      if (child.connected) child.send(m);
    },
    terminate: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // A worker that reported `closed` exits by itself once its last messages are out.
      if (closed) await Promise.race([exited, new Promise((r) => setTimeout(r, 2000).unref())]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

export class WorkerPool {
  private readonly workers: WorkerHandle[] = [];
  /** Snapshots not yet handed out, including late ones from an earlier interval (never dropped). */
  private pendingSnapshots: Snapshot[] = [];
  /** The interval `collect` is waiting for, and its waiter. */
  private collectingSeq = -1;
  private snapshotWaiter: (() => void) | null = null;
  private readonly listeners: Array<(m: FromWorker) => void> = [];
  private closedCount = 0;

  constructor(inits: WorkerInit[]) {
    const url = new URL('../load/worker.js', import.meta.url);
    const start = inits[0] && workerIsolation(inits[0].driver) === 'process' ? startProcess : startThread;
    for (const init of inits) this.workers.push(start(url, init, (m) => this.route(m)));
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
    for (const w of this.workers) w.post(m);
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
