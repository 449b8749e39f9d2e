/**
 * Puts the Kafka jars in the libs directory: the first time with
 * `mvn dependency:copy-dependencies` on `local/kafka/pom.xml`, later never (a marker file written
 * after a successful copy says the directory is complete, so starts need no network).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { findMaven } from '../environment.js';
import { runCommand } from '../process.js';
import type { LocalPaths, PinnedVersions } from './paths.js';

/** Name of the marker file written into the libs directory after a complete copy. */
export const LIBS_MARKER = '.mqload-libs.json';

/** Content of the marker file. */
interface LibsMarker {
  kafka: string;
  jmxExporter: string;
  /** Number of jars copied. */
  jars: number;
  /** ISO time of the copy. */
  copiedAt: string;
}

/** True when `libsDir` holds a complete copy for `versions` (marker present and matching, agent jar there). */
export function libsReady(libsDir: string, versions: PinnedVersions): boolean {
  const markerFile = join(libsDir, LIBS_MARKER);
  if (!existsSync(markerFile)) return false;
  const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Partial<LibsMarker>;
  return marker.kafka === versions.kafka && marker.jmxExporter === versions.jmxExporter && existsSync(jmxAgentJar(libsDir, versions));
}

/** Path of the Prometheus JMX exporter agent jar inside `libsDir`. */
export function jmxAgentJar(libsDir: string, versions: PinnedVersions): string {
  return join(libsDir, `jmx_prometheus_javaagent-${versions.jmxExporter}.jar`);
}

/**
 * Makes sure the jars are in `paths.libsDir`, downloading them with Maven when the marker is
 * missing. `log` receives one-line progress messages. Throws {@link EnvironmentError} when Maven
 * is missing or the download fails (with the tail of Maven's output).
 * @returns true when it downloaded, false when the jars were already there.
 */
export async function ensureKafkaLibs(paths: LocalPaths, log: (line: string) => void): Promise<boolean> {
  if (libsReady(paths.libsDir, paths.versions)) return false;
  const mvn = findMaven(`download the Kafka ${paths.versions.kafka} jars`, 'point MQLOAD_KAFKA_LIBS at a directory that already holds the jars');
  mkdirSync(paths.libsDir, { recursive: true });
  log(`downloading Kafka ${paths.versions.kafka} and the JMX exporter (~60 MB, first start only) into ${paths.libsDir} ...`);
  const args = ['-B', '-q', '-f', paths.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${paths.libsDir}`];
  const { code, output } = await runCommand(mvn, args);
  if (code !== 0) {
    const tail = output.trim().split('\n').slice(-15).join('\n');
    throw new EnvironmentError(
      `downloading the Kafka jars with Maven failed (exit ${code}):\n${tail}`,
      `check that Maven Central is reachable (run \`${mvn} ${args.join(' ')}\` to see the whole output), then retry`,
    );
  }
  const jars = readdirSync(paths.libsDir).filter((f) => f.endsWith('.jar')).length;
  if (!existsSync(jmxAgentJar(paths.libsDir, paths.versions))) {
    throw new EnvironmentError(
      `Maven finished but ${jmxAgentJar(paths.libsDir, paths.versions)} is missing`,
      `check ${paths.pomFile} pins io.prometheus.jmx:jmx_prometheus_javaagent ${paths.versions.jmxExporter}`,
    );
  }
  const marker: LibsMarker = { kafka: paths.versions.kafka, jmxExporter: paths.versions.jmxExporter, jars, copiedAt: new Date().toISOString() };
  writeFileSync(join(paths.libsDir, LIBS_MARKER), JSON.stringify(marker, null, 2) + '\n');
  log(`copied ${jars} jars`);
  return true;
}

