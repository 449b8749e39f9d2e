/**
 * Injecting one fault and waiting until it is repaired: signals to the local broker (restart,
 * kill then start after `downFor`, pause then resume after `duration`), a consumer crash
 * (through the workers), or a shell command whose output goes to the events log. Each action
 * emits a `fault` event when injected and a `fault-end` event when repaired (data.id pairs
 * them). When the run ends early (`env.signal` aborted) waits are cut short: a paused broker is
 * resumed and a killed one started at once, a command still running is terminated.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { RunEvent } from '../record/format.js';
import { EnvironmentError, describeError } from '../errors.js';
import { nowWallMs } from '../load/headers.js';
import type { LocalBroker, LocalBrokerLauncher } from '../local/index.js';
import type { PlannedFault } from './plan.js';
import { clientOfConnection } from './run-clients.js';

/** Output lines of one exec fault logged as events; the rest is counted. */
export const MAX_EXEC_LINES = 200;
/** How long a terminated command may take to exit before SIGKILL, ms. */
const EXEC_KILL_GRACE_MS = 3000;
/** How long a crashed consumer may take to rejoin after its down time, ms. */
const REJOIN_TIMEOUT_MS = 60_000;
/** How long killed connections may take to be open again (clients reconnecting), ms. */
const RECONNECT_TIMEOUT_MS = 30_000;
/** How often the broker is asked whether the run's connections are back, ms. */
const RECONNECT_POLL_MS = 250;

/** What an action needs from the run. */
export interface FaultEnv {
  emit(kind: RunEvent['kind'], message: string, data?: RunEvent['data']): void;
  /** Orders the workers to crash `consumerId` and rejoin after `downForMs`. */
  crashConsumer(consumerId: string, downForMs: number): void;
  /** Resolves with the rejoin time (epoch ms) of `consumerId`, or null after `timeoutMs`. */
  waitRejoin(consumerId: string, timeoutMs: number): Promise<number | null>;
  /** Aborted when the run ends. */
  signal: AbortSignal;
  /** The launcher of the run's local broker (broker faults act through it); null when its kind has none. */
  launcher: LocalBrokerLauncher | null;
  /** Closes and lists the run's connections at the broker (connection-kill); null when its kind cannot. */
  connections: { kill(): Promise<string[]>; list(): Promise<string[]> } | null;
}

/** How an injection ended: repaired at `endWall` (epoch ms), or not, with why. */
export interface FaultOutcome {
  endWall: number | null;
  error?: string;
}

/** Sleeps `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

const secs = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/**
 * Injects `f` and resolves once it is repaired (or failed). `target` is the consumer to crash
 * (consumer-crash only). Never rejects: failures are events and an `error` in the outcome.
 */
export async function injectFault(f: PlannedFault, env: FaultEnv, target?: string): Promise<FaultOutcome> {
  const data = { id: f.id, action: f.action };
  const started = nowWallMs();
  const end = (message: string): FaultOutcome => {
    const endWall = nowWallMs();
    env.emit('fault-end', message, data);
    return { endWall };
  };
  try {
    switch (f.action) {
      case 'broker-restart': {
        const launcher = need(env.launcher);
        const pid = launcher.recorded()?.pid;
        const how = launcher.shared ? `stopping this machine's broker${pid ? ` (pid ${pid})` : ''} and starting it again${f.downForMs > 0 ? ` after ${secs(f.downForMs)}` : ''}` : `stopping the local broker${pid ? ` (pid ${pid})` : ''} with SIGTERM and starting it again`;
        env.emit('fault', `broker-restart: ${how}`, data);
        const r = await launcher.restart({ warmUp: false, downForMs: f.downForMs, signal: env.signal }).catch((err: unknown) => startAgain(launcher, err));
        return end(`broker-restart: broker answering again (pid ${r.pid}) after ${secs(nowWallMs() - started)}`);
      }
      case 'broker-kill': {
        const launcher = need(env.launcher);
        const killed = await launcher.signal('SIGKILL');
        env.emit('fault', `broker-kill: killed the local broker (SIGKILL, pid ${killed.pid}); starting it again in ${secs(f.downForMs)}`, data);
        await sleep(f.downForMs, env.signal);
        const r = await launcher.up({ warmUp: false }).catch((err: unknown) => startAgain(launcher, err));
        return end(`broker-kill: broker answering again (pid ${r.pid}) after ${secs(nowWallMs() - started)}`);
      }
      case 'broker-pause': {
        const launcher = need(env.launcher);
        const paused = await launcher.signal('SIGSTOP');
        env.emit('fault', `broker-pause: froze the local broker (SIGSTOP, pid ${paused.pid}) for ${secs(f.durationMs)}`, data);
        await sleep(f.durationMs, env.signal);
        await launcher.signal('SIGCONT');
        return end(`broker-pause: resumed the broker (SIGCONT) after ${secs(nowWallMs() - started)}`);
      }
      case 'consumer-crash': {
        if (!target) throw new Error('no consumer to crash');
        env.crashConsumer(target, f.downForMs);
        env.emit('fault', `consumer-crash: consumer ${target} dies without committing; rejoins after ${secs(f.downForMs)}`, { ...data, consumer: target });
        const at = await env.waitRejoin(target, f.downForMs + REJOIN_TIMEOUT_MS);
        if (at === null) throw new Error(`consumer ${target} did not rejoin within ${secs(f.downForMs + REJOIN_TIMEOUT_MS)}`);
        return end(`consumer-crash: consumer ${target} rejoined its group after ${secs(at - started)}`);
      }
      case 'connection-kill': {
        if (!env.connections) throw new Error('this broker kind cannot close connections');
        const killed = await env.connections.kill();
        env.emit('fault', `connection-kill: closed ${killed.length} connection(s) of the run at the broker: ${killed.join(', ')}`, { ...data, connections: killed.length });
        const back = await waitReconnected(env, killed);
        return end(`connection-kill: ${back} connection(s) of the run open again after ${secs(nowWallMs() - started)}`);
      }
      case 'exec': {
        env.emit('fault', `exec: ${f.command ?? ''}`, data);
        const result = await runCommand(f, env);
        return end(`exec: ${result} after ${secs(nowWallMs() - started)}`);
      }
    }
  } catch (err) {
    const error = describeError(err);
    env.emit('fault-end', `${f.action} failed: ${error}`, { ...data, error: true });
    return { endWall: null, error };
  }
}

