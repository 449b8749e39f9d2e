/**
 * Provisioning of the local Artemis broker: the distribution (once: Maven copies the pinned
 * `-bin.tar.gz`, tar unpacks it; later starts need no network), the broker instance (once:
 * `artemis create` with a generated password, loopback only, no MQTT/HornetQ acceptors, NIO
 * journal), and before every start the settings that may change between starts (acceptor
 * ports, web port, heap). Every failure is an {@link EnvironmentError} (exit 4) saying what to do.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../../errors.js';
import { findMaven, type JavaRuntime } from '../environment.js';
import { runCommand } from '../process.js';
import { readArtemisAccess, writeArtemisAccess, type ArtemisAccess } from '../../drivers/artemis/access.js';
import { acceptorAddresses, withAcceptors } from './broker-xml.js';
import type { ArtemisPaths, ArtemisSettings } from './paths.js';

/** The user `artemis create` makes (role amq: send, consume, manage). */
export const ARTEMIS_USER = 'mqload';
/** Marker in the instance: which version created it. */
const INSTANCE_MARKER = '.mqload-instance.json';

const tail = (text: string, lines = 15) => text.trim().split('\n').slice(-lines).join('\n');

/**
 * Makes sure the distribution is unpacked at `paths.distDir`: copies the archive with Maven when
 * missing, then unpacks it with tar. `log` hears one-line progress. Returns true when it did anything.
 */
export async function ensureDistribution(paths: ArtemisPaths, log: (line: string) => void): Promise<boolean> {
  if (existsSync(join(paths.distDir, 'bin', 'artemis'))) return false;
  if (!existsSync(paths.archive)) {
    const mvn = findMaven(`download Apache Artemis ${paths.version}`);
    mkdirSync(paths.downloadDir, { recursive: true });
    log(`downloading Apache Artemis ${paths.version} (~47 MB, first start only) into ${paths.downloadDir} ...`);
    const args = ['-B', '-q', '-f', paths.pomFile, 'dependency:copy-dependencies', `-DoutputDirectory=${paths.downloadDir}`];
    const r = await runCommand(mvn, args);
    if (r.code !== 0 || !existsSync(paths.archive)) {
      throw new EnvironmentError(
        `downloading Apache Artemis ${paths.version} with Maven failed (exit ${r.code}):\n${tail(r.output)}`,
        `check that Maven Central is reachable (run \`${mvn} ${args.join(' ')}\` to see the whole output), then retry`,
      );
    }
  }
  log(`unpacking ${paths.archive} ...`);
  // tar, not Maven's unpacker: that one cuts the web console's long (PAX) file names.
  const r = await runCommand('tar', ['-xzf', paths.archive, '-C', paths.home]);
  if (r.code !== 0 || !existsSync(join(paths.distDir, 'bin', 'artemis'))) {
    rmSync(paths.distDir, { recursive: true, force: true });
    throw new EnvironmentError(`unpacking ${paths.archive} failed (exit ${r.code}):\n${tail(r.output)}`, `delete ${paths.archive} and run \`mqload local up --broker artemis\` again`);
  }
  return true;
}

/** True when the instance exists, was created for this version and its access file is there. */
function instanceReady(paths: ArtemisPaths): boolean {
  const marker = join(paths.instanceDir, INSTANCE_MARKER);
  if (!existsSync(marker) || !existsSync(paths.brokerXml) || readArtemisAccess() === null) return false;
  try {
    return (JSON.parse(readFileSync(marker, 'utf8')) as { version?: string }).version === paths.version;
  } catch {
    return false;
  }
}

/**
 * Creates the broker instance with `artemis create` unless it exists for this version: a new
 * random password for {@link ARTEMIS_USER}, written to the access file (0600) and never shown.
 * Returns true when it created one.
 */
export async function ensureInstance(paths: ArtemisPaths, settings: ArtemisSettings, java: JavaRuntime, log: (line: string) => void): Promise<boolean> {
  if (instanceReady(paths)) return false;
  const password = randomBytes(18).toString('base64url');
  log(`creating the Artemis broker instance in ${paths.instanceDir} ...`);
  const args = [
    'create', paths.instanceDir, '--silent', '--force',
    '--name', 'mqload', '--user', ARTEMIS_USER, '--password', password, '--require-login',
    '--host', '127.0.0.1', '--http-host', '127.0.0.1', '--http-port', String(settings.httpPort),
    '--no-mqtt-acceptor', '--no-hornetq-acceptor', '--no-stomp-acceptor', '--nio', '--no-autotune', '--java-memory', settings.heap,
  ];
  const r = await runCommand(join(paths.distDir, 'bin', 'artemis'), args, { env: { ...process.env, JAVACMD: java.command } });
  if (r.code !== 0 || !existsSync(paths.brokerXml)) {
    throw new EnvironmentError(`\`artemis create\` failed (exit ${r.code}):\n${tail(r.output.split(password).join('***'))}`, `check ${paths.distDir} is complete (delete it to unpack again)`);
  }
  const access: ArtemisAccess = { user: ARTEMIS_USER, password, amqpPort: settings.amqpPort, httpPort: settings.httpPort };
  writeArtemisAccess(access);
  writeFileSync(join(paths.instanceDir, INSTANCE_MARKER), JSON.stringify({ version: paths.version, createdAt: new Date().toISOString() }, null, 2) + '\n');
  return true;
}

/**
 * Writes the settings that may change between starts into the instance: the acceptors of
 * broker.xml (loopback only), the web server's port in bootstrap.xml, the heap in
 * artemis.profile, and the ports in the access file. Throws when an acceptor would listen
 * beyond 127.0.0.1.
 */
export function applySettings(paths: ArtemisPaths, settings: ArtemisSettings): void {
  const xml = withAcceptors(readFileSync(paths.brokerXml, 'utf8'), settings);
  const exposed = acceptorAddresses(xml).filter((a) => !a.startsWith('127.0.0.1:'));
  if (exposed.length > 0) throw new EnvironmentError(`broker.xml would listen beyond loopback (${exposed.join(', ')})`, `delete ${paths.instanceDir} and start again`);
  writeFileSync(paths.brokerXml, xml);
  const bootstrap = join(paths.instanceDir, 'etc', 'bootstrap.xml');
  writeFileSync(bootstrap, readFileSync(bootstrap, 'utf8').replace(/uri="http:\/\/[^"]*"/, `uri="http://127.0.0.1:${settings.httpPort}"`));
  const profile = join(paths.instanceDir, 'etc', 'artemis.profile');
  writeFileSync(profile, readFileSync(profile, 'utf8').replace(/-Xms\S+ -Xmx\S+/, `-Xms${settings.heap} -Xmx${settings.heap}`));
  const access = readArtemisAccess();
  if (access) writeArtemisAccess({ ...access, amqpPort: settings.amqpPort, httpPort: settings.httpPort });
}
