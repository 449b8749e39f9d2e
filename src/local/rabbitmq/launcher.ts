/**
 * This machine's RabbitMQ as a {@link LocalBrokerLauncher}. mqload neither installs nor starts
 * RabbitMQ: it recognises a node on 127.0.0.1 that `rabbitmqctl` controls (the `beam.smp`
 * process booting `rabbit`, found in `/proc`), so the broker-process collector samples its CPU
 * and memory as for the local Kafka. The broker is shared (other clients may use it), so the
 * only broker fault is `broker-restart`, and only with `faults[].allowSharedBroker: true`
 * (`src/faults/plan.ts` refuses it otherwise, exit 2). A restart is `rabbitmqctl stop_app`,
 * the fault's `downFor`, `rabbitmqctl start_app`; the Erlang node keeps running, so the
 * plugins' in-memory listener settings (scripts/rabbitmq-plugins.sh binds them to 127.0.0.1)
 * survive, and the restart checks they did: it resolves once the AMQP port answers, the
 * management and Prometheus ports that answered before answer again, and none of them listens
 * beyond loopback.
 */
import { execFile } from 'node:child_process';
import type { DriverConfig } from '../../drivers/types.js';
import { urlOf } from '../../drivers/rabbitmq/config.js';
import { brokersOfUrl } from '../../drivers/rabbitmq/url.js';
import { EnvironmentError } from '../../errors.js';
import type { LocalBroker, LocalBrokerLauncher } from '../types.js';
import { findRabbitNode, isRabbitNode, listenersBeyondLoopback, tcpAnswers } from './node.js';

/** The AMQP, management and Prometheus ports of the local node (RabbitMQ's defaults). */
export const RABBIT_PORTS = { amqp: 5672, management: 15672, prometheus: 15692 } as const;
const HOST = '127.0.0.1';
const BOOTSTRAP = `${HOST}:${RABBIT_PORTS.amqp}`;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
/** How long `rabbitmqctl stop_app` / `start_app` may take, ms. */
const CTL_TIMEOUT_MS = 120_000;
/** How long the ports may take to answer after `start_app` returned, ms. */
const READY_TIMEOUT_MS = 60_000;
const INSTALL_HINT = 'mqload acts on a RabbitMQ node that runs on this machine and that `rabbitmqctl` controls (run as root or the rabbitmq user); start it with `rabbitmq-server -detached`';

/** Runs `rabbitmqctl <args>` (PATH plus /usr/sbin); resolves with stdout, rejects with {@link EnvironmentError}. */
export function rabbitmqctl(args: readonly string[], timeoutMs = CTL_TIMEOUT_MS): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PATH: `${process.env['PATH'] ?? ''}:/usr/sbin:/usr/lib/rabbitmq/bin` };
    execFile('rabbitmqctl', [...args], { env, timeout: timeoutMs, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (!err) return resolve(stdout);
      const detail = (stderr || stdout || err.message).trim().split('\n').slice(-3).join(' ');
      reject(new EnvironmentError(`rabbitmqctl ${args.join(' ')} failed: ${detail}`, INSTALL_HINT));
    });
  });
}

function brokerOf(pid: number, dataDir: string | undefined): LocalBroker {
  return dataDir !== undefined ? { pid, bootstrap: BOOTSTRAP, dataDir } : { pid, bootstrap: BOOTSTRAP };
}

function recorded(): LocalBroker | null {
  const n = findRabbitNode();
  return n ? brokerOf(n.pid, n.dataDir) : null;
}

/** The node, or an {@link EnvironmentError} saying there is none. */
function requireNode(): LocalBroker {
  const b = recorded();
  if (!b) throw new EnvironmentError('no RabbitMQ node runs on this machine', INSTALL_HINT);
  return b;
}

