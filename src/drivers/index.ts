/** Driver registry: the one place that maps a driver type to its implementation. */
import type { Driver, DriverConfig } from './types.js';
import { KafkaDriver } from './kafka/driver.js';
import { UsageError } from '../errors.js';

/** Creates the driver for `config.type`. One per process or worker thread. */
export function createDriver(config: DriverConfig, opts: { clientId: string }): Driver {
  switch (config.type) {
    case 'kafka':
      return new KafkaDriver(config, opts.clientId);
    default:
      throw new UsageError(`driver "${config.type}" is not available yet`, 'use driver.type: kafka');
  }
}

export type { Driver, DriverConfig } from './types.js';
