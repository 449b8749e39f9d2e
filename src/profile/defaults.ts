/**
 * Defaults filled into a validated profile (the returned copy, never the input). They are what
 * a run does when a field is left out, and what `mqload validate` summarises:
 *
 * - producers: `acks` 0 for `oneway`, else `all`; `retries` 0 for `oneway`, else 5 (the kafkajs
 *   default); `maxInFlight` 1000; `batch` {maxRecords 100, lingerMs 5}; `compression` none;
 *   `idempotent` false; `topic` the first topic.
 * - message: `keys` round-robin, `keySpace` 1000, `hotShare` 0.8 (only with keys: hot).
 * - consumers (omitted): one group of one consumer; `processing.delayMs` 0, `commit` auto;
 *   `topic` the producers' topic. Set `groups: 0` for a produce-only run.
 * - load: `warmup` 0s, `cooldown` 5s (producers stop, consumers drain); ramping `startRate` 0.
 * - topics: `replicationFactor` 1 (partitioned topics), `deleteAfterRun` false. driver: `config` {}.
 * - the driver module's own defaults first ({@link DriverModule.defaultsFor}): Kafka sets the
 *   default `client`, and its `acks`, `compression.type` and `enable.idempotence` in
 *   driver.config stand for the producers fields left out.
 * - collect: intervalMs 1000, host/brokerProcess/lag/client true. verify: enabled, graceMs 5000.
 */
import type { AcksSetting, Profile, SendModeName } from './schema.js';
import { DRIVERS, type DriverDefaults, type DriverModule } from '../drivers/registry.js';

export const DEFAULT_MAX_IN_FLIGHT = 1000;
export const DEFAULT_BATCH = { maxRecords: 100, lingerMs: 5 } as const;
export const DEFAULT_RETRIES = 5;
export const DEFAULT_KEY_SPACE = 1000;
export const DEFAULT_HOT_SHARE = 0.8;
export const DEFAULT_WARMUP = '0s';
export const DEFAULT_COOLDOWN = '5s';
export const DEFAULT_INTERVAL_MS = 1000;
export const DEFAULT_VERIFY_GRACE_MS = 5000;

/** `acks` when the profile leaves it out: 0 for one-way (fire and forget), `all` otherwise. */
export function defaultAcks(mode: SendModeName): AcksSetting {
  return mode === 'oneway' ? 0 : 'all';
}

/** `retries` when the profile leaves it out: 0 for one-way, 5 otherwise. */
export function defaultRetries(mode: SendModeName): number {
  return mode === 'oneway' ? 0 : DEFAULT_RETRIES;
}

/**
 * A copy of a schema-valid profile with every default above filled in. Does not mutate `p`.
 * Idempotent, and its output validates again unchanged.
 */
export function applyDefaults(p: Profile): Profile {
  const src = structuredClone(p);
  const firstTopic = src.topics[0]!.name;
  const producers = src.producers;
  const producerTopic = producers.topic ?? firstTopic;
  const consumers = src.consumers ?? { groups: 1, perGroup: 1 };
  const own: DriverDefaults = DRIVERS[src.driver.type]?.defaultsFor?.(src.driver) ?? {};
  return {
    ...src,
    driver: { ...src.driver, ...own.driver, config: src.driver.config ?? {} },
    topics: src.topics.map((t) => ({ ...t, ...(t.partitions !== undefined ? { replicationFactor: t.replicationFactor ?? 1 } : {}), deleteAfterRun: t.deleteAfterRun ?? false })),
    message: {
      ...src.message,
      keys: src.message.keys ?? 'round-robin',
      keySpace: src.message.keySpace ?? DEFAULT_KEY_SPACE,
      ...((src.message.keys ?? 'round-robin') === 'hot' ? { hotShare: src.message.hotShare ?? DEFAULT_HOT_SHARE } : {}),
    },
    producers: {
      ...producers,
      acks: producers.acks ?? own.producers?.acks ?? defaultAcks(producers.mode),
      maxInFlight: producers.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT,
      batch: producers.batch ?? { ...DEFAULT_BATCH },
      compression: producers.compression ?? own.producers?.compression ?? 'none',
      idempotent: producers.idempotent ?? own.producers?.idempotent ?? false,
      retries: producers.retries ?? defaultRetries(producers.mode),
      topic: producerTopic,
    },
    consumers: {
      ...consumers,
      processing: consumers.processing ?? { delayMs: 0 },
      commit: consumers.commit ?? 'auto',
      topic: consumers.topic ?? producerTopic,
    },
    load: {
      ...src.load,
      warmup: src.load.warmup ?? DEFAULT_WARMUP,
      cooldown: src.load.cooldown ?? DEFAULT_COOLDOWN,
      phases: src.load.phases.map((ph) => (ph.executor === 'ramping-arrival-rate' ? { ...ph, startRate: ph.startRate ?? 0 } : ph)),
    },
    collect: {
      intervalMs: DEFAULT_INTERVAL_MS,
      host: true,
      brokerProcess: true,
      lag: true,
      client: true,
      ...src.collect,
    },
    verify: { enabled: true, graceMs: DEFAULT_VERIFY_GRACE_MS, ...src.verify },
  };
}
