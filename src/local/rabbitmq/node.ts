/**
 * This machine's RabbitMQ node as the OS shows it, without `rabbitmqctl`: the `beam.smp`
 * process that runs the `rabbit` application (found in `/proc`), its data directory, the TCP
 * ports listening on the machine (`/proc/net/tcp*`), and a TCP probe. Linux only; elsewhere
 * nothing is found. Synchronous where the launcher interface is ({@link findRabbitNode}).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';

/** A RabbitMQ node process found on this machine. */
export interface RabbitNodeProcess {
  /** Process id of the node's `beam.smp`. */
  pid: number;
  /** Its mnesia base directory (`$RABBITMQ_MNESIA_BASE`, default `$HOME/mnesia` of the node), when it exists. */
  dataDir?: string;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** True when process `pid` is a `beam.smp` booting the `rabbit` application (`-s rabbit boot`). */
export function isRabbitNode(pid: number): boolean {
  const cmd = readText(`/proc/${pid}/cmdline`);
  if (cmd === null) return false;
  const args = cmd.split('\0');
  if (!args[0]?.endsWith('beam.smp')) return false;
  return args.some((a, i) => a === '-s' && args[i + 1] === 'rabbit');
}

/** The node's data directory from its environment, when readable and present. */
function dataDirOf(pid: number): string | undefined {
  const env = readText(`/proc/${pid}/environ`);
  if (env === null) return undefined;
  const vars = new Map(env.split('\0').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as const));
  const dir = vars.get('RABBITMQ_MNESIA_BASE') ?? (vars.has('HOME') ? join(vars.get('HOME')!, 'mnesia') : undefined);
  return dir !== undefined && existsSync(dir) ? dir : undefined;
}

/** The RabbitMQ node running on this machine (the lowest pid if several), or null. Scans `/proc`: a few ms. */
export function findRabbitNode(): RabbitNodeProcess | null {
  if (process.platform !== 'linux') return null;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  const pids = entries.filter((e) => /^\d+$/.test(e)).map(Number).sort((a, b) => a - b);
  for (const pid of pids) {
    if (!isRabbitNode(pid)) continue;
    const dataDir = dataDirOf(pid);
    return dataDir !== undefined ? { pid, dataDir } : { pid };
  }
  return null;
}

/** One listening TCP socket: its local address (IPv4 dotted or IPv6 hex text) and port. */
export interface Listener {
  address: string;
  port: number;
}

/** IPv4 address of `/proc/net/tcp`'s little-endian hex. */
function ipv4(hex: string): string {
  const n = parseInt(hex, 16);
  return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
}

/** Sockets in LISTEN state on this machine (every process), from `/proc/net/tcp` and `tcp6`. */
export function listeningSockets(): Listener[] {
  const out: Listener[] = [];
  for (const [file, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
    const text = readText(file);
    if (text === null) continue;
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || f[3] !== '0A') continue;
      const [addr, port] = f[1]!.split(':');
      out.push({ address: v6 ? addr! : ipv4(addr!), port: parseInt(port!, 16) });
    }
  }
  return out;
}

/** Listeners on `port` bound to something other than 127.0.0.1 (e.g. 0.0.0.0 or `::`): a plugin serving beyond loopback. */
export function listenersBeyondLoopback(port: number): Listener[] {
  return listeningSockets().filter((l) => l.port === port && l.address !== '127.0.0.1' && l.address !== '00000000000000000000000001000000');
}

/** Resolves true when `host:port` accepts a TCP connection within `timeoutMs`. Never rejects. */
export function tcpAnswers(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
  });
}
