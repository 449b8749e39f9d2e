/**
 * Driver registry: the one table ({@link DRIVERS}) that maps a driver type to its implementation.
 * A broker kind the schema names but this table lacks is refused by `mqload validate` and by
 * `mqload run` alike (the `driver-available` profile check); a new driver registers itself by
 * adding its entry here.
 */
import type { Driver, DriverConfig, DriverFactory } from './types.js';
import type { ProfileProblem } from '../errors.js';
import { KafkaDriver } from './kafka/driver.js';
import { kafkaClientOf, requireInstalled } from './kafka/clients.js';
import { kafkaClientProblems } from './kafka/profile-checks.js';
import { UsageError } from '../errors.js';

/** Everything the core needs from one driver kind. */
export interface DriverEntry {
  /** Creates the driver. One per process or worker thread. */
  readonly create: DriverFactory;
  /**
   * Throws an {@link EnvironmentError} (exit 4) with the install command when the client
   * library `config` names is not installed here; returns otherwise.
   */
  readonly requireClient: (config: DriverConfig) => void;
  /**
   * How the load workers of a config must run: `thread` (worker threads) or `process` (child
   * processes, for a client library that cannot run in worker threads).
   */
  readonly isolation: (config: DriverConfig) => 'thread' | 'process';
  /**
   * Cross-field problems of a raw profile with this `driver.type` (client properties, codecs…).
   * Runs on possibly schema-invalid data: must guard every read and never throw.
   */
  readonly profileProblems: (raw: unknown) => ProfileProblem[];
}

/** The drivers this build of mqload has, by `driver.type`. */
export const DRIVERS: { readonly [K in DriverConfig['type']]?: DriverEntry } = {
  kafka: {
    create: (config, opts) => new KafkaDriver(config, opts.clientId),
    requireClient: (config) => {
      const d = kafkaClientOf(config.client);
      if (d) requireInstalled(d);
    },
    isolation: (config) => kafkaClientOf(config.client)?.isolation ?? 'thread',
    profileProblems: kafkaClientProblems,
  },
};

/** The entry for a `driver.type` value, or undefined when this build has no such driver. */
export function driverEntry(type: unknown): DriverEntry | undefined {
  return typeof type === 'string' && Object.hasOwn(DRIVERS, type) ? DRIVERS[type as DriverConfig['type']] : undefined;
}

/** Driver types this build can run, in table order. */
export function availableDrivers(): string[] {
  return Object.keys(DRIVERS);
}

/** Message and hint for a `driver.type` this build has no driver for. */
export function unavailableDriver(type: string): { message: string; hint: string } {
  return { message: `driver "${type}" is not available in this version of mqload`, hint: `use driver.type: ${availableDrivers().join(' or ')}` };
}

function entryOf(config: DriverConfig): DriverEntry {
  const entry = driverEntry(config.type);
  if (!entry) {
    const { message, hint } = unavailableDriver(String(config.type));
    throw new UsageError(message, hint);
  }
  return entry;
}

/** Creates the driver for `config.type`. One per process or worker thread. Throws {@link UsageError} for a type without a driver. */
export function createDriver(config: DriverConfig, opts: { clientId: string }): Driver {
  return entryOf(config).create(config, opts);
}

/**
 * Checks that the client library a config names is installed here; throws an
 * {@link EnvironmentError} (exit 4) with the install command otherwise. Part of the preflight
 * (`run/preflight.ts`) that `validate` and `run` share.
 */
export function requireClient(config: DriverConfig): void {
  entryOf(config).requireClient(config);
}

/**
 * How the load workers of a config must run: `thread` (worker threads, the default) or `process`
 * (child processes, for a client library that cannot run in worker threads).
 */
export function workerIsolation(config: DriverConfig): 'thread' | 'process' {
  return driverEntry(config.type)?.isolation(config) ?? 'thread';
}

export type { Driver, DriverConfig } from './types.js';