/** Waits until `host:port` answers, up to `deadline` (epoch ms). */
async function waitPort(port: number, deadline: number): Promise<boolean> {
  while (Date.now() < deadline) {
    if (await tcpAnswers(HOST, port, 1000)) return true;
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

/** The plugin ports answering now (they must answer again after a restart). */
async function answeringPluginPorts(): Promise<number[]> {
  const ports = [RABBIT_PORTS.management, RABBIT_PORTS.prometheus];
  const up = await Promise.all(ports.map((p) => tcpAnswers(HOST, p, 1000)));
  return ports.filter((_, i) => up[i]);
}

/**
 * Starts the app and waits until the AMQP port and `plugins` answer on 127.0.0.1; throws
 * {@link EnvironmentError} when they do not within {@link READY_TIMEOUT_MS} or a port listens beyond loopback.
 */
async function startApp(plugins: readonly number[]): Promise<LocalBroker> {
  await rabbitmqctl(['start_app']);
  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (const port of [RABBIT_PORTS.amqp, ...plugins]) {
    if (!(await waitPort(port, deadline))) throw new EnvironmentError(`RabbitMQ started, but ${HOST}:${port} does not answer after ${READY_TIMEOUT_MS / 1000} s`, 'check `rabbitmqctl status` and the node log');
  }
  const exposed = [RABBIT_PORTS.amqp, ...plugins].flatMap((p) => listenersBeyondLoopback(p).map((l) => `${l.address}:${l.port}`));
  if (exposed.length > 0 && plugins.length > 0) {
    throw new EnvironmentError(`after start_app a RabbitMQ port listens beyond loopback (${exposed.join(', ')})`, 'run `bash scripts/rabbitmq-plugins.sh` to bind the plugins to 127.0.0.1 again');
  }
  return requireNode();
}

/** Sleeps `ms`, or less when `signal` aborts (the run ended: start the app at once). */
function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export const rabbitmqLauncher: LocalBrokerLauncher = {
  kind: 'rabbitmq',
  shared: true,
  brokerFaults: new Set(['broker-restart']),
  recorded,
  isAlive(b) {
    return isRabbitNode(b.pid);
  },
  foreignAddresses(driver: DriverConfig) {
    return brokersOfUrl(urlOf(driver)).filter((a) => {
      const i = a.lastIndexOf(':');
      return !(LOOPBACK.has(a.slice(0, i)) && Number(a.slice(i + 1)) === RABBIT_PORTS.amqp);
    });
  },
  /** The node must run already (mqload does not start it); a stopped `rabbit` app is started. */
  async up() {
    requireNode();
    if (await tcpAnswers(HOST, RABBIT_PORTS.amqp, 1000)) return requireNode();
    return startApp([]);
  },
  async status(opts = {}) {
    const broker = recorded();
    if (!broker) return { broker: null, processAlive: false, answering: false };
    const answering = await tcpAnswers(HOST, RABBIT_PORTS.amqp, opts.timeoutMs ?? 2000);
    return { broker, processAlive: true, answering, ...(answering ? {} : { error: `${BOOTSTRAP} does not accept connections (rabbit app stopped?)` }) };
  },
  /** Stops the `rabbit` application (`stop_app`); the Erlang node keeps running. `purge` is refused: mqload never deletes RabbitMQ's data. */
  async down(opts = {}) {
    if (opts.purge) throw new EnvironmentError('mqload does not delete the data of this machine\'s RabbitMQ', 'use `rabbitmqctl reset` yourself if you mean it');
    requireNode();
    await rabbitmqctl(['stop_app']);
  },
  async restart(opts = {}) {
    requireNode();
    const plugins = await answeringPluginPorts();
    await rabbitmqctl(['stop_app']);
    await pause(opts.downForMs ?? 0, opts.signal);
    return startApp(plugins);
  },
  processes() {
    const b = recorded();
    return b ? [b.pid] : [];
  },
  async signal(sig) {
    throw new EnvironmentError(`${sig} is not sent to this machine's RabbitMQ: mqload cannot start the node again`, 'use broker-restart with allowSharedBroker: true, or connection-kill');
  },
};
