/**
 * Process control of a local broker (a JVM, an Erlang node, …): spawn it detached (it outlives
 * the CLI), check it is alive, send signals, and stop it (SIGTERM, wait, then SIGKILL).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Spawns `command args` detached from this process (own process group, stdout/stderr appended to
 * `opts.outputFile`, whose directory is created, not waited for), in `opts.cwd`. Returns its pid.
 */
export function spawnDetached(command: string, args: readonly string[], opts: { cwd: string; outputFile: string }): number {
  mkdirSync(dirname(opts.outputFile), { recursive: true });
  const out = openSync(opts.outputFile, 'a');
  try {
    const child = spawn(command, args, {
      cwd: opts.cwd,
      detached: true,
      stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error(`could not spawn ${command}`);
    child.unref();
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** `/proc/<pid>/cmdline` with NULs as spaces; null where /proc does not exist (not Linux). */
export function processCommandLine(pid: number): string | null {
  if (!existsSync('/proc/self/cmdline')) return null;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

/**
 * True while `pid` exists and has not finished exiting. A process whose main thread is already a
 * zombie but whose other threads still run (a JVM tearing down after SIGKILL still holds its
 * sockets then) counts as alive; a zombie with no thread left (exited, not yet reaped) does not.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ESRCH') return false;
    if (code === 'EPERM') return true; // exists, owned by someone else
    throw err;
  }
  if (!existsSync('/proc/self/stat')) return true; // not Linux: cannot tell more
  try {
    // Field 3 (after "pid (comm)") is the state; Z = zombie.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    if (state !== 'Z') return true;
    return readdirSync(`/proc/${pid}/task`).length > 1;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Sends `signal` to `pid`; false when the process no longer exists. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw err;
  }
}

/** Resolves true once `pid` has exited, false if it is still alive after `timeoutMs`. */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((r) => setTimeout(r, 200));
  }
  return true;
}

/** How a stop ended. */
export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/**
 * Stops `pid`: SIGTERM (plus SIGCONT, so a paused broker can handle it), waits up to `graceMs`
 * for a clean shutdown, then SIGKILL and waits again.
 * Throws if the process survives SIGKILL for 10 s.
 */
export async function stopProcess(pid: number, graceMs: number): Promise<StopOutcome> {
  if (!signalProcess(pid, 'SIGTERM')) return 'not-running';
  signalProcess(pid, 'SIGCONT');
  if (await waitForExit(pid, graceMs)) return 'terminated';
  signalProcess(pid, 'SIGKILL');
  if (await waitForExit(pid, 10_000)) return 'killed';
  throw new Error(`process ${pid} is still alive 10 s after SIGKILL`);
}

/**
 * Runs `command args` to completion, collecting stdout and stderr together (the last 100,000
 * characters). Resolves with its exit code (128 when killed by a signal) and output; rejects only
 * when it cannot be spawned. The output may be shown in errors: pass no secret on the command line.
 */
export function runCommand(command: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: opts.env ?? process.env, ...(opts.cwd !== undefined ? { cwd: opts.cwd } : {}) });
    let output = '';
    const collect = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-100_000);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.once('error', reject);
    child.once('close', (code, signal) => resolvePromise({ code: code ?? (signal ? 128 : 1), output }));
  });
}

/** Resolves after `ms`, or at once when `signal` aborts (or has aborted). */
export function pauseFor(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
  });
}
