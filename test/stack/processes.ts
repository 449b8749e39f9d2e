/**
 * Child processes a stack test starts (Prometheus, node_exporter, mqload): started with their
 * output kept for failure messages, and all stopped in teardown (SIGTERM, then SIGKILL after a
 * grace period). Plus free loopback ports and a bounded poll.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

/** A started child with what it printed so far. */
export interface ManagedChild {
  name: string;
  child: ChildProcess;
  /** stdout and stderr, interleaved, last 20 000 characters. */
  output(): string;
  /** Exit code or signal once it ended; null while running. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  /** How long {@link ChildProcesses.stop} waits after SIGTERM before SIGKILL, ms. */
  stopGraceMs: number;
}

const KEEP_CHARS = 20_000;

/** Starts and remembers child processes; {@link stopAll} ends every one still running. */
export class ChildProcesses {
  private readonly children: ManagedChild[] = [];

  /** Spawns `command args` (no shell), stdin closed, output captured. `stopGraceMs` defaults to 5000. */
  start(name: string, command: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; stopGraceMs?: number } = {}): ManagedChild {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    const keep = (chunk: Buffer) => {
      out = (out + chunk.toString('utf8')).slice(-KEEP_CHARS);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => (exit = { code, signal }));
    child.once('error', (err) => {
      out += `\n[spawn error] ${err.message}`;
      exit = { code: -1, signal: null };
    });
    const managed: ManagedChild = { name, child, output: () => out, exited: () => exit, stopGraceMs: opts.stopGraceMs ?? 5000 };
    this.children.push(managed);
    return managed;
  }

  /** Stops one child: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
  async stop(c: ManagedChild, graceMs = c.stopGraceMs): Promise<void> {
    if (c.exited() || c.child.exitCode !== null || c.child.signalCode !== null || c.child.pid === undefined) return;
    const done = new Promise<void>((resolve) => c.child.once('exit', () => resolve()));
    c.child.kill('SIGTERM');
    const timer = setTimeout(() => c.child.kill('SIGKILL'), graceMs);
    await done;
    clearTimeout(timer);
  }

  /** Stops every child still running, last started first. */
  async stopAll(): Promise<void> {
    for (const c of [...this.children].reverse()) await this.stop(c);
  }
}

/** A TCP port free on 127.0.0.1 right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Calls `probe` every `intervalMs` until it returns a value other than undefined, and returns
 * that. Rejects after `timeoutMs` with `what` and the last probe error, if any. A probe that
 * throws an error with `fatal: true` stops the wait at once.
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined>, intervalMs = 500): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (err) {
      if ((err as { fatal?: boolean }).fatal) throw err;
      last = err;
    }
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** An error that stops {@link waitFor} at once. */
export function fatal(message: string): Error {
  return Object.assign(new Error(message), { fatal: true });
}
