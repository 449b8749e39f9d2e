/**
 * `mqload drivers list|install`: the Kafka client libraries mqload can drive (`driver.client`).
 *
 * `list` prints every client, whether it is installed here and how to install it. `install
 * librdkafka` builds the optional native client (`@confluentinc/kafka-javascript`) from source:
 * it is not a dependency in package.json, so `npm ci` never needs a compiler; `npm ci` also
 * removes it again (it empties node_modules), so run `install` after every `npm ci`.
 *
 * The build compiles the librdkafka sources shipped inside the npm package and links them
 * dynamically against the system's OpenSSL, zlib and zstd (`CKJS_LINKING=dynamic`): the
 * package's default static build would download those sources, which fails without internet.
 *
 * Exit codes: 0 installed (or already installed); 2 unknown client; 4 a build prerequisite is
 * missing (the exact `apt-get install` line is printed) or the build failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { EnvironmentError, UsageError } from '../errors.js';
import { KAFKA_CLIENTS, KAFKA_CLIENT_NAMES, isClientInstalled, type KafkaClientName } from '../drivers/kafka/clients.js';

/** The pinned version `install librdkafka` builds (the one the librdkafka client is tested with). */
export const LIBRDKAFKA_PACKAGE_VERSION = '1.10.1';

/** The project root: where `npm install` puts the package so that `dist/src/drivers` resolves it. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** The installed version of a client's package (read from its package.json under the project root), or undefined. */
function clientVersion(name: KafkaClientName): string | undefined {
  try {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'node_modules', KAFKA_CLIENTS[name].packageName, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined; // not installed at the project root (it may still resolve from elsewhere)
  }
}

/** One build prerequisite: how to tell it is there, and the Debian package that provides it. */
interface Prerequisite {
  what: string;
  debian: string;
  present: () => boolean;
}

const onPath = (cmd: string): boolean => (process.env.PATH ?? '').split(delimiter).some((d) => d !== '' && existsSync(join(d, cmd)));
const pkgConfig = (module: string): boolean => spawnSync('pkg-config', ['--exists', module]).status === 0;

/** What node-gyp and librdkafka's configure need (librdkafka itself is compiled from the package's sources). */
const PREREQUISITES: Prerequisite[] = [
  { what: 'a C/C++ compiler and make', debian: 'build-essential', present: () => onPath('g++') && onPath('make') },
  { what: 'python3 (node-gyp)', debian: 'python3', present: () => onPath('python3') },
  { what: 'pkg-config', debian: 'pkg-config', present: () => onPath('pkg-config') },
  { what: 'OpenSSL headers (TLS, SASL/SCRAM)', debian: 'libssl-dev', present: () => pkgConfig('openssl') },
  { what: 'zlib headers (gzip)', debian: 'zlib1g-dev', present: () => pkgConfig('zlib') },
  { what: 'zstd headers (zstd)', debian: 'libzstd-dev', present: () => pkgConfig('libzstd') },
];

/** The `apt-get install` line for every missing prerequisite, or null when nothing is missing. */
export function missingPrerequisites(): { missing: string[]; aptLine: string } | null {
  const missing = PREREQUISITES.filter((p) => !p.present());
  if (missing.length === 0) return null;
  return { missing: missing.map((p) => `${p.what} (${p.debian})`), aptLine: `apt-get install -y ${missing.map((p) => p.debian).join(' ')}` };
}

/** The environment of the build: dynamic linking, and node's own headers when they are installed (no header download). */
function buildEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CKJS_LINKING: 'dynamic' };
  const prefix = dirname(dirname(process.execPath));
  if (!env.npm_config_nodedir && existsSync(join(prefix, 'include', 'node', 'node_version.h'))) env.npm_config_nodedir = prefix;
  return env;
}

/** The npm command `install librdkafka` runs, as printed to the user. */
export function librdkafkaInstallCommand(): string {
  return `CKJS_LINKING=dynamic npm install --no-save @confluentinc/kafka-javascript@${LIBRDKAFKA_PACKAGE_VERSION}`;
}

