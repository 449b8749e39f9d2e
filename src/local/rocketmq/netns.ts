/**
 * Keeps the local RocketMQ off every interface but loopback. The proxy's gRPC and remoting ports
 * and the broker's HA port bind to every interface whatever the config says, so both JVMs run in
 * a network namespace of their own that has only a loopback device (`ip netns add`, root only),
 * and each port clients need is bridged to 127.0.0.1 of this machine through a unix socket, which
 * the namespaces share through the file system:
 *
 * ```
 * client ─▶ 127.0.0.1:<port> (socat TCP-LISTEN, root namespace)
 *        ─▶ <home>/sock/<port>.sock ─▶ socat UNIX-LISTEN (in the namespace) ─▶ 127.0.0.1:<port> in the namespace
 * ```
 *
 * Bridged: the gRPC port, the name server, the broker's remoting port (admin), the Prometheus
 * exporter and the two JVMs' Jolokia agents. Nothing else of the broker can be reached from
 * outside the namespace.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { spawnDetached } from '../process.js';

/** Runs `ip …`; throws {@link EnvironmentError} naming what failed. */
function ip(args: string[]): string {
  const r = spawnSync('ip', args, { encoding: 'utf8', timeout: 10_000 });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : (r.stderr || r.stdout).trim();
    throw new EnvironmentError(`\`ip ${args.join(' ')}\` failed: ${why}`, 'the local RocketMQ needs root and iproute2 (`apt-get install -y iproute2`) to run in a loopback-only network namespace');
  }
  return r.stdout;
}

/** True when the namespace exists. */
export function netnsExists(name: string): boolean {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 });
  return r.status === 0 && r.stdout.split('\n').some((l) => l.split(' ')[0] === name);
}

/** Creates the namespace (when missing) and brings its loopback up. */
export function ensureNetns(name: string): void {
  if (!netnsExists(name)) ip(['netns', 'add', name]);
  ip(['netns', 'exec', name, 'ip', 'link', 'set', 'lo', 'up']);
}

/** Deletes the namespace (no error when it is gone). */
export function deleteNetns(name: string): void {
  if (netnsExists(name)) ip(['netns', 'delete', name]);
}

/** Throws {@link EnvironmentError} when socat is missing. */
export function requireSocat(): void {
  const r = spawnSync('socat', ['-V'], { encoding: 'utf8', timeout: 10_000 });
  if (r.error) throw new EnvironmentError('socat was not found (no `socat` on PATH); the local RocketMQ bridges its ports to 127.0.0.1 with it', 'install it (Debian/Ubuntu: `apt-get install -y socat`)');
}

/** Spawns a command inside the namespace, detached; its pid is the command's (`ip netns exec` execs it). */
export function spawnInNetns(name: string, command: string, args: readonly string[], opts: { cwd: string; outputFile: string }): number {
  return spawnDetached('ip', ['netns', 'exec', name, command, ...args], opts);
}

/**
 * Bridges `port` of the namespace to 127.0.0.1:`port` here: two socat processes (the one in the
 * namespace first). Returns their pids.
 */
export function bridgePort(name: string, port: number, sockDir: string, logFile: string, cwd: string): number[] {
  mkdirSync(sockDir, { recursive: true });
  const sock = join(sockDir, `${port}.sock`);
  rmSync(sock, { force: true });
  const inner = spawnInNetns(name, 'socat', [`UNIX-LISTEN:${sock},fork,unlink-early`, `TCP:127.0.0.1:${port}`], { cwd, outputFile: logFile });
  const outer = spawnDetached('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,backlog=128`, `UNIX-CONNECT:${sock}`], { cwd, outputFile: logFile });
  return [inner, outer];
}
