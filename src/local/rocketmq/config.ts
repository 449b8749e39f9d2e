/**
 * The local RocketMQ's configuration files, rendered on every start from its settings: the name
 * server's `namesrv.conf`, the broker's `broker.conf` (small mapped files so a start fits this
 * machine, the Prometheus exporter on 127.0.0.1, async flush, no auto-created topics), the
 * proxy's `rmq-proxy.json` (local mode: the proxy and the broker in one JVM) and the Jolokia
 * agent config of each JVM (127.0.0.1 of the namespace, basic auth; mode 0600).
 */
import { writeFileSync } from 'node:fs';
import { writeJolokiaAgentConfig, type JolokiaAgentAccess } from '../jolokia-agent.js';
import { ROCKETMQ_BROKER_NAME, ROCKETMQ_CLUSTER, type RocketmqPaths, type RocketmqSettings } from './paths.js';

/** Proxy's remoting port inside the namespace (not bridged: mqload speaks gRPC to the proxy). */
const PROXY_REMOTING_PORT = 8080;

/** `key=value` lines. */
function properties(entries: Record<string, string | number | boolean>): string {
  return Object.entries(entries).map(([k, v]) => `${k}=${String(v)}`).join('\n') + '\n';
}

/** The broker's settings as `broker.conf` holds them. */
export function brokerProperties(paths: RocketmqPaths, s: RocketmqSettings): Record<string, string | number | boolean> {
  return {
    brokerClusterName: ROCKETMQ_CLUSTER,
    brokerName: ROCKETMQ_BROKER_NAME,
    brokerId: 0,
    brokerIP1: '127.0.0.1',
    listenPort: s.brokerPort,
    namesrvAddr: `127.0.0.1:${s.namesrvPort}`,
    storePathRootDir: paths.storeDir,
    storePathCommitLog: `${paths.storeDir}/commitlog`,
    mappedFileSizeCommitLog: 67108864,
    mappedFileSizeTimerLog: 8388608,
    flushDiskType: 'ASYNC_FLUSH',
    // A shared machine's disk may be fuller than the default 75 %; the broker refuses writes past it.
    diskMaxUsedSpaceRatio: 95,
    autoCreateTopicEnable: false,
    autoCreateSubscriptionGroup: true,
    metricsExporterType: 'PROM',
    metricsPromExporterHost: '127.0.0.1',
    metricsPromExporterPort: s.metricsPort,
  };
}

/** Writes the configuration files; `access` is the Jolokia agents' user and password. */
export function writeRocketmqConfig(paths: RocketmqPaths, s: RocketmqSettings, access: JolokiaAgentAccess): void {
  writeFileSync(paths.namesrvConf, properties({ listenPort: s.namesrvPort, bindAddress: '127.0.0.1' }));
  writeFileSync(paths.brokerConf, properties(brokerProperties(paths, s)));
  const proxy = { rocketMQClusterName: ROCKETMQ_CLUSTER, grpcServerPort: s.grpcPort, remotingListenPort: PROXY_REMOTING_PORT, namesrvAddr: `127.0.0.1:${s.namesrvPort}` };
  writeFileSync(paths.proxyJson, JSON.stringify(proxy, null, 2) + '\n');
  writeJolokiaAgentConfig(paths.brokerJolokiaConf, { port: s.jolokiaPort, access, agentId: 'mqload-rocketmq-broker' });
  writeJolokiaAgentConfig(paths.namesrvJolokiaConf, { port: s.namesrvJolokiaPort, access, agentId: 'mqload-rocketmq-namesrv' });
}
