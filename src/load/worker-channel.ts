/**
 * The link between a load worker and the coordinator, whichever way the worker runs: a worker
 * thread (its `parentPort`, `workerData` as the init) or a child process (its IPC channel with
 * structured-clone serialisation; the coordinator sends the init as the first message). A client
 * library whose native addon cannot run in worker threads (librdkafka) gets child processes; see
 * `workerIsolation` in src/drivers/index.ts. CPU time is the thread's for a thread, and the whole
 * process's (the client library's own threads included) for a process.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { threadCpuMs } from '../collectors/proc.js';
import type { FromWorker, ToWorker, WorkerInit } from './protocol.js';

/** The first message a child-process worker receives. */
export interface WorkerInitMessage {
  type: 'init';
  init: WorkerInit;
}

export interface WorkerChannel {
  readonly kind: 'thread' | 'process';
  readonly init: WorkerInit;
  send(m: FromWorker): void;
  onMessage(listener: (m: ToWorker) => void): void;
  /** CPU time used so far by this worker (thread or process), or null where unknown. */
  cpuMs(): { userMs: number; systemMs: number } | null;
  /** Ends the channel after pending messages went out (a child process then exits). */
  close(): void;
}

/** Opens the channel of this worker; resolves once the init is known. */
export function openWorkerChannel(): Promise<WorkerChannel> {
  if (parentPort) {
    const port = parentPort;
    return Promise.resolve({
      kind: 'thread',
      init: workerData as WorkerInit,
      send: (m) => port.postMessage(m),
      onMessage: (l) => port.on('message', l),
      cpuMs: threadCpuMs,
      close: () => port.close(),
    });
  }
  const send = process.send?.bind(process);
  if (!send) return Promise.reject(new Error('a load worker must run as a worker thread or a forked child process'));
  // The coordinator gone, nothing is left to report to: a child must not outlive it.
  process.once('disconnect', () => process.exit(0));
  return new Promise((resolve) => {
    const listeners: Array<(m: ToWorker) => void> = [];
    /** Messages that came before the first listener (none are expected; none may be lost). */
    const early: ToWorker[] = [];
    let unsent = 0;
    let closing = false;
    const exitIfDone = () => {
      if (closing && unsent === 0) process.exit(0);
    };
    process.on('message', (m: WorkerInitMessage | ToWorker) => {
      if (m.type === 'init') {
        resolve({
          kind: 'process',
          init: m.init,
          send: (out) => {
            unsent++;
            send(out, () => {
              unsent--;
              exitIfDone();
            });
          },
          onMessage: (l) => {
            listeners.push(l);
            for (const m of early.splice(0)) l(m);
          },
          cpuMs: () => {
            const u = process.cpuUsage();
            return { userMs: u.user / 1000, systemMs: u.system / 1000 };
          },
          close: () => {
            // Exit once the last messages are out: a client library's handles must not keep the process.
            closing = true;
            exitIfDone();
          },
        });
      } else if (listeners.length === 0) early.push(m);
      else for (const l of listeners) l(m);
    });
  });
}
