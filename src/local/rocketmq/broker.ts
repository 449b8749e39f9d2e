/**
 * The local RocketMQ's life cycle: the name server and the broker with its proxy (local mode, one
 * JVM) in a loopback-only network namespace, each JVM with the Jolokia agent (heap and GC), six
 * ports bridged to 127.0.0.1 (see netns.ts); readiness (the name server and the broker answer
 * the remoting protocol, the proxy answers HTTP/2 on its gRPC port, both agents answer an
 * authenticated read); status; stop (SIGTERM: RocketMQ shuts down cleanly; SIGKILL after the
 * grace time), kill and pause of the broker JVM for faults. The state file `<home>/broker.json`
 * says what was started. A start after a kill or a stop starts every part again.
 */
import { connect } from 'node:net';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { EnvironmentError, describeError } from '../../errors.js';
import { invokeOk, RequestCode } from '../../drivers/rocketmq/remoting.js';
import { assertPortsFree, findJava, type JavaRequirement } from '../environment.js';
import { isProcessAlive, processCommandLine, signalProcess, stopProcess, waitForExit, type StopOutcome } from '../process.js';
import { fileSize, logTail } from '../logs.js';
import { listeningSockets } from '../rabbitmq/node.js';
import { writeRocketmqConfig } from './config.js';
import { ensureRocketmqLibs } from './install.js';
import { bridgePort, deleteNetns, ensureNetns, requireSocat, spawnInNetns } from './netns.js';
import { DEFAULT_ROCKETMQ_SETTINGS, ROCKETMQ_NAMESRV_HEAP, rocketmqPaths, type RocketmqSettings } from './paths.js';
import { classPathWithoutAgent, ensureJolokiaAgentAccess, jolokiaAgentOption } from '../jolokia-agent.js';
import { agentsNotAnswering, ROCKETMQ_JOLOKIA_USER, type RocketmqAgentUrls } from './jolokia.js';

export { rocketmqJvmTargets, type RocketmqJvm } from './jolokia.js';

const ROCKETMQ_JAVA: JavaRequirement = { major: 11, neededBy: 'the local RocketMQ', floorSetBy: 'RocketMQ 5' };

/** How long a start may take until everything answers, ms (about 30 s on a busy 2-core machine). */
export const ROCKETMQ_STARTUP_TIMEOUT_MS = 120_000;
/** How long a stop waits for a clean shutdown before SIGKILL, ms. */
export const ROCKETMQ_STOP_GRACE_MS = 20_000;

/** What was started. */
export interface RocketmqState extends RocketmqSettings, RocketmqAgentUrls {
  /** The broker+proxy JVM. */
  pid: number;
  namesrvPid: number;
  /** socat processes of the loopback bridges. */
  bridgePids: number[];
  /** `127.0.0.1:<grpcPort>`: the gRPC endpoint profiles connect to. */
  bootstrap: string;
  /** Prometheus scrape URL of the broker's exporter. */
  metricsUrl: string;
  netns: string;
  version: string;
  home: string;
  dataDir: string;
  proxyOut: string;
  namesrvOut: string;
  jvmLogDir: string;
  proxyJson: string;
  namesrvConf: string;
  startedAt: string;
}

export function readRocketmqState(): RocketmqState | null {
  const file = rocketmqPaths().stateFile;
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as RocketmqState;
}

