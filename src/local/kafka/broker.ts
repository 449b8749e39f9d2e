/**
 * The local Kafka broker's lifecycle: start (`localUp`), inspect (`localStatus`), stop
 * (`localDown`), and the fault-injection helpers (kill, pause/resume, restart with the same
 * settings). One broker per cache directory; its state file says what was started.
 */
import { mkdirSync, rmSync } from 'node:fs';
import type { BrokerInfo } from '../../drivers/types.js';
import { EnvironmentError, UsageError, describeError } from '../../errors.js';
import { DEFAULT_IO_THREADS, DEFAULT_NETWORK_THREADS, KAFKA_JAVA, LOCAL_HOST, brokerJavaArgs, formatStorageIfNeeded, resolveSettings, writeServerProperties, type LocalBrokerSettings } from './config.js';
import { ensureKafkaLibs } from './download.js';
import { assertPortsFree, findJava } from '../environment.js';
import { resolveLocalPaths, type LocalLocationOptions, type LocalPaths } from './paths.js';
import { signalProcess, spawnDetached, stopProcess, waitForExit, type StopOutcome } from '../process.js';
import { fileSize, logTail } from '../logs.js';
import { probeBroker, waitUntilReady, warmUpGroupCoordinator } from './readiness.js';
import { isLocalBrokerProcess, readStateFile, removeLocalState, writeLocalState, type LocalBrokerState } from './state.js';

/** Default time to wait for the broker to answer after spawning it, ms. */
export const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;
/** Default time `down` waits for a clean shutdown after SIGTERM before SIGKILL, ms. */
export const DEFAULT_STOP_GRACE_MS = 30_000;

/** Options of {@link localUp}. */
export interface LocalUpOptions extends LocalLocationOptions {
  /** Settings asked for; unset ones take defaults. For a broker already running, only the set ones are compared. */
  settings?: Partial<LocalBrokerSettings>;
  /** How long to wait for the broker to answer, ms (default 60 000). */
  timeoutMs?: number;
  /** Receives one-line progress messages (download, format, start). */
  log?: (line: string) => void;
  /** Join and leave a throwaway consumer group after start so `__consumer_offsets` is loaded (default true). */
  warmUp?: boolean;
}

/** What {@link localUp} did. */
export interface LocalUpResult {
  /** True when a broker was already running and answering; nothing was started. */
  alreadyRunning: boolean;
  state: LocalBrokerState;
  /** The jars were downloaded by this call. */
  downloaded: boolean;
  /** The data directory was formatted by this call (first start, or after a purge). */
  formatted: boolean;
  /** Time from spawn until the broker answered, ms (0 when already running). */
  startupMs: number;
  /** Problems that did not stop the start (e.g. a failed warm-up), one line each. */
  warnings: string[];
}

/**
 * Starts the local single-node KRaft broker on 127.0.0.1 unless it is already running, and waits
 * until it answers a metadata request. The JVM keeps running after this process exits.
 *
 * Throws {@link EnvironmentError} (exit 4) when Java or Maven is missing, a port is taken, the
 * download fails, or the broker dies or does not answer in time (with the tail of its log);
 * {@link UsageError} (exit 2) for bad settings or settings that differ from the running broker's.
 */
export async function localUp(opts: LocalUpOptions = {}): Promise<LocalUpResult> {
  const paths = resolveLocalPaths(opts);
  const log = opts.log ?? (() => undefined);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_STARTUP_TIMEOUT_MS;
  const asked = opts.settings ?? {};
  const settings = resolveSettings(asked); // validates the flags before anything else
  const existing = readStateFile(paths.stateFile);
  if (existing && isLocalBrokerProcess(existing)) {
    const differs = (Object.keys(asked) as Array<keyof LocalBrokerSettings>).filter((k) => asked[k] !== undefined && asked[k] !== existing[k]);
    if (differs.length > 0) {
      throw new UsageError(
        `the local broker is already running (pid ${existing.pid}) with ${differs.map((k) => `${k} ${existing[k]}`).join(', ')}, not ${differs.map((k) => `${k} ${asked[k]}`).join(', ')}`,
        'run `mqload local down` first, then `mqload local up` with the new settings (or set MQLOAD_CACHE_DIR to run a second broker beside it)',
      );
    }
    const outcome = await waitUntilReady(existing.bootstrap, existing.pid, timeoutMs);
    if (outcome.kind === 'ready') return { alreadyRunning: true, state: existing, downloaded: false, formatted: false, startupMs: 0, warnings: [] };
    if (outcome.kind === 'timeout') {
      throw new EnvironmentError(
        `the local broker (pid ${existing.pid}) is running but does not answer at ${existing.bootstrap}: ${outcome.lastError}`,
        `see ${existing.serverLog}; \`mqload local down\` stops it (it may be paused: SIGCONT ${existing.pid} resumes it)`,
      );
    }
    log(`the local broker (pid ${existing.pid}) exited while being checked; starting it again`);
  } else if (existing) {
    log(`the local broker recorded in ${paths.stateFile} (pid ${existing.pid}) is not running; starting a new one`);
  }
  if (existing) removeLocalState(paths);
  return startBroker(paths, settings, opts, log, timeoutMs);
}

