/**
 * Public API of the local Kafka broker (what `mqload local up|status|down` uses). Collectors read
 * {@link readLocalState} to find the broker's pid, data dir and JMX endpoint; fault injection uses
 * the kill/pause/resume/restart helpers.
 */
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
