/**
 * The local ActiveMQ Classic broker's life cycle: start (our launcher with the pinned jars and
 * the Jolokia JVM agent, detached, loopback only), readiness (the AMQP port accepts connections
 * and Jolokia reads the broker MBean), status, stop (SIGTERM: the broker's shutdown hook closes
 * KahaDB cleanly; SIGKILL after the grace time), kill and pause for faults. The state file
 * `<home>/broker.json` says what was started (no secret in it).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { EnvironmentError, describeError } from '../../errors.js';
import { activemqAccessFile, readActivemqAccess } from '../../drivers/activemq/access.js';
import { JolokiaClient } from '../../drivers/jolokia.js';
import { ACTIVEMQ_BROKER_MBEAN } from '../../drivers/activemq/management.js';
import { assertPortsFree, findJava, type JavaRequirement } from '../environment.js';
import { isProcessAlive, pauseFor, processCommandLine, signalProcess, spawnDetached, stopProcess, waitForExit, type StopOutcome } from '../process.js';
import { fileSize, logTail } from '../logs.js';
import { listeningSockets, tcpAnswers } from '../rabbitmq/node.js';
import { brokerClassPath, ensureActivemqAccess, ensureActivemqLibs, ensureLauncherClasses, writeActivemqSettings } from './install.js';
import { activemqPaths, DEFAULT_ACTIVEMQ_SETTINGS, type ActivemqSettings } from './paths.js';
import { jolokiaAgentOption } from '../jolokia-agent.js';

/** ActiveMQ 6 needs Java 17 or newer. */
const ACTIVEMQ_JAVA: JavaRequirement = { major: 17, neededBy: 'the local ActiveMQ Classic broker', floorSetBy: 'ActiveMQ 6' };

/** How long a start may take until the broker answers, ms (about 0.5 s of broker start after 2–4 s of JVM and agent). */
export const ACTIVEMQ_STARTUP_TIMEOUT_MS = 60_000;
/** How long a stop waits for a clean shutdown before SIGKILL, ms. */
export const ACTIVEMQ_STOP_GRACE_MS = 20_000;

/** What was started: settings, pid, where its files are. No secret. */
export interface ActivemqState extends ActivemqSettings {
  pid: number;
  /** `127.0.0.1:<amqpPort>`: the address profiles connect to. */
  bootstrap: string;
  /** Jolokia base URL, `http://127.0.0.1:<jolokiaPort>/jolokia`. */
  jolokiaUrl: string;
  version: string;
  dataDir: string;
  /** JVM stdout/stderr, which carries the broker's log. */
  logFile: string;
  /** The settings file the launcher was given (identifies the process). */
  settingsFile: string;
  startedAt: string;
}

export function readActivemqState(): ActivemqState | null {
  const file = activemqPaths().stateFile;
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as ActivemqState;
}