/** Builds and installs the librdkafka client; throws {@link EnvironmentError} when it cannot. */
function installLibrdkafka(force: boolean): void {
  const installed = isClientInstalled('librdkafka') ? clientVersion('librdkafka') : undefined;
  if (installed === LIBRDKAFKA_PACKAGE_VERSION && !force) {
    process.stdout.write(`librdkafka client already installed (@confluentinc/kafka-javascript ${installed}); --force rebuilds it\n`);
    return;
  }
  const gap = missingPrerequisites();
  if (gap) {
    throw new EnvironmentError(
      `cannot build the librdkafka client: missing ${gap.missing.join(', ')}`,
      `install them with \`${gap.aptLine}\` (as root, after \`apt-get update\`), then run \`mqload drivers install librdkafka\` again`,
    );
  }
  process.stdout.write(`building @confluentinc/kafka-javascript ${LIBRDKAFKA_PACKAGE_VERSION} from source (a few minutes)\n  ${librdkafkaInstallCommand()}\n`);
  const started = Date.now();
  const npm = spawnSync('npm', ['install', '--no-save', '--no-audit', '--no-fund', `@confluentinc/kafka-javascript@${LIBRDKAFKA_PACKAGE_VERSION}`], {
    cwd: ROOT,
    env: buildEnv(),
    stdio: 'inherit',
  });
  if (npm.error || npm.status !== 0) {
    throw new EnvironmentError(
      `building the librdkafka client failed (npm ${npm.error ? npm.error.message : `exit ${npm.status}`})`,
      `see the compiler output above; run \`${librdkafkaInstallCommand()}\` in ${ROOT} to retry by hand`,
    );
  }
  // Load it in a fresh process: a build that "succeeded" but cannot load must fail here, not in a run.
  const probe = spawnSync(process.execPath, ['-e', "const k=require('@confluentinc/kafka-javascript');console.log(k.librdkafkaVersion+' '+k.features.join(','))"], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  if (probe.status !== 0) {
    throw new EnvironmentError(`the librdkafka client was built but does not load: ${probe.stderr.trim().split('\n')[0]}`, `run \`mqload drivers install librdkafka --force\` to rebuild it`);
  }
  const [librdkafka, features] = probe.stdout.trim().split(' ');
  process.stdout.write(`installed @confluentinc/kafka-javascript ${LIBRDKAFKA_PACKAGE_VERSION} (librdkafka ${librdkafka}; ${features}) in ${Math.round((Date.now() - started) / 1000)} s\n`);
}

/** The lines of `drivers list`. */
export function listLines(): string[] {
  const rows = KAFKA_CLIENT_NAMES.map((name) => {
    const d = KAFKA_CLIENTS[name];
    const installed = isClientInstalled(name);
    const version = installed ? clientVersion(name) : undefined;
    return {
      name,
      state: installed ? `installed${version ? ` (${d.packageName} ${version})` : ''}` : `not installed: ${d.install}`,
      summary: d.summary,
    };
  });
  const width = Math.max(...rows.map((r) => r.name.length));
  return ['Kafka clients (driver.client):', ...rows.flatMap((r) => [`  ${r.name.padEnd(width)}  ${r.state}`, `  ${' '.repeat(width)}  ${r.summary}`])];
}

/** Registers `mqload drivers` and its subcommands. */
export function register(program: Command): void {
  const drivers = program.command('drivers').description('list and install the Kafka client libraries (driver.client)');
  drivers
    .command('list')
    .description('show every Kafka client, installed or not')
    .action(() => {
      process.stdout.write(`${listLines().join('\n')}\n`);
    });
  drivers
    .command('install')
    .description('build and install an optional client (librdkafka: needs build-essential, python3, pkg-config, libssl-dev, zlib1g-dev, libzstd-dev)')
    .argument('<client>', `one of ${KAFKA_CLIENT_NAMES.join(', ')}`)
    .option('--force', 'rebuild even when already installed', false)
    .action((client: string, flags: { force: boolean }) => {
      if (!(KAFKA_CLIENT_NAMES as readonly string[]).includes(client)) throw new UsageError(`unknown client "${client}"`, `choose one of ${KAFKA_CLIENT_NAMES.join(', ')}`);
      const d = KAFKA_CLIENTS[client as KafkaClientName];
      if (d.bundled) {
        process.stdout.write(`${client} is a regular dependency: \`npm ci\` installs it${isClientInstalled(d.name) ? ' (installed)' : ''}\n`);
        return;
      }
      installLibrdkafka(flags.force);
    });
}
