/**
 * Public API of the local brokers. {@link localLauncher} gives a kind's {@link LocalBrokerLauncher}
 * (fault injection and the collectors go through it); the Kafka functions below are what
 * `mqload local up|status|down` uses.
 */
import type { BrokerKind } from '../drivers/types.js';
import type { LocalBrokerLauncher } from './types.js';
import { kafkaLauncher } from './kafka/launcher.js';
import { rabbitmqLauncher } from './rabbitmq/launcher.js';
import { artemisLauncher } from './artemis/launcher.js';

/** Each kind's local broker launcher; a kind without one has no local broker mqload can act on. */
export const LOCAL_LAUNCHERS: Readonly<Partial<Record<BrokerKind, LocalBrokerLauncher>>> = {
  kafka: kafkaLauncher,
  rabbitmq: rabbitmqLauncher,
  artemis: artemisLauncher,
};

/** The launcher of `kind`'s local broker, or null when mqload has none for it. */
export function localLauncher(kind: BrokerKind): LocalBrokerLauncher | null {
  return LOCAL_LAUNCHERS[kind] ?? null;
}

export type { BrokerFaultAction, LocalBroker, LocalBrokerLauncher, LocalBrokerStatus } from './types.js';

export {
  localUp,
  localStatus,
  localDown,
  startLocalBroker,
  restartLocalBroker,
  killLocalBroker,
  pauseLocalBroker,
  resumeLocalBroker,
  DEFAULT_STARTUP_TIMEOUT_MS,
  DEFAULT_STOP_GRACE_MS,
} from './broker.js';
export type { LocalUpOptions, LocalUpResult, LocalStatus, LocalDownResult } from './broker.js';
export { readLocalState, isLocalBrokerProcess } from './state.js';
export type { LocalBrokerState } from './state.js';
export { resolveSettings, DEFAULT_PORT, DEFAULT_JMX_PORT, DEFAULT_HEAP, LOCAL_HOST } from './config.js';
export type { LocalBrokerSettings } from './config.js';
export { resolveLocalPaths, cacheBase } from './paths.js';
export type { LocalLocationOptions, LocalPaths } from './paths.js';
export type { StopOutcome } from './process.js';
