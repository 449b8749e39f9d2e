/** Driver registry: the one place that maps a driver type to its implementation. */
import type { Driver, DriverConfig } from './types.js';
import { KafkaDriver } from './kafka/driver.js';
import { kafkaClientOf, requireInstalled } from './kafka/clients.js';
import { UsageError } from '../errors.js';
// rabbitmq: moves into the registry
import { rabbitmqModule } from './rabbitmq/module.js';

/** Creates the driver for `config.type`. One per process or worker thread. */
export function createDriver(config: DriverConfig, opts: { clientId: string }): Driver {
  switch (config.type) {
    case 'kafka':
      return new KafkaDriver(config, opts.clientId);
    case 'rabbitmq': // rabbitmq: moves into the registry
      return rabbitmqModule.create(config, opts);
    default:
      throw new UsageError(`driver "${config.type}" is not available yet`, 'use driver.type: kafka or rabbitmq');
  }
}

/**
 * Checks that the client library a config names is installed here; throws an
 * {@link EnvironmentError} (exit 4) with the install command otherwise. `validate` and `run`
 * call it before anything touches a broker.
 */
export function requireClient(config: DriverConfig): void {
  if (config.type === 'rabbitmq') return rabbitmqModule.requireClient(config); // rabbitmq: moves into the registry
  if (config.type !== 'kafka') return;
  const d = kafkaClientOf(config.client);
  if (d) requireInstalled(d);
}

/**
 * How the load workers of a config must run: `thread` (worker threads, the default) or `process`
 * (child processes, for a client library that cannot run in worker threads).
 */
export function workerIsolation(config: DriverConfig): 'thread' | 'process' {
  if (config.type === 'rabbitmq') return rabbitmqModule.workerIsolation(config); // rabbitmq: moves into the registry
  if (config.type !== 'kafka') return 'thread';
  return kafkaClientOf(config.client)?.isolation ?? 'thread';
}

export type { Driver, DriverConfig } from './types.js';
