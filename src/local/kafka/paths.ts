/**
 * Where the local Kafka broker keeps its files, and where the repository's broker configs are.
 *
 * Layout (one broker per cache directory):
 * ```
 * <base>/kafka-<version>/          base = $MQLOAD_CACHE_DIR or ~/.cache/mqload
 *   libs/                          jars copied by Maven ($MQLOAD_KAFKA_LIBS overrides)
 *   data/                          KRaft metadata and topic logs (log.dirs)
 *   logs/server.log, stdout.log    broker log (log4j2) and JVM stdout/stderr
 *   server.properties              rendered on every start
 *   broker.json                    state of the running broker (see state.ts)
 * ```
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { cacheBase, repoRoot, type CacheLocation } from '../paths.js';

/** Where to keep the broker's files; every field falls back to the environment, then the default. */
export interface LocalLocationOptions extends CacheLocation {
  /** Directory holding the Kafka jars (default `$MQLOAD_KAFKA_LIBS` or `<home>/libs`). */
  libsDir?: string;
}

/** Absolute paths of one local broker installation. */
export interface LocalPaths {
  /** Repository root (holds `local/kafka/`). */
  repoRoot: string;
  /** `local/kafka/pom.xml`: pins Kafka and the JMX exporter. */
  pomFile: string;
  /** `local/kafka/jmx-exporter.yaml`: the JMX exporter rules. */
  jmxExporterConfig: string;
  /** `local/kafka/log4j2.properties`: broker logging. */
  log4jConfig: string;
  /** `<base>/kafka-<version>`. */
  home: string;
  libsDir: string;
  dataDir: string;
  logDir: string;
  /** Broker log written by log4j2. */
  serverLog: string;
  /** JVM stdout/stderr (early startup failures land here). */
  stdoutLog: string;
  serverProperties: string;
  stateFile: string;
  /** Versions pinned in the pom. */
  versions: PinnedVersions;
}

/** Versions pinned in `local/kafka/pom.xml`. */
export interface PinnedVersions {
  kafka: string;
  jmxExporter: string;
}

/** Reads the Kafka and JMX exporter versions pinned in the pom (one source of truth). */
export function readPinnedVersions(pomFile: string): PinnedVersions {
  const pom = readFileSync(pomFile, 'utf8');
  const prop = (name: string): string => {
    const m = new RegExp(`<${name.replace(/\./g, '\\.')}>\\s*([^<\\s]+)\\s*</`).exec(pom);
    if (!m?.[1]) throw new Error(`${pomFile} has no <${name}> property`);
    return m[1];
  };
  return { kafka: prop('kafka.version'), jmxExporter: prop('jmx.exporter.version') };
}

/** Resolves every path of the local broker for the given (or environment) locations. */
export function resolveLocalPaths(opts: LocalLocationOptions = {}): LocalPaths {
  const root = repoRoot();
  const kafkaDir = join(root, 'local', 'kafka');
  const pomFile = join(kafkaDir, 'pom.xml');
  const versions = readPinnedVersions(pomFile);
  const home = join(cacheBase(opts), `kafka-${versions.kafka}`);
  const libsEnv = process.env['MQLOAD_KAFKA_LIBS'];
  const libsDir = resolve(opts.libsDir ?? (libsEnv && libsEnv.length > 0 ? libsEnv : join(home, 'libs')));
  const logDir = join(home, 'logs');
  return {
    repoRoot: root,
    pomFile,
    jmxExporterConfig: join(kafkaDir, 'jmx-exporter.yaml'),
    log4jConfig: join(kafkaDir, 'log4j2.properties'),
    home,
    libsDir,
    dataDir: join(home, 'data'),
    logDir,
    serverLog: join(logDir, 'server.log'),
    stdoutLog: join(logDir, 'stdout.log'),
    serverProperties: join(home, 'server.properties'),
    stateFile: join(home, 'broker.json'),
    versions,
  };
}
