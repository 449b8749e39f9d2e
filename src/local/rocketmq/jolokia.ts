/**
 * The Jolokia agents of the local RocketMQ's two JVMs (the broker with its proxy, and the name
 * server): where and as whom to read them (the state's URLs, the user and generated password of
 * `<home>/jolokia-access.json`), and whether they answer an authenticated read.
 */
import { describeError } from '../../errors.js';
import { JolokiaClient, type JolokiaTarget } from '../../drivers/jolokia.js';
import { readJolokiaAgentAccess } from '../jolokia-agent.js';
import { rocketmqPaths } from './paths.js';

/** User of both JVMs' agents (its password is generated once, see `RocketmqPaths.jolokiaAccessFile`). */
export const ROCKETMQ_JOLOKIA_USER = 'mqload';

/** Which JVM of the local RocketMQ: the broker (with its proxy) or the name server. */
export type RocketmqJvm = 'broker' | 'namesrv';

/** The agents' base URLs a state records (absent: started before the agents). */
export interface RocketmqAgentUrls {
  /** The broker+proxy JVM's agent, `http://127.0.0.1:<jolokiaPort>/jolokia`. */
  jolokiaUrl?: string;
  /** The name server JVM's agent, `http://127.0.0.1:<namesrvJolokiaPort>/jolokia`. */
  namesrvJolokiaUrl?: string;
}

/**
 * Where and as whom to read the JVMs of `state` through their agents, broker first; empty for a
 * state started without agents or when the access file is gone. No secret in the URLs.
 */
export function rocketmqJvmTargets(state: RocketmqAgentUrls, timeoutMs = 3000): Array<{ jvm: RocketmqJvm; target: JolokiaTarget }> {
  const access = readJolokiaAgentAccess(rocketmqPaths().jolokiaAccessFile);
  if (!access) return [];
  const out: Array<{ jvm: RocketmqJvm; target: JolokiaTarget }> = [];
  for (const [jvm, base] of [['broker', state.jolokiaUrl], ['namesrv', state.namesrvJolokiaUrl]] as const) {
    if (base) out.push({ jvm, target: { base, user: access.user, password: access.password, timeoutMs } });
  }
  return out;
}

/** Why an agent of `state` does not answer an authenticated heap read within `timeoutMs`, or null when both do (or the state has none). */
export async function agentsNotAnswering(state: RocketmqAgentUrls, timeoutMs: number): Promise<string | null> {
  const targets = rocketmqJvmTargets(state, timeoutMs);
  if (state.jolokiaUrl && targets.length === 0) return `no Jolokia access file ${rocketmqPaths().jolokiaAccessFile}`;
  for (const { jvm, target } of targets) {
    try {
      await new JolokiaClient(target).read('java.lang:type=Memory', 'HeapMemoryUsage');
    } catch (err) {
      return `the ${jvm} JVM's Jolokia agent: ${describeError(err)}`;
    }
  }
  return null;
}
