/**
 * The broker kinds this mqload knows, each a {@link DriverModule}: its profile schema part and
 * checks, capabilities, driver factory and client checks. The one place that maps
 * `driver.type` to an implementation; the profile schema, `validate`, the worker and the run
 * all go through {@link driverModule}, so what validate refuses, run refuses with the same
 * words. Collectors, rule packs and local launchers are picked per kind in their own folders
 * (drivers import none of them).
 */
import type { TObject } from '@sinclair/typebox';
import { UsageError } from '../errors.js';
import type { ProfileCheck } from '../profile/check-kit.js';
import type { AcksSetting, CompressionName } from '../profile/schema.js';
import type { BrokerKind, Driver, DriverCapabilities, DriverConfig, DriverOptions } from './types.js';
import { kafkaModule } from './kafka/module.js';
import { rabbitmqModule } from './rabbitmq/module.js';
import { artemisModule } from './artemis/module.js';
import { rocketmqModule } from './rocketmq/module.js';
import { activemqModule } from './activemq/module.js';

/**
 * What a kind fills into a schema-valid profile where the profile leaves a field out (see
 * {@link DriverModule.defaultsFor}); the neutral defaults (`src/profile/defaults.ts`) fill the rest.
 */
export interface DriverDefaults {
  /** Fields of the `driver` section to set, as resolved by the kind (Kafka: `client`, the default client when unset). */
  readonly driver?: Partial<Omit<DriverConfig, 'type'>>;
  /**
   * `producers` fields that the kind's client properties in `driver.config` stand for (Kafka:
   * `acks`, `compression.type`, `enable.idempotence`): used where the profile leaves the field
   * out, before the neutral default (a contradiction is the kind's check to refuse).
   */
  readonly producers?: { readonly acks?: AcksSetting; readonly compression?: CompressionName; readonly idempotent?: boolean };
}

export interface DriverModule {
  readonly kind: BrokerKind;
  /** TypeBox schema of the profile's `driver` section for this kind (its `type` is `Type.Literal(kind)`). */
  readonly driverSchema: TObject;
  /** TypeBox schema of one `topics[]` entry for this kind (Kafka: name, partitions, replicationFactor, config, deleteAfterRun). */
  readonly topicSchema: TObject;
  /** Named cross-field checks of a profile whose driver.type is this kind; run on raw data, guarded reads (see src/profile/checks.ts). */
  readonly checks: readonly ProfileCheck[];
  /** Capabilities for a config, without connecting. */
  capabilities(config: DriverConfig): DriverCapabilities;
  create(config: DriverConfig, opts: DriverOptions): Driver;
  /** Throws EnvironmentError (exit 4) with the install command when the chosen client library is missing; before any broker contact. */
  requireClient(config: DriverConfig): void;
  /** The command that installs a config's client when plain `npm ci` does not (an optional client), or null; absent = null. */
  optionalClientInstall?(config: DriverConfig): string | null;
  workerIsolation(config: DriverConfig): 'thread' | 'process';
  /**
   * Paths under `driver` that hold secrets (dotted: 'url', 'config.sasl.password'), and patterns
   * for secret `driver.config` property names. `redactProfile` hides secrets by the schema's
   * `secret` nodes and by secret-like key names; a test checks that it hides every path declared here.
   */
  readonly secretFields: readonly (string | RegExp)[];
  /** The kind's own defaults for a schema-valid profile's `driver` section; none when absent. Pure: reads `driver`, never mutates it. */
  defaultsFor?(driver: DriverConfig): DriverDefaults;
}

/** Every registered kind. A kind of {@link BrokerKind} without a module here is refused. */
export const DRIVERS: Readonly<Partial<Record<BrokerKind, DriverModule>>> = {
  kafka: kafkaModule,
  rabbitmq: rabbitmqModule,
  artemis: artemisModule,
  rocketmq: rocketmqModule,
  activemq: activemqModule,
};

/** The registered kinds, in registration order. */
export function knownKinds(): BrokerKind[] {
  return Object.keys(DRIVERS) as BrokerKind[];
}

/**
 * The module of `kind`. Throws {@link UsageError} (exit 2) naming `driver.type` and listing
 * the known kinds when `kind` is not registered in this build.
 */
export function driverModule(kind: string): DriverModule {
  const mod = Object.prototype.hasOwnProperty.call(DRIVERS, kind) ? DRIVERS[kind as BrokerKind] : undefined;
  if (mod) return mod;
  const known = knownKinds();
  throw new UsageError(
    `driver.type ${JSON.stringify(kind)} is not available in this mqload (known: ${known.join(', ')})`,
    `use driver.type: ${known.join(' or ')}`,
  );
}
