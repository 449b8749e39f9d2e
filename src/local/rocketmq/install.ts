/**
 * Puts the RocketMQ jars and the Jolokia JVM agent in `<home>/libs`: the first time with
 * `mvn dependency:copy-dependencies` on `local/rocketmq/pom.xml` (about 160 jars, 100 MB, half a
 * minute), later never (a marker written after a complete copy names both versions, so starts
 * need no network; a copy made before the agent was pinned is completed once).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { findMaven } from '../environment.js';
import { runCommand } from '../process.js';
import type { RocketmqPaths } from './paths.js';

const MARKER = '.mqload-libs.json';

/** True when the libs directory holds a complete copy of the pinned versions. */
export function rocketmqLibsReady(paths: RocketmqPaths): boolean {
  const file = join(paths.libsDir, MARKER);
  if (!existsSync(file) || !existsSync(paths.jolokiaAgent)) return false;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { version?: string; jolokia?: string };
    return m.version === paths.version && m.jolokia === paths.jolokiaVersion;
  } catch {
    return false;
  }
}

/** Downloads the jars unless they are there. Throws {@link EnvironmentError} when Maven is missing or fails. Returns true when it downloaded. */
export async function ensureRocketmqLibs(paths: RocketmqPaths, log: (line: string) => void): Promise<boolean> {
  if (rocketmqLibsReady(paths)) return false;
  const mvn = findMaven(`download the RocketMQ ${paths.version} jars`);
  mkdirSync(paths.libsDir, { recursive: true });
  log(`downloading RocketMQ ${paths.version} (~100 MB, first start only) into ${paths.libsDir} ...`);
  const args = ['-B', '-q', '-f', paths.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${paths.libsDir}`];
  const r = await runCommand(mvn, args);
  const jars = existsSync(paths.libsDir) ? readdirSync(paths.libsDir).filter((f) => f.endsWith('.jar')).length : 0;
  if (r.code !== 0 || !existsSync(join(paths.libsDir, `rocketmq-proxy-${paths.version}.jar`)) || !existsSync(paths.jolokiaAgent)) {
    throw new EnvironmentError(
      `downloading the RocketMQ jars with Maven failed (exit ${r.code}):\n${r.output.trim().split('\n').slice(-15).join('\n')}`,
      `check that Maven Central is reachable (run \`${mvn} ${args.join(' ')}\` to see the whole output), then retry`,
    );
  }
  writeFileSync(join(paths.libsDir, MARKER), JSON.stringify({ version: paths.version, jolokia: paths.jolokiaVersion, jars, copiedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`copied ${jars} jars`);
  return true;
}
