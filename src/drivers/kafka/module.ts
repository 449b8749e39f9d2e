/**
 * Kafka as a registered broker kind ({@link DriverModule}): the profile's `driver` and
 * `topics[]` schema parts for Kafka, its own cross-field checks, its capabilities, the driver
 * factory and the client-library checks. The registry (`../registry.ts`) lists it under `kafka`.
 */
import { Type } from '@sinclair/typebox';
import type { Static } from '@sinclair/typebox';
import { ClientProperty, HostPort, Strict } from '../../profile/schema-parts.js';
import type { DriverModule } from '../registry.js';
import type { DriverConfig } from '../types.js';
import { DEFAULT_KAFKA_CLIENT, KAFKA_CLIENT_NAMES, kafkaClientOf, requireInstalled } from './clients.js';
import { KafkaDriver, kafkaCapabilities } from './driver.js';
import { KAFKA_PROFILE_CHECKS } from './profile-checks.js';
import { SECRET_PROPERTIES, acksFromProperty } from './properties.js';
import type { CompressionName } from '../../profile/schema.js';

/** The profile's `driver` section for Kafka: bootstrap addresses, the client library, client properties. */
export const KafkaDriverSchema = Strict(
  {
    type: Type.Literal('kafka', { description: 'broker kind' }),
    brokers: Type.Array(HostPort, { minItems: 1, description: 'bootstrap addresses' }),
    client: Type.Optional(
      Type.Union(KAFKA_CLIENT_NAMES.map((n) => Type.Literal(n)), {
        description: `Kafka client library: ${KAFKA_CLIENT_NAMES.join(', ')} (default ${DEFAULT_KAFKA_CLIENT}; \`mqload drivers list\` shows which are installed)`,
      }),
    ),
    config: Type.Optional(
      Type.Record(Type.String(), ClientProperty, {
        description:
          'client properties by Kafka\'s own names (e.g. "linger.ms", "batch.size", "acks", "request.timeout.ms", "ssl", "sasl.mechanism"); each client accepts its own set and refuses the rest',
      }),
    ),
  },
  { description: 'how to reach and tune the broker client (separate from the workload)' },
);

/** One Kafka topic of the profile: Kafka's topic-name rules, partitions and replication to create it with. */
export const KafkaTopicSchema = Strict({
  name: Type.String({ minLength: 1, maxLength: 249, pattern: '^[a-zA-Z0-9._-]+$' }),
  partitions: Type.Integer({ minimum: 1, maximum: 10000 }),
  replicationFactor: Type.Optional(Type.Integer({ minimum: 1, maximum: 32, default: 1 })),
  config: Type.Optional(Type.Record(Type.String(), Type.String(), { description: 'topic configs, e.g. retention.ms' })),
  deleteAfterRun: Type.Optional(Type.Boolean({ default: false, description: 'delete the topic when the run ends' })),
});

/** A Kafka profile's `driver` section as validated. */
export type KafkaDriverSection = Static<typeof KafkaDriverSchema>;
/** A Kafka profile's `topics[]` entry as validated. */
export type KafkaTopicSpec = Static<typeof KafkaTopicSchema>;

export const kafkaModule: DriverModule = {
  kind: 'kafka',
  driverSchema: KafkaDriverSchema,
  topicSchema: KafkaTopicSchema,
  checks: KAFKA_PROFILE_CHECKS,
  capabilities: (config) => kafkaCapabilities(config),
  create: (config, opts) => new KafkaDriver(config, opts.clientId),
  requireClient(config: DriverConfig): void {
    const d = kafkaClientOf(config.client);
    if (d) requireInstalled(d);
  },
  optionalClientInstall(config: DriverConfig): string | null {
    const d = kafkaClientOf(config.client);
    return d && !d.bundled ? d.install : null;
  },
  workerIsolation: (config) => kafkaClientOf(config.client)?.isolation ?? 'thread',
  secretFields: [...[...SECRET_PROPERTIES].map((p) => `config.${p}`), /password|secret|jaas/i],
  // The default client; Kafka's own producer property names in driver.config stand for the producers fields (the Kafka checks refuse contradictions).
  defaultsFor(driver) {
    const config = driver.config ?? {};
    return {
      driver: { client: driver.client ?? DEFAULT_KAFKA_CLIENT },
      producers: {
        acks: acksFromProperty(config['acks']),
        compression: config['compression.type'] as CompressionName | undefined,
        idempotent: config['enable.idempotence'] === undefined ? undefined : String(config['enable.idempotence']) === 'true',
      },
    };
  },
};