/**
 * Waits until every client whose connection was killed has one open again (a client reconnects
 * under its own name, or with a `-r<n>` suffix, see {@link clientOfConnection}). Resolves with
 * how many are back; throws after {@link RECONNECT_TIMEOUT_MS}.
 */
async function waitReconnected(env: FaultEnv, killed: readonly string[]): Promise<number> {
  const deadline = nowWallMs() + RECONNECT_TIMEOUT_MS;
  const wanted = new Set(killed.map(clientOfConnection));
  let open = 0;
  while (nowWallMs() < deadline && !env.signal.aborted) {
    await sleep(RECONNECT_POLL_MS, env.signal);
    const names = await env.connections!.list().catch(() => [] as string[]);
    open = new Set(names.map(clientOfConnection).filter((n) => wanted.has(n))).size;
    if (open >= wanted.size) return open;
  }
  if (env.signal.aborted) return open;
  throw new Error(`only ${open} of ${wanted.size} killed connection(s) open again after ${secs(RECONNECT_TIMEOUT_MS)}`);
}

/** The launcher a broker fault acts through; `assertFaultsRunnable` refused profiles without one before the run. */
function need(launcher: LocalBrokerLauncher | null): LocalBrokerLauncher {
  if (!launcher) throw new Error('no local broker launcher for this broker kind');
  return launcher;
}

/** How long starting the broker again is retried while its ports are still held by the old process, ms. */
const PORT_RETRY_MS = 30_000;

/**
 * Retries starting the local broker after `first` failed because a port was still in use (the
 * stopped JVM can hold its sockets for a moment after its main thread is gone). Other errors are rethrown.
 */
async function startAgain(launcher: LocalBrokerLauncher, first: unknown): Promise<LocalBroker> {
  const deadline = nowWallMs() + PORT_RETRY_MS;
  let err = first;
  while (err instanceof EnvironmentError && /already in use/.test(err.message) && nowWallMs() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    try {
      return await launcher.up({ warmUp: false });
    } catch (e) {
      err = e;
    }
  }
  throw err;
}

/**
 * Runs a shell command in its own process group, logging each output line as a `note` event
 * (up to {@link MAX_EXEC_LINES}); terminates the group when the run ends. Resolves with how it ended.
 */
function runCommand(f: PlannedFault, env: FaultEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(f.command ?? '', { shell: true, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    const log = (stream: 'stdout' | 'stderr') => (line: string) => {
      lines++;
      if (lines <= MAX_EXEC_LINES) env.emit('note', `${f.id} ${stream}: ${line}`, { id: f.id, stream });
    };
    createInterface({ input: child.stdout }).on('line', log('stdout'));
    createInterface({ input: child.stderr }).on('line', log('stderr'));
    let killTimer: NodeJS.Timeout | undefined;
    const terminate = () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      signalGroup(child.pid, 'SIGTERM');
      killTimer = setTimeout(() => signalGroup(child.pid!, 'SIGKILL'), EXEC_KILL_GRACE_MS);
    };
    env.signal.addEventListener('abort', terminate, { once: true });
    child.on('error', (err) => {
      env.signal.removeEventListener('abort', terminate);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(killTimer);
      env.signal.removeEventListener('abort', terminate);
      if (lines > MAX_EXEC_LINES) env.emit('note', `${f.id}: ${lines - MAX_EXEC_LINES} more output lines not logged`, { id: f.id });
      const how = signal ? `terminated by ${signal}${env.signal.aborted ? ' at the end of the run' : ''}` : `exited with code ${code}`;
      if (code !== 0 && code !== null) reject(new Error(`command ${how}`));
      else resolve(`command ${how}`);
    });
  });
}

/** Signals the process group led by `pid` (our own child); no error when it is gone already. */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
