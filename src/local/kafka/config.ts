/**
 * Settings of the local broker and what is rendered from them: `server.properties` (single-node
 * KRaft, broker and controller in one process, everything on 127.0.0.1), the JVM command line
 * (heap, G1, GC log, JMX exporter agent) and the one-time storage format.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError, UsageError } from '../../errors.js';
import { jmxAgentJar } from './download.js';
import type { JavaRequirement, JavaRuntime } from '../environment.js';
import type { LocalPaths } from './paths.js';

/** The host every listener binds to. Never anything but loopback. */
export const LOCAL_HOST = '127.0.0.1';

/** Kafka 4.x brokers need Java 17 or newer. */
export const KAFKA_JAVA: JavaRequirement = { major: 17, neededBy: 'the local Kafka broker', floorSetBy: 'Kafka 4' };

/** What can be chosen when starting the local broker. */
export interface LocalBrokerSettings {
  /** Client (PLAINTEXT) port. Default 9092. */
  port: number;
  /** KRaft controller port. Default port + 1. */
  controllerPort: number;
  /** Port of the Prometheus JMX exporter's HTTP endpoint. Default 7071. */
  jmxPort: number;
  /** JVM heap, as for -Xmx/-Xms (e.g. `1g`, `512m`). Default `1g`. */
  heap: string;
  /** Request handler threads (`num.io.threads`). Default 8, Kafka's own. */
  ioThreads: number;
  /** Network threads (`num.network.threads`). Default 3, Kafka's own. */
  networkThreads: number;
}

/** Default client port of the local broker. */
export const DEFAULT_PORT = 9092;
/** Default JMX exporter port. */
export const DEFAULT_JMX_PORT = 7071;
/** Default heap size. */
export const DEFAULT_HEAP = '1g';
/** Kafka's own defaults of `num.io.threads` and `num.network.threads`. */
export const DEFAULT_IO_THREADS = 8;
export const DEFAULT_NETWORK_THREADS = 3;

/** Fills unset settings with defaults and checks them. Throws {@link UsageError} on bad values. */
export function resolveSettings(partial: Partial<LocalBrokerSettings>): LocalBrokerSettings {
  const port = partial.port ?? DEFAULT_PORT;
  const settings: LocalBrokerSettings = {
    port,
    controllerPort: partial.controllerPort ?? port + 1,
    jmxPort: partial.jmxPort ?? DEFAULT_JMX_PORT,
    heap: partial.heap ?? DEFAULT_HEAP,
    ioThreads: partial.ioThreads ?? DEFAULT_IO_THREADS,
    networkThreads: partial.networkThreads ?? DEFAULT_NETWORK_THREADS,
  };
  for (const [flag, value] of [['--io-threads', settings.ioThreads], ['--network-threads', settings.networkThreads]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 256) throw new UsageError(`${flag} must be a whole number from 1 to 256, got ${value}`);
  }
  for (const [flag, value] of [['--port', settings.port], ['--controller-port', settings.controllerPort], ['--jmx-port', settings.jmxPort]] as const) {
    if (!Number.isInteger(value) || value < 1 || value > 65535) throw new UsageError(`${flag} must be a port number between 1 and 65535, got ${value}`);
  }
  const ports = [settings.port, settings.controllerPort, settings.jmxPort];
  if (new Set(ports).size !== ports.length) {
    throw new UsageError(`--port, --controller-port and --jmx-port must differ, got ${ports.join(', ')}`);
  }
  if (!/^[1-9][0-9]*[kKmMgG]?$/.test(settings.heap)) {
    throw new UsageError(`--heap must look like 512m or 1g, got "${settings.heap}"`);
  }
  return settings;
}