/** Spawns a new broker for `settings` (nothing of ours is running) and waits until it answers. */
async function startBroker(
  paths: LocalPaths,
  settings: LocalBrokerSettings,
  opts: LocalUpOptions,
  log: (line: string) => void,
  timeoutMs: number,
): Promise<LocalUpResult> {
  const java = findJava(KAFKA_JAVA);
  await assertPortsFree([
    { port: settings.port, role: 'Kafka client port, --port' },
    { port: settings.controllerPort, role: 'KRaft controller port, --controller-port' },
    { port: settings.jmxPort, role: 'JMX exporter port, --jmx-port' },
  ]);
  mkdirSync(paths.home, { recursive: true });
  const downloaded = await ensureKafkaLibs(paths, log);
  mkdirSync(paths.dataDir, { recursive: true });
  mkdirSync(paths.logDir, { recursive: true });
  writeServerProperties(settings, paths);
  const formatted = formatStorageIfNeeded(java, paths);
  if (formatted) log(`formatted ${paths.dataDir}`);

  const logsFrom = [
    { file: paths.serverLog, from: fileSize(paths.serverLog) },
    { file: paths.stdoutLog, from: fileSize(paths.stdoutLog) },
  ];
  const pid = spawnDetached(java.command, brokerJavaArgs(settings, paths), { cwd: paths.home, outputFile: paths.stdoutLog });
  const state: LocalBrokerState = {
    pid,
    ...settings,
    bootstrap: `${LOCAL_HOST}:${settings.port}`,
    jmxAddress: `${LOCAL_HOST}:${settings.jmxPort}`,
    metricsUrl: `http://${LOCAL_HOST}:${settings.jmxPort}/metrics`,
    version: paths.versions.kafka,
    home: paths.home,
    dataDir: paths.dataDir,
    logDir: paths.logDir,
    serverLog: paths.serverLog,
    libsDir: paths.libsDir,
    configFile: paths.serverProperties,
    startedAt: new Date().toISOString(),
  };
  writeLocalState(paths, state);
  log(`started Kafka ${state.version} (pid ${pid}), waiting for it to answer at ${state.bootstrap} ...`);

  const outcome = await waitUntilReady(state.bootstrap, pid, timeoutMs);
  if (outcome.kind !== 'ready') {
    let what: string;
    if (outcome.kind === 'exited') {
      what = 'the Kafka broker exited during startup';
    } else {
      const stopped = await stopProcess(pid, 10_000);
      what = `the Kafka broker did not answer at ${state.bootstrap} within ${Math.round(timeoutMs / 1000)} s (last error: ${outcome.lastError}); it was stopped (${stopped})`;
    }
    removeLocalState(paths);
    const tail = logTail(logsFrom);
    throw new EnvironmentError(
      `${what}${tail ? `. End of its log:\n${tail}` : ' (its log is empty)'}`,
      `see the logs in ${paths.logDir}; if the data directory is damaged, \`mqload local down --purge\` wipes it`,
    );
  }
  const warnings: string[] = [];
  if (opts.warmUp !== false) {
    try {
      await warmUpGroupCoordinator(state.bootstrap);
    } catch (err) {
      warnings.push(`warming up the group coordinator failed (the first consumer group may wait for it): ${describeError(err)}`);
    }
  }
  return { alreadyRunning: false, state, downloaded, formatted, startupMs: outcome.elapsedMs, warnings };
}

/** What {@link localStatus} found. */
export interface LocalStatus {
  /** The state file, or null when no broker was started (or it was stopped with `down`). */
  state: LocalBrokerState | null;
  /** The recorded process is alive and is the broker. */
  processAlive: boolean;
  /** The broker answered a metadata request. */
  answering: boolean;
  /** The broker's answer, when answering. */
  info?: BrokerInfo;
  /** Why it is not answering, when the process is alive but silent. */
  error?: string;
}

/** Reports whether the local broker runs and answers (within `timeoutMs`, default 5000 ms). Never throws for a down broker. */
export async function localStatus(opts: LocalLocationOptions & { timeoutMs?: number } = {}): Promise<LocalStatus> {
  const paths = resolveLocalPaths(opts);
  const state = readStateFile(paths.stateFile);
  if (!state || !isLocalBrokerProcess(state)) return { state, processAlive: false, answering: false };
  try {
    const info = await probeBroker(state.bootstrap, opts.timeoutMs ?? 5000);
    return { state, processAlive: true, answering: true, info };
  } catch (err) {
    return { state, processAlive: true, answering: false, error: describeError(err) };
  }
}

/** What {@link localDown} did. */
export interface LocalDownResult {
  /** The broker that was recorded, if any. */
  state: LocalBrokerState | null;
  /** `terminated` (clean SIGTERM shutdown), `killed` (needed SIGKILL) or `not-running`. */
  outcome: StopOutcome;
  /** Directories deleted by `purge` (data and logs); empty without it. */
  purged: string[];
}

