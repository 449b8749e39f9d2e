/**
 * Public API of the local brokers. {@link localLauncher} gives a kind's {@link LocalBrokerLauncher}
 * (fault injection and the collectors go through it); each kind's launcher and its own files live
 * in `<kind>/` (the local Kafka broker's functions, which `mqload local up|status|down` uses, in
 * `kafka/index.ts`). The files beside this one are neutral helpers every launcher may use:
 * process control (`process.ts`), Java, Maven and port checks (`environment.ts`), the cache
 * base and repository root (`paths.ts`), log tails (`logs.ts`).
 */
import type { BrokerKind } from '../drivers/types.js';
import type { LocalBrokerLauncher } from './types.js';
import { kafkaLauncher } from './kafka/launcher.js';
import { rabbitmqLauncher } from './rabbitmq/launcher.js';
import { artemisLauncher } from './artemis/launcher.js';
import { rocketmqLauncher } from './rocketmq/launcher.js';
import { activemqLauncher } from './activemq/launcher.js';

/** Each kind's local broker launcher; a kind without one has no local broker mqload can act on. */
export const LOCAL_LAUNCHERS: Readonly<Partial<Record<BrokerKind, LocalBrokerLauncher>>> = {
  kafka: kafkaLauncher,
  rabbitmq: rabbitmqLauncher,
  artemis: artemisLauncher,
  rocketmq: rocketmqLauncher,
  activemq: activemqLauncher,
};

/** The launcher of `kind`'s local broker, or null when mqload has none for it. */
export function localLauncher(kind: BrokerKind): LocalBrokerLauncher | null {
  return LOCAL_LAUNCHERS[kind] ?? null;
}

export type { BrokerFaultAction, LocalBroker, LocalBrokerLauncher, LocalBrokerStatus } from './types.js';
export { cacheBase, repoRoot } from './paths.js';
export type { CacheLocation } from './paths.js';
export type { StopOutcome } from './process.js';
