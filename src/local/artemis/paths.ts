/**
 * Where the local Artemis broker keeps its files, and its settings.
 *
 * Layout (one broker per cache directory):
 * ```
 * <base>/artemis/                       base = $MQLOAD_CACHE_DIR or ~/.cache/mqload
 *   download/apache-artemis-<v>-bin.tar.gz   copied by Maven from local/artemis/pom.xml
 *   apache-artemis-<v>/                 the distribution, unpacked with tar
 *   instance/                           `artemis create` output: bin/, etc/broker.xml, data/, log/
 *   logs/stdout.log                     JVM stdout/stderr (the broker's own log4j2 output too)
 *   broker.json                         state of the running broker (no secret in it)
 *   access.json                         user, password and ports (mode 0600; see drivers/artemis/access.ts)
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { artemisHome } from '../../drivers/artemis/access.js';

/** The ports and memory of the local Artemis broker. */
export interface ArtemisSettings {
  /** AMQP 1.0 acceptor on 127.0.0.1 (5672 is RabbitMQ's here). Default 5673. */
  amqpPort: number;
  /** Core protocol acceptor on 127.0.0.1 (Artemis's own tools, `artemis perf`). Default 61616. */
  corePort: number;
  /** Embedded web server on 127.0.0.1: the console and Jolokia at /console/jolokia. Default 8161. */
  httpPort: number;
  /** JVM heap (`-Xms`/`-Xmx`), e.g. `512M`. Default 512M. */
  heap: string;
}

export const DEFAULT_ARTEMIS_SETTINGS: ArtemisSettings = { amqpPort: 5673, corePort: 61616, httpPort: 8161, heap: '512M' };

/** Absolute paths of the local Artemis installation. */
export interface ArtemisPaths {
  /** `local/artemis/pom.xml` in the repository: pins the distribution. */
  pomFile: string;
  /** Artemis version pinned in the pom. */
  version: string;
  /** `<base>/artemis`. */
  home: string;
  downloadDir: string;
  /** The `-bin.tar.gz` Maven copies. */
  archive: string;
  /** The unpacked distribution (`ARTEMIS_HOME`). */
  distDir: string;
  /** The broker instance (`ARTEMIS_INSTANCE`). */
  instanceDir: string;
  brokerXml: string;
  dataDir: string;
  logDir: string;
  stdoutLog: string;
  stateFile: string;
}

/** The repository's `local/artemis/pom.xml`, found from this module's location. */
function pomPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'local', 'artemis', 'pom.xml');
    if (existsSync(p)) return p;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find local/artemis/pom.xml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The `<artemis.version>` property of the pom. */
export function pinnedArtemisVersion(pomFile: string): string {
  const m = /<artemis\.version>\s*([^<\s]+)\s*</.exec(readFileSync(pomFile, 'utf8'));
  if (!m?.[1]) throw new Error(`${pomFile} has no <artemis.version> property`);
  return m[1];
}

/** Every path of the local Artemis for the environment's cache directory. */
export function artemisPaths(): ArtemisPaths {
  const pomFile = pomPath();
  const version = pinnedArtemisVersion(pomFile);
  const home = artemisHome();
  const instanceDir = join(home, 'instance');
  const downloadDir = join(home, 'download');
  return {
    pomFile,
    version,
    home,
    downloadDir,
    archive: join(downloadDir, `apache-artemis-${version}-bin.tar.gz`),
    distDir: join(home, `apache-artemis-${version}`),
    instanceDir,
    brokerXml: join(instanceDir, 'etc', 'broker.xml'),
    dataDir: join(instanceDir, 'data'),
    logDir: join(home, 'logs'),
    stdoutLog: join(home, 'logs', 'stdout.log'),
    stateFile: join(home, 'broker.json'),
  };
}
