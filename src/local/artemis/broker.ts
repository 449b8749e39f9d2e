/**
 * The local Apache Artemis broker's life cycle: start (`artemis run` of the instance, detached,
 * loopback only), readiness (the AMQP port accepts connections and Jolokia says the broker is
 * active), status, stop (SIGTERM: Artemis shuts down cleanly; SIGKILL after the grace time),
 * kill and pause for faults. The state file `<home>/broker.json` says what was started (no
 * secret in it); the password is in the access file only (see drivers/artemis/access.ts).
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { EnvironmentError, describeError } from '../../errors.js';
import { readArtemisAccess, accessFile } from '../../drivers/artemis/access.js';
import { JolokiaClient } from '../../drivers/jolokia.js';
import { assertPortsFree, findJava, type JavaRequirement } from '../environment.js';
import { isProcessAlive, processCommandLine, signalProcess, stopProcess, waitForExit, type StopOutcome } from '../process.js';
import { fileSize, logTail } from '../logs.js';
import { listeningSockets, tcpAnswers } from '../rabbitmq/node.js';
import { applySettings, ensureDistribution, ensureInstance } from './install.js';
import { artemisPaths, DEFAULT_ARTEMIS_SETTINGS, type ArtemisSettings } from './paths.js';

/** Artemis 2.40 needs Java 17 or newer. */
const ARTEMIS_JAVA: JavaRequirement = { major: 17, neededBy: 'the local Artemis broker', floorSetBy: 'Artemis 2.40' };

/** How long a start may take until the broker answers, ms (it is active in about 3 s, the web console 2 s later). */
export const ARTEMIS_STARTUP_TIMEOUT_MS = 90_000;
/** How long a stop waits for a clean shutdown before SIGKILL, ms. */
export const ARTEMIS_STOP_GRACE_MS = 30_000;
/** The MBean of the broker (`artemis create --name mqload`). */
export const ARTEMIS_BROKER_MBEAN = 'org.apache.activemq.artemis:broker="mqload"';

/** What was started: settings, pid, where its files are. No secret. */
export interface ArtemisState extends ArtemisSettings {
  pid: number;
  /** `127.0.0.1:<amqpPort>`: the address profiles connect to. */
  bootstrap: string;
  /** Jolokia base URL, `http://127.0.0.1:<httpPort>/console/jolokia`. */
  jolokiaUrl: string;
  version: string;
  instanceDir: string;
  dataDir: string;
  /** JVM stdout/stderr, which carries the broker's log. */
  logFile: string;
  startedAt: string;
}

export function readArtemisState(): ArtemisState | null {
  const file = artemisPaths().stateFile;
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as ArtemisState;
}

function writeState(state: ArtemisState): void {
  const file = artemisPaths().stateFile;
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, file);
}

/** True when the state's pid is alive and is this instance's Artemis JVM (a reused pid is not). */
export function isArtemisProcess(state: ArtemisState): boolean {
  if (!isProcessAlive(state.pid)) return false;
  const cmdline = processCommandLine(state.pid);
  if (cmdline === null) return true;
  return cmdline.includes('org.apache.activemq.artemis.boot.Artemis') && cmdline.includes(`-Dartemis.instance=${state.instanceDir}`);
}

/** A Jolokia client for the local broker (credentials from the access file), or null without one. */
export function localJolokia(state: Pick<ArtemisState, 'jolokiaUrl'>, timeoutMs = 3000): JolokiaClient | null {
  const a = readArtemisAccess();
  return a ? new JolokiaClient({ base: state.jolokiaUrl, user: a.user, password: a.password, timeoutMs }) : null;
}

/** Why the broker does not answer yet, or null when it does (AMQP port open, Jolokia says active). */
export async function notAnswering(state: ArtemisState, timeoutMs = 2000): Promise<string | null> {
  if (!(await tcpAnswers('127.0.0.1', state.amqpPort, timeoutMs))) return `${state.bootstrap} does not accept connections`;
  const j = localJolokia(state, timeoutMs);
  if (!j) return `no access file ${accessFile()}`;
  try {
    return (await j.read(ARTEMIS_BROKER_MBEAN, 'Active')) === true ? null : 'the broker is not active yet';
  } catch (err) {
    return describeError(err);
  }
}