/** Renders `server.properties` for a single-node KRaft broker+controller on 127.0.0.1. */
export function renderServerProperties(settings: LocalBrokerSettings, paths: LocalPaths): string {
  const lines = [
    '# Rendered by `mqload local up` on every start; edits are overwritten.',
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@${LOCAL_HOST}:${settings.controllerPort}`,
    `listeners=PLAINTEXT://${LOCAL_HOST}:${settings.port},CONTROLLER://${LOCAL_HOST}:${settings.controllerPort}`,
    `advertised.listeners=PLAINTEXT://${LOCAL_HOST}:${settings.port}`,
    'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'controller.listener.names=CONTROLLER',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${paths.dataDir}`,
    'num.partitions=1',
    `num.io.threads=${settings.ioThreads}`,
    `num.network.threads=${settings.networkThreads}`,
    'offsets.topic.replication.factor=1',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    // Tests create and delete many topics; let deletion happen.
    'delete.topic.enable=true',
    'auto.create.topics.enable=false',
    '',
  ];
  return lines.join('\n');
}

/** Writes `server.properties` for `settings` into the broker home. */
export function writeServerProperties(settings: LocalBrokerSettings, paths: LocalPaths): void {
  writeFileSync(paths.serverProperties, renderServerProperties(settings, paths));
}

/** JVM system properties shared by the broker and the storage tool (logging into the log dir). */
function loggingProps(paths: LocalPaths): string[] {
  return [`-Dkafka.logs.dir=${paths.logDir}`, `-Dlog4j2.configurationFile=${paths.log4jConfig}`];
}

/** Classpath: every jar in the libs directory. */
function classpath(paths: LocalPaths): string {
  return join(paths.libsDir, '*');
}

/** Arguments for `java` that run the broker (main class `kafka.Kafka`). */
export function brokerJavaArgs(settings: LocalBrokerSettings, paths: LocalPaths): string[] {
  return [
    `-Xmx${settings.heap}`,
    `-Xms${settings.heap}`,
    // GC settings of Kafka's own start script.
    '-XX:+UseG1GC',
    '-XX:MaxGCPauseMillis=20',
    '-XX:InitiatingHeapOccupancyPercent=35',
    '-XX:+ExplicitGCInvokesConcurrent',
    `-Xlog:gc*:file=${join(paths.logDir, 'gc.log')}:time,tags:filecount=3,filesize=20M`,
    '-Djava.awt.headless=true',
    `-javaagent:${jmxAgentJar(paths.libsDir, paths.versions)}=${LOCAL_HOST}:${settings.jmxPort}:${paths.jmxExporterConfig}`,
    ...loggingProps(paths),
    '-cp',
    classpath(paths),
    'kafka.Kafka',
    paths.serverProperties,
  ];
}

/** A new KRaft cluster id: 16 random bytes, base64url without padding, as Kafka's `Uuid` prints it. */
export function newClusterId(): string {
  for (;;) {
    const id = randomBytes(16).toString('base64url');
    if (!id.startsWith('-')) return id; // Kafka never hands out ids that look like flags
  }
}

/** True when the data directory was formatted already. */
export function storageFormatted(paths: LocalPaths): boolean {
  return existsSync(join(paths.dataDir, 'meta.properties'));
}

/**
 * Formats the data directory with a new cluster id unless it was formatted already
 * (`server.properties` must be written first). Throws {@link EnvironmentError} with the tool's output on failure.
 */
export function formatStorageIfNeeded(java: JavaRuntime, paths: LocalPaths): boolean {
  if (storageFormatted(paths)) return false;
  const args = [...loggingProps(paths), '-cp', classpath(paths), 'kafka.tools.StorageTool', 'format', '--ignore-formatted', '-t', newClusterId(), '-c', paths.serverProperties];
  const res = spawnSync(java.command, args, { encoding: 'utf8', timeout: 120_000 });
  if (res.error || res.status !== 0) {
    const out = `${res.stdout ?? ''}${res.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new EnvironmentError(
      `formatting the Kafka data directory ${paths.dataDir} failed (${res.error ? res.error.message : `exit ${res.status}`}):\n${out}`,
      'check the directory is writable; `mqload local down --purge` wipes it so the next `up` formats it anew',
    );
  }
  return true;
}
