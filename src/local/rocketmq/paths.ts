/**
 * Where the local RocketMQ keeps its files, and its settings.
 *
 * Layout (one broker per cache directory):
 * ```
 * <base>/rocketmq/                 base = $MQLOAD_CACHE_DIR or ~/.cache/mqload
 *   libs/                          jars copied by Maven from local/rocketmq/pom.xml (+ the Jolokia agent)
 *   namesrv.conf, broker.conf, rmq-proxy.json   rendered on every start
 *   jolokia-broker.properties, jolokia-namesrv.properties   the two JVMs' Jolokia agent configs (mode 0600)
 *   jolokia-access.json            user and generated password of both agents (mode 0600)
 *   store/                         commit log, consume queues, timer log (storePathRootDir)
 *   logs/namesrv.out, proxy.out    JVM stdout/stderr
 *   logs/rocketmqlogs/             the JVMs' own logs (user.home is the home here)
 *   sock/                          unix sockets of the loopback bridges (see netns.ts)
 *   broker.json                    state of the running broker
 * ```
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { cacheBase, pomProperty, repoRoot } from '../paths.js';
import { jolokiaAgentJar } from '../jolokia-agent.js';

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
  /** Jolokia agent of the broker+proxy JVM (heap and GC over HTTP). Default 8779. */
  jolokiaPort: number;
  /** Jolokia agent of the name server JVM. Default 8780. */
  namesrvJolokiaPort: number;
  /** Heap of the broker+proxy JVM (`-Xmx`), e.g. `512m`. */
  heap: string;
}

export const DEFAULT_ROCKETMQ_SETTINGS: RocketmqSettings = { grpcPort: 8081, namesrvPort: 9876, brokerPort: 10911, metricsPort: 5557, jolokiaPort: 8779, namesrvJolokiaPort: 8780, heap: '512m' };

/** Heap of the name server JVM (`-Xms` = `-Xmx`). */
export const ROCKETMQ_NAMESRV_HEAP = '256m';

/** The cluster and broker names of the local broker. */
export const ROCKETMQ_CLUSTER = 'mqload';
export const ROCKETMQ_BROKER_NAME = 'mqload-broker';

export interface RocketmqPaths {
  pomFile: string;
  version: string;
  /** Jolokia agent version pinned in the pom. */
  jolokiaVersion: string;
  home: string;
  libsDir: string;
  /** The Jolokia JVM agent jar inside libsDir. */
  jolokiaAgent: string;
  /** Agent configs of the broker and the name server JVMs (with the password, mode 0600). */
  brokerJolokiaConf: string;
  namesrvJolokiaConf: string;
  /** User and password of both agents (mode 0600). */
  jolokiaAccessFile: string;
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

/** Every path of the local RocketMQ for the environment's cache directory. */
export function rocketmqPaths(): RocketmqPaths {
  const pomFile = join(repoRoot(), 'local', 'rocketmq', 'pom.xml');
  const home = join(cacheBase(), 'rocketmq');
  const logDir = join(home, 'logs');
  const libsDir = join(home, 'libs');
  const jolokiaVersion = pomProperty(pomFile, 'jolokia.version');
  return {
    pomFile,
    version: pomProperty(pomFile, 'rocketmq.version'),
    jolokiaVersion,
    home,
    libsDir,
    jolokiaAgent: jolokiaAgentJar(libsDir, jolokiaVersion),
    brokerJolokiaConf: join(home, 'jolokia-broker.properties'),
    namesrvJolokiaConf: join(home, 'jolokia-namesrv.properties'),
    jolokiaAccessFile: join(home, 'jolokia-access.json'),
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