function writeState(state: RocketmqState): void {
  const file = rocketmqPaths().stateFile;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

/** True when `pid` is alive and its command line holds every fragment (a reused pid is not). */
function isProcess(pid: number, ...fragments: string[]): boolean {
  if (!isProcessAlive(pid)) return false;
  const cmdline = processCommandLine(pid);
  return cmdline === null || fragments.every((f) => cmdline.includes(f));
}

/** True when the state's broker+proxy JVM is alive. */
export function isRocketmqProcess(state: RocketmqState): boolean {
  return isProcess(state.pid, 'org.apache.rocketmq.proxy.ProxyStartup', state.proxyJson);
}

/** Resolves true when the port answers the HTTP/2 preface with a SETTINGS frame (a gRPC server), within `timeoutMs`. */
export function http2Answers(port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    let got = Buffer.alloc(0);
    const done = (ok: boolean) => {
      clearTimeout(t);
      s.destroy();
      resolve(ok);
    };
    const t = setTimeout(() => done(false), timeoutMs);
    s.once('connect', () => s.write(Buffer.concat([Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'), Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0])])));
    s.on('data', (c: Buffer) => {
      got = Buffer.concat([got, c]);
      if (got.length >= 9) done(got[3] === 4);
    });
    s.once('error', () => done(false));
    s.once('close', () => done(false));
  });
}

/** Why the local RocketMQ does not answer yet, or null when every part does (the agents only when the state has them). */
export async function notAnswering(s: RocketmqSettings & RocketmqAgentUrls, timeoutMs = 2000): Promise<string | null> {
  const at = (port: number) => ({ host: '127.0.0.1', port });
  try {
    await invokeOk(at(s.namesrvPort), RequestCode.GET_BROKER_CLUSTER_INFO, {}, { timeoutMs });
  } catch (err) {
    return `name server 127.0.0.1:${s.namesrvPort}: ${describeError(err)}`;
  }
  try {
    await invokeOk(at(s.brokerPort), RequestCode.GET_BROKER_RUNTIME_INFO, {}, { timeoutMs });
  } catch (err) {
    return `broker 127.0.0.1:${s.brokerPort}: ${describeError(err)}`;
  }
  if (!(await http2Answers(s.grpcPort, timeoutMs))) return `the proxy's gRPC port 127.0.0.1:${s.grpcPort} does not answer`;
  return agentsNotAnswering(s, timeoutMs);
}

/** IPv4 loopback and its IPv6-mapped forms as /proc/net/tcp6 writes them. */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

/** `address:port` of listeners of this namespace on the local RocketMQ's ports beyond loopback (none expected). */
export function exposedListeners(s: RocketmqSettings): string[] {
  const ports = new Set([s.grpcPort, s.namesrvPort, s.brokerPort, s.metricsPort, s.jolokiaPort, s.namesrvJolokiaPort, s.brokerPort + 1, s.brokerPort - 2, 8080]);
  return listeningSockets()
    .filter((l) => ports.has(l.port) && !LOOPBACK_ADDRESSES.has(l.address.toUpperCase()))
    .map((l) => `${l.address}:${l.port}`);
}

export interface RocketmqUpResult {
  state: RocketmqState;
  alreadyRunning: boolean;
  /** Spawn to answering, ms (0 when already running). */
  startupMs: number;
}

async function waitReady(state: RocketmqState, logFrom: { proxy: number; namesrv: number }, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not started';
  while (Date.now() < deadline) {
    const dead = !isRocketmqProcess(state) ? 'the broker' : !isProcess(state.namesrvPid, 'NamesrvStartup') ? 'the name server' : null;
    if (dead) {
      const tail = logTail([{ file: state.proxyOut, from: logFrom.proxy }, { file: state.namesrvOut, from: logFrom.namesrv }]);
      throw new EnvironmentError(`${dead} of the local RocketMQ exited during start-up:\n${tail}`, `see ${state.jvmLogDir}; \`mqload local down --broker rocketmq --purge\` starts over`);
    }
    const r = await notAnswering(state);
    if (r === null) return;
    why = r;
    await new Promise((res) => setTimeout(res, 500));
  }
  throw new EnvironmentError(`the local RocketMQ did not answer within ${timeoutMs / 1000} s (${why})`, `see ${state.proxyOut} and ${state.jvmLogDir}`);
}

/** Stops whatever of a state still runs: the broker first (it deregisters from the name server), then the name server, then the bridges. */
async function stopAll(s: RocketmqState, graceMs: number): Promise<StopOutcome> {
  let outcome: StopOutcome = 'not-running';
  if (isRocketmqProcess(s)) outcome = await stopProcess(s.pid, graceMs);
  if (isProcess(s.namesrvPid, 'NamesrvStartup')) {
    const o = await stopProcess(s.namesrvPid, graceMs);
    if (outcome === 'not-running') outcome = o;
  }
  for (const p of s.bridgePids) if (isProcess(p, 'socat')) await stopProcess(p, 2000);
  return outcome;
}

/**
 * Starts the local RocketMQ unless it runs (then only waits until it answers): the jars on first
 * use, the namespace, the name server, the broker with its proxy, the bridges; waits until it
 * answers and checks nothing listens beyond loopback. `settings` default to the last start's,
 * then {@link DEFAULT_ROCKETMQ_SETTINGS}. Throws {@link EnvironmentError} (exit 4).
 */
export async function rocketmqUp(opts: { settings?: Partial<RocketmqSettings>; timeoutMs?: number; log?: (line: string) => void } = {}): Promise<RocketmqUpResult> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? ROCKETMQ_STARTUP_TIMEOUT_MS;
  const previous = readRocketmqState();
  if (previous && isRocketmqProcess(previous) && isProcess(previous.namesrvPid, 'NamesrvStartup')) {
    await waitReady(previous, { proxy: fileSize(previous.proxyOut), namesrv: fileSize(previous.namesrvOut) }, timeoutMs);
    return { state: previous, alreadyRunning: true, startupMs: 0 };
  }
  if (previous) await stopAll(previous, ROCKETMQ_STOP_GRACE_MS); // a part survived a kill: start over
  const paths = rocketmqPaths();
  const d = DEFAULT_ROCKETMQ_SETTINGS;
  const base: RocketmqSettings = previous
    ? {
        grpcPort: previous.grpcPort,
        namesrvPort: previous.namesrvPort,
        brokerPort: previous.brokerPort,
        metricsPort: previous.metricsPort,
        jolokiaPort: previous.jolokiaPort ?? d.jolokiaPort, // a state of a start before the agents
        namesrvJolokiaPort: previous.namesrvJolokiaPort ?? d.namesrvJolokiaPort,
        heap: previous.heap,
      }
    : d;
  const settings: RocketmqSettings = { ...base, ...opts.settings };
  const java = findJava(ROCKETMQ_JAVA);
  requireSocat();
  await assertPortsFree([
    { port: settings.grpcPort, role: 'RocketMQ gRPC port, --port' },
    { port: settings.namesrvPort, role: 'RocketMQ name server port, --namesrv-port' },
    { port: settings.brokerPort, role: 'RocketMQ broker remoting port, --broker-port' },
    { port: settings.metricsPort, role: 'RocketMQ Prometheus exporter port, --metrics-port' },
    { port: settings.jolokiaPort, role: 'RocketMQ broker JVM Jolokia agent port' },
    { port: settings.namesrvJolokiaPort, role: 'RocketMQ name server JVM Jolokia agent port' },
  ]);
  for (const d of [paths.home, paths.storeDir, paths.logDir]) mkdirSync(d, { recursive: true });
  await ensureRocketmqLibs(paths, log);
  writeRocketmqConfig(paths, settings, ensureJolokiaAgentAccess(paths.jolokiaAccessFile, ROCKETMQ_JOLOKIA_USER));
  ensureNetns(paths.netns);
  const logFrom = { proxy: fileSize(paths.proxyOut), namesrv: fileSize(paths.namesrvOut) };
  const classpath = classPathWithoutAgent(paths.libsDir).join(':');
  const jvm = (heap: string, agentConf: string, extra: string[]) => [
    'env',
    `ROCKETMQ_HOME=${paths.home}`,
    java.command,
    `-Xms${heap}`,
    `-Xmx${heap}`,
    ...extra,
    jolokiaAgentOption(paths.jolokiaAgent, agentConf),
    `-Duser.home=${paths.home}`,
    `-Drocketmq.home.dir=${paths.home}`,
    '-cp',
    classpath,
  ];
  const run = (args: string[], out: string) => {
    const [cmd, ...rest] = args;
    return spawnInNetns(paths.netns, cmd!, rest, { cwd: paths.home, outputFile: out });
  };
  const started = Date.now();
  const namesrvPid = run([...jvm(ROCKETMQ_NAMESRV_HEAP, paths.namesrvJolokiaConf, []), 'org.apache.rocketmq.namesrv.NamesrvStartup', '-c', paths.namesrvConf], paths.namesrvOut);
  const pid = run(
    [...jvm(settings.heap, paths.brokerJolokiaConf, ['-XX:MaxDirectMemorySize=256m']), 'org.apache.rocketmq.proxy.ProxyStartup', '-pm', 'local', '-pc', paths.proxyJson, '-bc', paths.brokerConf, '-n', `127.0.0.1:${settings.namesrvPort}`],
    paths.proxyOut,
  );
  const bridgeLog = `${paths.logDir}/bridges.out`;
  const bridged = [settings.grpcPort, settings.namesrvPort, settings.brokerPort, settings.metricsPort, settings.jolokiaPort, settings.namesrvJolokiaPort];
  const bridgePids = bridged.flatMap((p) => bridgePort(paths.netns, p, paths.sockDir, bridgeLog, paths.home));
  const state: RocketmqState = {
    ...settings,
    pid,
    namesrvPid,
    bridgePids,
    bootstrap: `127.0.0.1:${settings.grpcPort}`,
    metricsUrl: `http://127.0.0.1:${settings.metricsPort}/metrics`,
    jolokiaUrl: `http://127.0.0.1:${settings.jolokiaPort}/jolokia`,
    namesrvJolokiaUrl: `http://127.0.0.1:${settings.namesrvJolokiaPort}/jolokia`,
    netns: paths.netns,
    version: paths.version,
    home: paths.home,
    dataDir: paths.storeDir,
    proxyOut: paths.proxyOut,
    namesrvOut: paths.namesrvOut,
    jvmLogDir: paths.jvmLogDir,
    proxyJson: paths.proxyJson,
    namesrvConf: paths.namesrvConf,
    startedAt: new Date(started).toISOString(),
  };
  writeState(state);
  await new Promise((r) => setTimeout(r, 300)); // `ip netns exec` and `env` exec the JVM: same pid once they ran
  try {
    await waitReady(state, logFrom, timeoutMs);
  } catch (err) {
    await stopAll(state, 5000);
    throw err;
  }
  const exposed = exposedListeners(settings);
  if (exposed.length > 0) {
    await stopAll(state, ROCKETMQ_STOP_GRACE_MS);
    throw new EnvironmentError(`the local RocketMQ listened beyond loopback (${exposed.join(', ')}); stopped it`, `check ${paths.brokerConf} and ${paths.proxyJson}`);
  }
  return { state, alreadyRunning: false, startupMs: Date.now() - started };
}

export interface RocketmqStatus {
  state: RocketmqState | null;
  processAlive: boolean;
  answering: boolean;
  error?: string;
}

/** Whether the recorded broker runs and answers within `timeoutMs`; never throws for a down broker. */
export async function rocketmqStatus(timeoutMs = 2000): Promise<RocketmqStatus> {
  const state = readRocketmqState();
  if (!state) return { state: null, processAlive: false, answering: false };
  const processAlive = isRocketmqProcess(state);
  if (!processAlive) return { state, processAlive, answering: false, error: 'the broker process is not running' };
  const why = await notAnswering(state, timeoutMs);
  return why === null ? { state, processAlive, answering: true } : { state, processAlive, answering: false, error: why };
}

/**
 * Stops every part of the recorded broker, deletes its namespace and forgets it; `purge` also
 * deletes the store, the logs and the Jolokia agents' configs and access (the generated
 * password; the jars are kept).
 */
export async function rocketmqDown(opts: { purge?: boolean; graceMs?: number } = {}): Promise<{ outcome: StopOutcome; state: RocketmqState | null; purged: string[] }> {
  const paths = rocketmqPaths();
  const state = readRocketmqState();
  const outcome = state ? await stopAll(state, opts.graceMs ?? ROCKETMQ_STOP_GRACE_MS) : 'not-running';
  deleteNetns(paths.netns);
  rmSync(paths.stateFile, { force: true });
  rmSync(paths.sockDir, { recursive: true, force: true });
  const purged: string[] = [];
  if (opts.purge) {
    for (const p of [paths.storeDir, paths.logDir, paths.brokerJolokiaConf, paths.namesrvJolokiaConf, paths.jolokiaAccessFile]) {
      if (existsSync(p)) {
        rmSync(p, { recursive: true, force: true });
        purged.push(p);
      }
    }
  }
  return { outcome, state, purged };
}

/** Process ids of the running local RocketMQ: the broker JVM, then the name server (empty when down). */
export function rocketmqProcesses(): number[] {
  const s = readRocketmqState();
  if (!s || !isRocketmqProcess(s)) return [];
  return [s.pid, ...(isProcess(s.namesrvPid, 'NamesrvStartup') ? [s.namesrvPid] : [])];
}

/** The recorded, running broker, or an {@link EnvironmentError}. */
function running(): RocketmqState {
  const s = readRocketmqState();
  if (!s || !isRocketmqProcess(s)) throw new EnvironmentError('the local RocketMQ is not running', 'start it with `mqload local up --broker rocketmq`');
  return s;
}

/** SIGKILL of the broker JVM, resolving once it is gone; the state stays, so {@link rocketmqUp} starts it again with the same settings. */
export async function killRocketmq(): Promise<RocketmqState> {
  const s = running();
  signalProcess(s.pid, 'SIGKILL');
  if (!(await waitForExit(s.pid, 10_000))) throw new EnvironmentError(`RocketMQ pid ${s.pid} is alive 10 s after SIGKILL`, 'check the machine');
  return s;
}

/** SIGSTOP (freeze) or SIGCONT (resume) the broker JVM. */
export function signalRocketmq(sig: 'SIGSTOP' | 'SIGCONT'): RocketmqState {
  const s = running();
  signalProcess(s.pid, sig);
  return s;
}

/** Stops every part (state kept), waits `downForMs` (cut short by `signal`), starts it again with the same settings. */
export async function restartRocketmq(opts: { downForMs?: number; signal?: AbortSignal } = {}): Promise<RocketmqState> {
  const s = running();
  await stopAll(s, ROCKETMQ_STOP_GRACE_MS);
  const ms = opts.downForMs ?? 0;
  if (ms > 0 && !opts.signal?.aborted) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      opts.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  return (await rocketmqUp()).state;
}