/**
 * Stops the broker recorded in the state file (only that process: SIGTERM, up to `graceMs`
 * (default 30 s) for a clean shutdown, then SIGKILL) and removes the state file. With `purge`,
 * also deletes its data and log directories (never the jars).
 */
export async function localDown(opts: LocalLocationOptions & { purge?: boolean; graceMs?: number } = {}): Promise<LocalDownResult> {
  const paths = resolveLocalPaths(opts);
  const state = readStateFile(paths.stateFile);
  let outcome: StopOutcome = 'not-running';
  if (state && isLocalBrokerProcess(state)) outcome = await stopProcess(state.pid, opts.graceMs ?? DEFAULT_STOP_GRACE_MS);
  removeLocalState(paths);
  const purged = opts.purge ? [state?.dataDir ?? paths.dataDir, state?.logDir ?? paths.logDir] : [];
  for (const dir of purged) rmSync(dir, { recursive: true, force: true });
  return { state, outcome, purged };
}

/** The running local broker's state; throws {@link EnvironmentError} when none is running. */
function requireRunning(opts: LocalLocationOptions): LocalBrokerState {
  const state = readStateFile(resolveLocalPaths(opts).stateFile);
  if (!state || !isLocalBrokerProcess(state)) {
    throw new EnvironmentError('the local Kafka broker is not running', 'start it with `npx mqload local up`');
  }
  return state;
}

/** The settings a state was started with. */
export function settingsOf(state: LocalBrokerState): LocalBrokerSettings {
  // State files from before the thread settings were recorded started with Kafka's defaults.
  return {
    port: state.port,
    controllerPort: state.controllerPort,
    jmxPort: state.jmxPort,
    heap: state.heap,
    ioThreads: state.ioThreads ?? DEFAULT_IO_THREADS,
    networkThreads: state.networkThreads ?? DEFAULT_NETWORK_THREADS,
  };
}

/**
 * Kills the running local broker with SIGKILL (a crash: no clean shutdown) and waits until it is
 * gone. The state file stays, so {@link startLocalBroker} can start it again with the same settings.
 * Throws {@link EnvironmentError} when it is not running.
 */
export async function killLocalBroker(opts: LocalLocationOptions = {}): Promise<LocalBrokerState> {
  const state = requireRunning(opts);
  signalProcess(state.pid, 'SIGKILL');
  if (!(await waitForExit(state.pid, 10_000))) throw new Error(`local broker pid ${state.pid} is still alive 10 s after SIGKILL`);
  return state;
}

/** Freezes the running local broker (SIGSTOP): it keeps its sockets but answers nothing until resumed. */
export function pauseLocalBroker(opts: LocalLocationOptions = {}): LocalBrokerState {
  const state = requireRunning(opts);
  signalProcess(state.pid, 'SIGSTOP');
  return state;
}

/** Resumes a local broker frozen by {@link pauseLocalBroker} (SIGCONT). */
export function resumeLocalBroker(opts: LocalLocationOptions = {}): LocalBrokerState {
  const state = requireRunning(opts);
  signalProcess(state.pid, 'SIGCONT');
  return state;
}

/**
 * Starts the local broker again with the settings it last ran with (after {@link killLocalBroker}
 * or a crash) and waits until it answers. Does nothing but check when it is running already.
 * Throws {@link EnvironmentError} when no broker was ever started for these locations.
 */
export async function startLocalBroker(opts: Omit<LocalUpOptions, 'settings'> = {}): Promise<LocalUpResult> {
  const state = readStateFile(resolveLocalPaths(opts).stateFile);
  if (!state) throw new EnvironmentError('no local Kafka broker was started here, so there is nothing to start again', 'start it with `npx mqload local up`');
  return localUp({ ...opts, libsDir: opts.libsDir ?? state.libsDir, settings: settingsOf(state) });
}

/**
 * Restarts the running local broker with `change` on top of its settings (a clean stop, then
 * {@link localUp}); the state file then records the new settings. The value is checked before
 * the broker is stopped.
 */
export async function restartLocalBrokerWith(change: Partial<Pick<LocalBrokerSettings, 'heap' | 'ioThreads' | 'networkThreads'>>, opts: Omit<LocalUpOptions, 'settings'> = {}): Promise<LocalUpResult> {
  const state = requireRunning(opts);
  const settings = { ...settingsOf(state), ...change };
  resolveSettings(settings);
  await stopProcess(state.pid, DEFAULT_STOP_GRACE_MS);
  return localUp({ ...opts, libsDir: opts.libsDir ?? state.libsDir, settings });
}

/**
 * Restarts the running local broker with the same settings: a clean stop (SIGTERM, up to 30 s),
 * or a crash with `signal: 'SIGKILL'`, then {@link startLocalBroker}.
 */
export async function restartLocalBroker(opts: Omit<LocalUpOptions, 'settings'> & { signal?: 'SIGTERM' | 'SIGKILL' } = {}): Promise<LocalUpResult> {
  const state = requireRunning(opts);
  if (opts.signal === 'SIGKILL') await killLocalBroker(opts);
  else await stopProcess(state.pid, DEFAULT_STOP_GRACE_MS);
  return startLocalBroker(opts);
}