function writeState(state: ActivemqState): void {
  const file = activemqPaths().stateFile;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

/** True when the state's pid is alive and is this broker's JVM (a reused pid is not). */
export function isActivemqProcess(state: ActivemqState): boolean {
  if (!isProcessAlive(state.pid)) return false;
  const cmdline = processCommandLine(state.pid);
  if (cmdline === null) return true;
  return cmdline.includes(' Launcher ') && cmdline.includes(state.settingsFile);
}

/** A Jolokia client for the local broker (credentials from the access file), or null without one. */
export function localActivemqJolokia(state: Pick<ActivemqState, 'jolokiaUrl'>, timeoutMs = 3000): JolokiaClient | null {
  const a = readActivemqAccess();
  return a ? new JolokiaClient({ base: state.jolokiaUrl, user: a.user, password: a.password, timeoutMs }) : null;
}

/** Why the broker does not answer yet, or null when it does (AMQP port open, the broker MBean says started). */
export async function notAnswering(state: ActivemqState, timeoutMs = 2000): Promise<string | null> {
  if (!(await tcpAnswers('127.0.0.1', state.amqpPort, timeoutMs))) return `${state.bootstrap} does not accept connections`;
  const j = localActivemqJolokia(state, timeoutMs);
  if (!j) return `no access file ${activemqAccessFile()}`;
  try {
    return typeof (await j.read(ACTIVEMQ_BROKER_MBEAN, 'BrokerId')) === 'string' ? null : 'the broker is not started yet';
  } catch (err) {
    return describeError(err);
  }
}

/** IPv4 loopback and its IPv6-mapped form as /proc/net/tcp6 writes them. */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

/** `address:port` of the broker's listeners beyond loopback (none expected); every port the pid listens on when /proc tells. */
export function exposedActivemqListeners(settings: ActivemqSettings): string[] {
  const ports = new Set([settings.amqpPort, settings.jolokiaPort]);
  return listeningSockets()
    .filter((l) => ports.has(l.port) && !LOOPBACK_ADDRESSES.has(l.address.toUpperCase()))
    .map((l) => `${l.address}:${l.port}`);
}

export interface ActivemqUpResult {
  state: ActivemqState;
  alreadyRunning: boolean;
  /** Spawn to answering, ms (0 when already running). */
  startupMs: number;
}

async function waitReady(state: ActivemqState, logFrom: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not started';
  while (Date.now() < deadline) {
    if (!isActivemqProcess(state)) {
      throw new EnvironmentError(`the ActiveMQ broker exited during start-up:\n${logTail([{ file: state.logFile, from: logFrom }])}`, `see ${state.logFile}; \`mqload local down --broker activemq --purge\` starts over`);
    }
    const r = await notAnswering(state);
    if (r === null) return;
    why = r;
    await new Promise((res) => setTimeout(res, 200));
  }
  throw new EnvironmentError(`the ActiveMQ broker did not answer within ${timeoutMs / 1000} s (${why})`, `see ${state.logFile}`);
}

/**
 * Starts the local ActiveMQ Classic unless it runs (then only waits until it answers):
 * downloads the jars and compiles the launcher on first use, checks the ports are free, spawns
 * the JVM and waits until it answers. `settings` default to the last start's (kept across kill
 * and restart), then {@link DEFAULT_ACTIVEMQ_SETTINGS}. Throws {@link EnvironmentError} (exit 4).
 */
export async function activemqUp(opts: { settings?: Partial<ActivemqSettings>; timeoutMs?: number; log?: (line: string) => void } = {}): Promise<ActivemqUpResult> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? ACTIVEMQ_STARTUP_TIMEOUT_MS;
  const previous = readActivemqState();
  if (previous && isActivemqProcess(previous)) {
    await waitReady(previous, fileSize(previous.logFile), timeoutMs);
    return { state: previous, alreadyRunning: true, startupMs: 0 };
  }
  const paths = activemqPaths();
  const base: ActivemqSettings = previous
    ? { amqpPort: previous.amqpPort, jolokiaPort: previous.jolokiaPort, heap: previous.heap, memoryLimitMb: previous.memoryLimitMb, storeLimitMb: previous.storeLimitMb, tempLimitMb: previous.tempLimitMb }
    : DEFAULT_ACTIVEMQ_SETTINGS;
  const settings: ActivemqSettings = { ...base, ...opts.settings };
  const java = findJava(ACTIVEMQ_JAVA);
  await assertPortsFree([
    { port: settings.amqpPort, role: 'ActiveMQ AMQP port, --port' },
    { port: settings.jolokiaPort, role: 'ActiveMQ Jolokia port, --http-port' },
  ]);
  mkdirSync(paths.home, { recursive: true });
  await ensureActivemqLibs(paths, log);
  const classes = await ensureLauncherClasses(paths, java, log);
  const access = ensureActivemqAccess(settings);
  writeActivemqSettings(paths, settings, access);
  mkdirSync(paths.dataDir, { recursive: true });
  const logFrom = fileSize(paths.stdoutLog);
  const args = [
    `-Xms${settings.heap}`,
    `-Xmx${settings.heap}`,
    '-XX:+UseG1GC',
    '-Djava.net.preferIPv4Stack=true',
    '-Dorg.slf4j.simpleLogger.defaultLogLevel=info',
    '-Dorg.slf4j.simpleLogger.showDateTime=true',
    jolokiaAgentOption(paths.jolokiaAgent, paths.jolokiaFile),
    '-cp',
    [classes, ...brokerClassPath(paths)].join(':'),
    'Launcher',
    paths.settingsFile,
  ];
  let pid: number;
  try {
    pid = spawnDetached(java.command, args, { cwd: paths.home, outputFile: paths.stdoutLog });
  } catch (err) {
    throw new EnvironmentError(`could not spawn ${java.command}: ${describeError(err)}`, 'check the Java installation');
  }
  const started = Date.now();
  const state: ActivemqState = {
    ...settings,
    pid,
    bootstrap: `127.0.0.1:${settings.amqpPort}`,
    jolokiaUrl: `http://127.0.0.1:${settings.jolokiaPort}/jolokia`,
    version: paths.version,
    dataDir: paths.dataDir,
    logFile: paths.stdoutLog,
    settingsFile: paths.settingsFile,
    startedAt: new Date(started).toISOString(),
  };
  writeState(state);
  await waitReady(state, logFrom, timeoutMs);
  const exposed = exposedActivemqListeners(settings);
  if (exposed.length > 0) {
    await stopProcess(pid, ACTIVEMQ_STOP_GRACE_MS);
    throw new EnvironmentError(`the ActiveMQ broker listened beyond loopback (${exposed.join(', ')}); stopped it`, `check ${paths.launcherSource}`);
  }
  return { state, alreadyRunning: false, startupMs: Date.now() - started };
}

