/**
 * Where the local ActiveMQ Classic broker keeps its files, and its settings.
 *
 * Layout (one broker per cache directory):
 * ```
 * <base>/activemq/                base = $MQLOAD_CACHE_DIR or ~/.cache/mqload
 *   libs-<v>/                     jars copied by Maven from local/activemq/pom.xml (+ .mqload-libs.json marker)
 *   launcher-<hash>/Launcher.class   src/local/activemq/Launcher.java compiled once (keyed by its content)
 *   data/                         KahaDB (data/kahadb) and the temp store (data/tmp)
 *   logs/stdout.log               JVM stdout/stderr (the broker's slf4j-simple log)
 *   broker.properties             settings the launcher reads, with the password (mode 0600)
 *   jolokia.properties            the Jolokia agent's host, port, user, password (mode 0600)
 *   broker.json                   state of the running broker (no secret in it)
 *   access.json                   user, password and ports (mode 0600; see drivers/activemq/access.ts)
 * ```
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { activemqHome } from '../../drivers/activemq/access.js';
import { pomProperty, repoRoot } from '../paths.js';
import { jolokiaAgentJar } from '../jolokia-agent.js';

/** The ports, heap and usage limits of the local ActiveMQ Classic broker. */
export interface ActivemqSettings {
  /** AMQP 1.0 transport on 127.0.0.1 (5672 is RabbitMQ's, 5673 Artemis's here). Default 5674. */
  amqpPort: number;
  /** Jolokia JVM agent (JMX over HTTP) on 127.0.0.1 (8161 is Artemis's). Default 8162. */
  jolokiaPort: number;
  /** JVM heap (`-Xms`/`-Xmx`), e.g. `256m`. Default 256m. */
  heap: string;
  /** Broker memory limit (messages held in memory; producer flow control at 100 %), MiB. Default 64. */
  memoryLimitMb: number;
  /** KahaDB store limit, MiB. Default 1024. */
  storeLimitMb: number;
  /** Temp store limit (non-persistent messages spooled to disk), MiB. Default 256. */
  tempLimitMb: number;
}

export const DEFAULT_ACTIVEMQ_SETTINGS: ActivemqSettings = { amqpPort: 5674, jolokiaPort: 8162, heap: '256m', memoryLimitMb: 64, storeLimitMb: 1024, tempLimitMb: 256 };

/** Absolute paths of the local ActiveMQ Classic installation. */
export interface ActivemqPaths {
  /** `local/activemq/pom.xml` in the repository: pins the jars. */
  pomFile: string;
  /** ActiveMQ version pinned in the pom. */
  version: string;
  /** Jolokia agent version pinned in the pom. */
  jolokiaVersion: string;
  /** `src/local/activemq/Launcher.java` in the repository. */
  launcherSource: string;
  /** `<base>/activemq`. */
  home: string;
  libsDir: string;
  /** The Jolokia JVM agent jar inside libsDir. */
  jolokiaAgent: string;
  dataDir: string;
  logDir: string;
  stdoutLog: string;
  /** Launcher settings with the password, mode 0600. */
  settingsFile: string;
  /** Jolokia agent config with the password, mode 0600. */
  jolokiaFile: string;
  stateFile: string;
}

function pomPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const p = join(dir, 'local', 'activemq', 'pom.xml');
    if (existsSync(p)) return p;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find local/activemq/pom.xml above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** Every path of the local ActiveMQ Classic for the environment's cache directory. */
export function activemqPaths(): ActivemqPaths {
  const pomFile = pomPath();
  const version = pomProperty(pomFile, 'activemq.version');
  const jolokiaVersion = pomProperty(pomFile, 'jolokia.version');
  const home = activemqHome();
  const libsDir = join(home, `libs-${version}`);
  return {
    pomFile,
    version,
    jolokiaVersion,
    launcherSource: join(repoRoot(), 'src', 'local', 'activemq', 'Launcher.java'),
    home,
    libsDir,
    jolokiaAgent: jolokiaAgentJar(libsDir, jolokiaVersion),
    dataDir: join(home, 'data'),
    logDir: join(home, 'logs'),
    stdoutLog: join(home, 'logs', 'stdout.log'),
    settingsFile: join(home, 'broker.properties'),
    jolokiaFile: join(home, 'jolokia.properties'),
    stateFile: join(home, 'broker.json'),
  };
}
