/**
 * The state file of the local broker (`<home>/broker.json`): written when `mqload local up` spawns
 * the JVM, removed by `mqload local down`. Other parts of mqload read it to find the broker's pid,
 * ports and directories (collectors, fault injection). It says what was started, not whether it is
 * still alive: check with {@link isLocalBrokerProcess}.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { LocalBrokerSettings } from './config.js';
import { processCommandLine, isProcessAlive } from '../process.js';
import { resolveLocalPaths, type LocalLocationOptions, type LocalPaths } from './paths.js';

/** Everything known about a started local broker. Paths are absolute. */
export interface LocalBrokerState extends LocalBrokerSettings {
  /** Process id of the broker JVM. */
  pid: number;
  /** Bootstrap address for clients, `127.0.0.1:<port>`. */
  bootstrap: string;
  /** JMX exporter address, `127.0.0.1:<jmxPort>`. */
  jmxAddress: string;
  /** Prometheus scrape URL of the JMX exporter, `http://127.0.0.1:<jmxPort>/metrics`. */
  metricsUrl: string;
  /** Kafka version running. */
  version: string;
  /** Broker home (`<cache>/kafka-<version>`). */
  home: string;
  /** Kafka `log.dirs` (topic data and KRaft metadata). */
  dataDir: string;
  /** Directory of `server.log`, `stdout.log` and `gc.log`. */
  logDir: string;
  /** The broker's log4j2 log file. */
  serverLog: string;
  /** Directory of the jars it runs from. */
  libsDir: string;
  /** The `server.properties` it was started with. */
  configFile: string;
  /** ISO-8601 time the JVM was spawned. */
  startedAt: string;
}

/** Reads the state file at `stateFile`; null when there is none. Throws if it is unreadable JSON. */
export function readStateFile(stateFile: string): LocalBrokerState | null {
  if (!existsSync(stateFile)) return null;
  return JSON.parse(readFileSync(stateFile, 'utf8')) as LocalBrokerState;
}

/**
 * State of the local broker started for these locations (default: the environment's cache dir),
 * or null when none was started (or it was stopped with `down`). The process may have died since;
 * check with {@link isLocalBrokerProcess}.
 */
export function readLocalState(opts: LocalLocationOptions = {}): LocalBrokerState | null {
  return readStateFile(resolveLocalPaths(opts).stateFile);
}

/** Writes the state file atomically (write to a temp file, then rename). */
export function writeLocalState(paths: LocalPaths, state: LocalBrokerState): void {
  const tmp = `${paths.stateFile}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
  renameSync(tmp, paths.stateFile);
}

/** Removes the state file (no error when it is already gone). */
export function removeLocalState(paths: LocalPaths): void {
  rmSync(paths.stateFile, { force: true });
}

/**
 * True when `state.pid` is alive and is the broker this state describes (on Linux the process's
 * command line must name `kafka.Kafka` and the state's config file, so a reused pid is never
 * mistaken for the broker; elsewhere only liveness is checked).
 */
export function isLocalBrokerProcess(state: LocalBrokerState): boolean {
  if (!isProcessAlive(state.pid)) return false;
  const cmdline = processCommandLine(state.pid);
  if (cmdline === null) return true; // no /proc: cannot tell more than liveness
  return cmdline.includes('kafka.Kafka') && cmdline.includes(state.configFile);
}