export interface ActivemqStatus {
  state: ActivemqState | null;
  processAlive: boolean;
  answering: boolean;
  error?: string;
}

/** Whether the recorded broker runs and answers within `timeoutMs`; never throws for a down broker. */
export async function activemqStatus(timeoutMs = 2000): Promise<ActivemqStatus> {
  const state = readActivemqState();
  if (!state) return { state: null, processAlive: false, answering: false };
  const processAlive = isActivemqProcess(state);
  if (!processAlive) return { state, processAlive, answering: false, error: 'the broker process is not running' };
  const why = await notAnswering(state, timeoutMs);
  return why === null ? { state, processAlive, answering: true } : { state, processAlive, answering: false, error: why };
}

/**
 * Stops the recorded broker (SIGTERM, SIGKILL after `graceMs`) and forgets it; `purge` also
 * deletes the data, the logs, the settings and the access file (the generated password),
 * keeping the downloaded jars. Resolves with how the stop went.
 */
export async function activemqDown(opts: { purge?: boolean; graceMs?: number } = {}): Promise<{ outcome: StopOutcome; state: ActivemqState | null; purged: string[] }> {
  const paths = activemqPaths();
  const state = readActivemqState();
  let outcome: StopOutcome = 'not-running';
  if (state && isActivemqProcess(state)) outcome = await stopProcess(state.pid, opts.graceMs ?? ACTIVEMQ_STOP_GRACE_MS);
  rmSync(paths.stateFile, { force: true });
  const purged: string[] = [];
  if (opts.purge) {
    for (const p of [paths.dataDir, paths.logDir, paths.settingsFile, paths.jolokiaFile, activemqAccessFile()]) {
      if (existsSync(p)) {
        rmSync(p, { recursive: true, force: true });
        purged.push(p);
      }
    }
  }
  return { outcome, state, purged };
}

/** The recorded, running broker, or an {@link EnvironmentError}. */
function running(): ActivemqState {
  const s = readActivemqState();
  if (!s || !isActivemqProcess(s)) throw new EnvironmentError('the local ActiveMQ broker is not running', 'start it with `mqload local up --broker activemq`');
  return s;
}

/** SIGKILL, resolving once the JVM is gone; the state stays, so `activemqUp` starts it again with the same settings. */
export async function killActivemq(): Promise<ActivemqState> {
  const s = running();
  signalProcess(s.pid, 'SIGKILL');
  if (!(await waitForExit(s.pid, 10_000))) throw new EnvironmentError(`ActiveMQ pid ${s.pid} is alive 10 s after SIGKILL`, 'check the machine');
  return s;
}

/** SIGSTOP (freeze) or SIGCONT (resume) the broker JVM. */
export function signalActivemq(sig: 'SIGSTOP' | 'SIGCONT'): ActivemqState {
  const s = running();
  signalProcess(s.pid, sig);
  return s;
}

/** Stops the broker cleanly (state kept), waits `downForMs` (cut short by `signal`), starts it again with the same settings. */
export async function restartActivemq(opts: { downForMs?: number; signal?: AbortSignal } = {}): Promise<ActivemqState> {
  const s = running();
  await stopProcess(s.pid, ACTIVEMQ_STOP_GRACE_MS);
  await pauseFor(opts.downForMs ?? 0, opts.signal);
  return (await activemqUp()).state;
}
