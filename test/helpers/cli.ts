/**
 * Runs the real `mqload` CLI (bin/mqload.js, compiled) in a child process, for end-to-end tests.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: the nearest ancestor of this file holding `bin/mqload.js`. */
export function repoRootForTests(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'bin', 'mqload.js'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find bin/mqload.js above the test helpers');
    dir = parent;
  }
  return dir;
}

/** Outcome of one CLI run. */
export interface CliResult {
  /** Exit code (128 + signal number when killed by a signal). */
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node bin/mqload.js <args>` with `env` added to this process's environment. Kills it
 * (SIGKILL) after `timeoutMs` (default 120 s) and rejects then, with what it printed so far.
 */
export function runCli(args: string[], opts: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<CliResult> {
  const root = repoRootForTests();
  const timeoutMs = opts.timeoutMs ?? 120_000;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'mqload.js'), ...args], {
      cwd: root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`mqload ${args.join(' ')} did not finish within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? 128 + (signal === 'SIGKILL' ? 9 : 15), stdout, stderr });
    });
  });
}
