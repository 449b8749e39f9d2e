/**
 * Provisioning of the local ActiveMQ Classic broker: the jars (once: Maven copies what
 * local/activemq/pom.xml pins; a marker says the copy is complete, so later starts need no
 * network), our launcher compiled once with javac (keyed by the source's hash), the access
 * (once: a generated password for {@link ACTIVEMQ_USER}, mode 0600, never shown), and before
 * every start the launcher's and the Jolokia agent's settings files (mode 0600: they hold the
 * password, which therefore never appears on a command line). Every failure is an
 * {@link EnvironmentError} (exit 4) saying what to do.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { readActivemqAccess, writeActivemqAccess, type ActivemqAccess } from '../../drivers/activemq/access.js';
import { writePrivateFile } from '../../drivers/private-file.js';
import { findMaven, type JavaRuntime } from '../environment.js';
import { runCommand } from '../process.js';
import { classPathWithoutAgent, propertyLines, writeJolokiaAgentConfig } from '../jolokia-agent.js';
import type { ActivemqPaths, ActivemqSettings } from './paths.js';

/** The one user of the broker's simple authentication plugin. */
export const ACTIVEMQ_USER = 'mqload';
/** Marker in the libs directory: which versions were copied completely. */
const LIBS_MARKER = '.mqload-libs.json';

const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

/** True when the libs directory holds a complete copy for the pinned versions. */
function libsReady(paths: ActivemqPaths): boolean {
  const marker = join(paths.libsDir, LIBS_MARKER);
  if (!existsSync(marker) || !existsSync(paths.jolokiaAgent)) return false;
  try {
    const m = JSON.parse(readFileSync(marker, 'utf8')) as { activemq?: string; jolokia?: string };
    return m.activemq === paths.version && m.jolokia === paths.jolokiaVersion;
  } catch {
    return false;
  }
}

/** Copies the jars with Maven unless they are there. `log` hears one-line progress. Returns true when it downloaded. */
export async function ensureActivemqLibs(paths: ActivemqPaths, log: (line: string) => void): Promise<boolean> {
  if (libsReady(paths)) return false;
  const mvn = findMaven(`download the ActiveMQ ${paths.version} jars`);
  mkdirSync(paths.libsDir, { recursive: true });
  log(`downloading ActiveMQ Classic ${paths.version} jars and the Jolokia agent (~9 MB, first start only) into ${paths.libsDir} ...`);
  const args = ['-B', '-q', '-f', paths.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${paths.libsDir}`];
  const r = await runCommand(mvn, args);
  if (r.code !== 0 || !existsSync(paths.jolokiaAgent)) {
    throw new EnvironmentError(
      `downloading the ActiveMQ ${paths.version} jars with Maven failed (exit ${r.code}):\n${tail(r.output)}`,
      `check that Maven Central is reachable (run \`${mvn} ${args.join(' ')}\` to see the whole output), then retry`,
    );
  }
  const jars = readdirSync(paths.libsDir).filter((f) => f.endsWith('.jar')).length;
  writeFileSync(join(paths.libsDir, LIBS_MARKER), JSON.stringify({ activemq: paths.version, jolokia: paths.jolokiaVersion, jars, copiedAt: new Date().toISOString() }, null, 2) + '\n');
  log(`copied ${jars} jars`);
  return true;
}

/** The broker's class path: every jar of libsDir except the Jolokia agent (loaded with -javaagent). */
export function brokerClassPath(paths: ActivemqPaths): string[] {
  return classPathWithoutAgent(paths.libsDir);
}

/** `javac` beside the runtime's `java`, or on PATH. */
function javacOf(java: JavaRuntime): string {
  const beside = java.command.replace(/java$/, 'javac');
  return beside !== java.command && existsSync(beside) ? beside : 'javac';
}

/**
 * Compiles Launcher.java into `<home>/launcher-<hash>/` unless that exists, and returns the
 * directory (on the class path before the jars). Needs a JDK (javac).
 */
export async function ensureLauncherClasses(paths: ActivemqPaths, java: JavaRuntime, log: (line: string) => void): Promise<string> {
  const source = readFileSync(paths.launcherSource);
  const hash = createHash('sha256').update(source).update(paths.version).digest('hex').slice(0, 12);
  const dir = join(paths.home, `launcher-${hash}`);
  if (existsSync(join(dir, 'Launcher.class'))) return dir;
  log(`compiling ${paths.launcherSource} ...`);
  mkdirSync(dir, { recursive: true });
  const javac = javacOf(java);
  let r: { code: number; output: string };
  try {
    r = await runCommand(javac, ['-d', dir, '-cp', brokerClassPath(paths).join(':'), paths.launcherSource]);
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw new EnvironmentError(`cannot run ${javac}: ${(err as Error).message}`, 'install a Java 17+ JDK (Debian/Ubuntu: `apt-get install -y openjdk-17-jdk-headless`)');
  }
  if (r.code !== 0 || !existsSync(join(dir, 'Launcher.class'))) {
    rmSync(dir, { recursive: true, force: true });
    throw new EnvironmentError(`compiling the ActiveMQ launcher failed (exit ${r.code}):\n${tail(r.output)}`, `check ${paths.libsDir} is complete (delete it to download again)`);
  }
  return dir;
}

/** The access of the local broker: the existing one (ports updated), or a new generated password. */
export function ensureActivemqAccess(settings: ActivemqSettings): ActivemqAccess {
  const prior = readActivemqAccess();
  const access: ActivemqAccess = { user: prior?.user ?? ACTIVEMQ_USER, password: prior?.password ?? randomBytes(18).toString('base64url'), amqpPort: settings.amqpPort, jolokiaPort: settings.jolokiaPort };
  writeActivemqAccess(access);
  return access;
}

/** Writes the launcher's and the Jolokia agent's settings (mode 0600), loopback only. */
export function writeActivemqSettings(paths: ActivemqPaths, settings: ActivemqSettings, access: ActivemqAccess): void {
  writePrivateFile(
    paths.settingsFile,
    propertyLines({ dataDir: paths.dataDir, amqpPort: settings.amqpPort, user: access.user, password: access.password, memoryLimitMb: settings.memoryLimitMb, storeLimitMb: settings.storeLimitMb, tempLimitMb: settings.tempLimitMb }),
  );
  writeJolokiaAgentConfig(paths.jolokiaFile, { port: settings.jolokiaPort, access, agentId: 'mqload-activemq' });
}
