/**
 * Where the local RocketMQ keeps its files, and its settings.
 *
 * Layout (one broker per cache directory):
 * ```
 * <base>/rocketmq/                 base = $MQLOAD_CACHE_DIR or ~/.cache/mqload
 *   libs/                          jars copied by Maven from local/rocketmq/pom.xml
 *   namesrv.conf, broker.conf, rmq-proxy.json   rendered on every start
 *   store/                         commit log, consume queues, timer log (storePathRootDir)
 *   logs/namesrv.out, proxy.out    JVM stdout/stderr
 *   logs/rocketmqlogs/             the JVMs' own logs (user.home is the home here)
 *   sock/                          unix sockets of the loopback bridges (see netns.ts)
 *   broker.json                    state of the running broker
 * ```
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheBase, repoRoot } from '../paths.js';

/** Ports (on 127.0.0.1, the same inside the namespace) and memory of the local RocketMQ. */
export interface RocketmqSettings {
  /** The proxy's gRPC port, where clients connect. Default 8081. */
  grpcPort: number;
  /** Name server port. Default 9876. */
  namesrvPort: number;
  /** Broker remoting port (admin protocol). Default 10911. */
  brokerPort: number;
  /** Broker Prometheus exporter port. Default 5557. */
  metricsPort: number;
  /** Heap of the broker+proxy JVM (`-Xmx`), e.g. `512m`. */
  heap: string;
}

export const DEFAULT_ROCKETMQ_SETTINGS: RocketmqSettings = { grpcPort: 8081, namesrvPort: 9876, brokerPort: 10911, metricsPort: 5557, heap: '512m' };

/** The cluster and broker names of the local broker. */
export const ROCKETMQ_CLUSTER = 'mqload';
export const ROCKETMQ_BROKER_NAME = 'mqload-broker';

export interface RocketmqPaths {
  pomFile: string;
  version: string;
  home: string;
  libsDir: string;
  storeDir: string;
  logDir: string;
  namesrvOut: string;
  proxyOut: string;
  /** The JVMs' own log directory (`<home>/logs/rocketmqlogs`). */
  jvmLogDir: string;
  sockDir: string;
  namesrvConf: string;
  brokerConf: string;
  proxyJson: string;
  stateFile: string;
  /** Network namespace the JVMs run in: `mqload-rmq-<hash of home>`. */
  netns: string;
}

/** The `<rocketmq.version>` property of the pom. */
export function pinnedRocketmqVersion(pomFile: string): string {
  const m = /<rocketmq\.version>\s*([^<\s]+)\s*</.exec(readFileSync(pomFile, 'utf8'));
  if (!m?.[1]) throw new Error(`${pomFile} has no <rocketmq.version> property`);
  return m[1];
}

/** Every path of the local RocketMQ for the environment's cache directory. */
export function rocketmqPaths(): RocketmqPaths {
  const pomFile = join(repoRoot(), 'local', 'rocketmq', 'pom.xml');
  const home = join(cacheBase(), 'rocketmq');
  const logDir = join(home, 'logs');
  return {
    pomFile,
    version: pinnedRocketmqVersion(pomFile),
    home,
    libsDir: join(home, 'libs'),
    storeDir: join(home, 'store'),
    logDir,
    namesrvOut: join(logDir, 'namesrv.out'),
    proxyOut: join(logDir, 'proxy.out'),
    jvmLogDir: join(logDir, 'rocketmqlogs'),
    sockDir: join(home, 'sock'),
    namesrvConf: join(home, 'namesrv.conf'),
    brokerConf: join(home, 'broker.conf'),
    proxyJson: join(home, 'rmq-proxy.json'),
    stateFile: join(home, 'broker.json'),
    netns: `mqload-rmq-${createHash('sha256').update(home).digest('hex').slice(0, 8)}`,
  };
}