/** IPv4 loopback and its IPv6-mapped form as /proc/net/tcp6 writes them. */
const LOOPBACK_ADDRESSES = new Set(['127.0.0.1', '0000000000000000FFFF00000100007F', '00000000000000000000000001000000']);

/** `address:port` of listeners on the broker's ports beyond loopback (none expected). */
export function exposedListeners(settings: ArtemisSettings): string[] {
  const ports = new Set([settings.amqpPort, settings.corePort, settings.httpPort]);
  return listeningSockets()
    .filter((l) => ports.has(l.port) && !LOOPBACK_ADDRESSES.has(l.address.toUpperCase()))
    .map((l) => `${l.address}:${l.port}`);
}

export interface ArtemisUpResult {
  state: ArtemisState;
  alreadyRunning: boolean;
  /** Spawn to answering, ms (0 when already running). */
  startupMs: number;
}

async function waitReady(state: ArtemisState, logFrom: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let why = 'not started';
  while (Date.now() < deadline) {
    if (!isArtemisProcess(state)) {
      throw new EnvironmentError(`the Artemis broker exited during start-up:\n${logTail([{ file: state.logFile, from: logFrom }])}`, `see ${state.logFile}; \`mqload local down --broker artemis --purge\` starts over`);
    }
    const r = await notAnswering(state);
    if (r === null) return;
    why = r;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new EnvironmentError(`the Artemis broker did not answer within ${timeoutMs / 1000} s (${why})`, `see ${state.logFile}`);
}

/**
 * Starts the local Artemis unless it runs (then only waits until it answers): provisions the
 * distribution and the instance on first use, checks the ports are free, spawns `artemis run`
 * and waits until it answers. `settings` default to the last start's (kept across kill and
 * restart), then {@link DEFAULT_ARTEMIS_SETTINGS}. Throws {@link EnvironmentError} (exit 4).
 */
export async function artemisUp(opts: { settings?: Partial<ArtemisSettings>; timeoutMs?: number; log?: (line: string) => void } = {}): Promise<ArtemisUpResult> {
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? ARTEMIS_STARTUP_TIMEOUT_MS;
  const previous = readArtemisState();
  if (previous && isArtemisProcess(previous)) {
    await waitReady(previous, fileSize(previous.logFile), timeoutMs);
    return { state: previous, alreadyRunning: true, startupMs: 0 };
  }
  const paths = artemisPaths();
  const base: ArtemisSettings = previous ? { amqpPort: previous.amqpPort, corePort: previous.corePort, httpPort: previous.httpPort, heap: previous.heap } : DEFAULT_ARTEMIS_SETTINGS;
  const settings: ArtemisSettings = { ...base, ...opts.settings };
  const java = findJava(ARTEMIS_JAVA);
  await assertPortsFree([
    { port: settings.amqpPort, role: 'Artemis AMQP port, --port' },
    { port: settings.corePort, role: 'Artemis core protocol port, --core-port' },
    { port: settings.httpPort, role: 'Artemis web/Jolokia port, --http-port' },
  ]);
  mkdirSync(paths.home, { recursive: true });
  await ensureDistribution(paths, log);
  await ensureInstance(paths, settings, java, log);
  applySettings(paths, settings);
  mkdirSync(paths.logDir, { recursive: true });
  const logFrom = fileSize(paths.stdoutLog);
  const out = openSync(paths.stdoutLog, 'a');
  let pid: number;
  try {
    const child = spawn(`${paths.instanceDir}/bin/artemis`, ['run'], { cwd: paths.instanceDir, detached: true, stdio: ['ignore', out, out], env: { ...process.env, JAVACMD: java.command } });
    if (child.pid === undefined) throw new EnvironmentError(`could not spawn ${paths.instanceDir}/bin/artemis`, 'check the instance directory');
    child.unref();
    pid = child.pid;
  } finally {
    closeSync(out);
  }
  const started = Date.now();
  const state: ArtemisState = {
    ...settings,
    pid,
    bootstrap: `127.0.0.1:${settings.amqpPort}`,
    jolokiaUrl: `http://127.0.0.1:${settings.httpPort}/console/jolokia`,
    version: paths.version,
    instanceDir: paths.instanceDir,
    dataDir: paths.dataDir,
    logFile: paths.stdoutLog,
    startedAt: new Date(started).toISOString(),
  };
  writeState(state);
  // `bin/artemis` execs the JVM, so the pid is the broker's once the script has run.
  await new Promise((r) => setTimeout(r, 300));
  await waitReady(state, logFrom, timeoutMs);
  const exposed = exposedListeners(settings);
  if (exposed.length > 0) {
    await stopProcess(pid, ARTEMIS_STOP_GRACE_MS);
    throw new EnvironmentError(`the Artemis broker listened beyond loopback (${exposed.join(', ')}); stopped it`, `check ${paths.brokerXml} and bootstrap.xml`);
  }
  return { state, alreadyRunning: false, startupMs: Date.now() - started };
}

export interface ArtemisStatus {
  state: ArtemisState | null;
  processAlive: boolean;
  answering: boolean;
  error?: string;
}

/** Whether the recorded broker runs and answers within `timeoutMs`; never throws for a down broker. */
export async function artemisStatus(timeoutMs = 2000): Promise<ArtemisStatus> {
  const state = readArtemisState();
  if (!state) return { state: null, processAlive: false, answering: false };
  const processAlive = isArtemisProcess(state);
  if (!processAlive) return { state, processAlive, answering: false, error: 'the broker process is not running' };
  const why = await notAnswering(state, timeoutMs);
  return why === null ? { state, processAlive, answering: true } : { state, processAlive, answering: false, error: why };
}

/**
 * Stops the recorded broker (SIGTERM, SIGKILL after `graceMs`) and forgets it; `purge` also
 * deletes the instance (data, config, the generated password) and the logs, keeping the
 * downloaded distribution. Resolves with how the stop went.
 */
export async function artemisDown(opts: { purge?: boolean; graceMs?: number } = {}): Promise<{ outcome: StopOutcome; state: ArtemisState | null; purged: string[] }> {
  const paths = artemisPaths();
  const state = readArtemisState();
  let outcome: StopOutcome = 'not-running';
  if (state && isArtemisProcess(state)) outcome = await stopProcess(state.pid, opts.graceMs ?? ARTEMIS_STOP_GRACE_MS);
  rmSync(paths.stateFile, { force: true });
  const purged: string[] = [];
  if (opts.purge) {
    for (const p of [paths.instanceDir, paths.logDir, accessFile()]) {
      if (existsSync(p)) {
        rmSync(p, { recursive: true, force: true });
        purged.push(p);
      }
    }
  }
  return { outcome, state, purged };
}

/** The recorded, running broker, or an {@link EnvironmentError}. */
function running(): ArtemisState {
  const s = readArtemisState();
  if (!s || !isArtemisProcess(s)) throw new EnvironmentError('the local Artemis broker is not running', 'start it with `mqload local up --broker artemis`');
  return s;
}

/** SIGKILL, resolving once the JVM is gone; the state stays, so `artemisUp` starts it again with the same settings. */
export async function killArtemis(): Promise<ArtemisState> {
  const s = running();
  signalProcess(s.pid, 'SIGKILL');
  if (!(await waitForExit(s.pid, 10_000))) throw new EnvironmentError(`Artemis pid ${s.pid} is alive 10 s after SIGKILL`, 'check the machine');
  return s;
}

/** SIGSTOP (freeze) or SIGCONT (resume) the broker JVM. */
export function signalArtemis(sig: 'SIGSTOP' | 'SIGCONT'): ArtemisState {
  const s = running();
  signalProcess(s.pid, sig);
  return s;
}

/** Stops the broker cleanly (state kept), waits `downForMs` (cut short by `signal`), starts it again with the same settings. */
export async function restartArtemis(opts: { downForMs?: number; signal?: AbortSignal } = {}): Promise<ArtemisState> {
  const s = running();
  await stopProcess(s.pid, ARTEMIS_STOP_GRACE_MS);
  const ms = opts.downForMs ?? 0;
  if (ms > 0 && !opts.signal?.aborted) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      opts.signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });
  }
  return (await artemisUp()).state;
}
