/**
 * The local Kafka broker (single-node KRaft on 127.0.0.1): what `mqload local up|status|down`,
 * `mqload quickstart`, the tests and the bench use directly. The rest of mqload reaches it
 * through its {@link kafkaLauncher} (`../index.ts`).
 */
export { kafkaLauncher } from './launcher.js';
export {
  localUp,
  localStatus,
  localDown,
  startLocalBroker,
  restartLocalBroker,
  killLocalBroker,
  pauseLocalBroker,
  resumeLocalBroker,
  settingsOf,
  DEFAULT_STARTUP_TIMEOUT_MS,
  DEFAULT_STOP_GRACE_MS,
} from './broker.js';
export type { LocalUpOptions, LocalUpResult, LocalStatus, LocalDownResult } from './broker.js';
export { readLocalState, isLocalBrokerProcess } from './state.js';
export type { LocalBrokerState } from './state.js';
export { resolveSettings, DEFAULT_PORT, DEFAULT_JMX_PORT, DEFAULT_HEAP, LOCAL_HOST } from './config.js';
export type { LocalBrokerSettings } from './config.js';
export { resolveLocalPaths } from './paths.js';
export type { LocalLocationOptions, LocalPaths } from './paths.js';
