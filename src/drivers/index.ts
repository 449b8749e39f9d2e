/** Creating a driver and checking its client, by `driver.type` through the registry (`registry.ts`). */
import type { Driver, DriverCapabilities, DriverConfig, DriverOptions } from './types.js';
import { driverModule } from './registry.js';

/** Creates the driver for `config.type`. One per process or worker thread. Throws UsageError (exit 2) for an unknown kind. */
export function createDriver(config: DriverConfig, opts: DriverOptions): Driver {
  return driverModule(config.type).create(config, opts);
}

/**
 * Checks that the client library a config names is installed here; throws an
 * {@link EnvironmentError} (exit 4) with the install command otherwise. `validate` and `run`
 * call it before anything touches a broker.
 */
export function requireClient(config: DriverConfig): void {
  driverModule(config.type).requireClient(config);
}

/** The install command a config's client needs beyond `npm ci` (an optional client), or null. */
export function optionalClientInstall(config: DriverConfig): string | null {
  return driverModule(config.type).optionalClientInstall?.(config) ?? null;
}

/**
 * How the load workers of a config must run: `thread` (worker threads, the default) or `process`
 * (child processes, for a client library that cannot run in worker threads).
 */
export function workerIsolation(config: DriverConfig): 'thread' | 'process' {
  return driverModule(config.type).workerIsolation(config);
}

/** What the driver of a config can do, without connecting. */
export function capabilitiesOf(config: DriverConfig): DriverCapabilities {
  return driverModule(config.type).capabilities(config);
}

export type { Driver, DriverConfig } from './types.js';
