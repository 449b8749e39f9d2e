/**
 * The Apache ActiveMQ Artemis driver module: what the registry needs to know of this broker kind
 * (its profile schema parts and checks, capabilities, driver factory and secrets). The client
 * library (rhea, AMQP 1.0) is a regular dependency, so there is nothing to check for
 * installation, and it runs in worker threads. ActiveMQ Classic is meant to get a module of its
 * own (`activemq`) on the same AMQP 1.0 driver (`../amqp10/`) with its own management.
 */
import { ArtemisDriverSchema } from './config.js';
import { ArtemisDriver, artemisCapabilities } from './driver.js';
import type { DriverModule } from '../registry.js';
import { ARTEMIS_CHECKS } from './profile-checks.js';
import { ArtemisTopicSchema } from './topology.js';

export const artemisModule: DriverModule = {
  kind: 'artemis',
  driverSchema: ArtemisDriverSchema,
  topicSchema: ArtemisTopicSchema,
  checks: ARTEMIS_CHECKS,
  capabilities: () => artemisCapabilities(),
  create: (config, opts) => new ArtemisDriver(config, opts.clientId),
  requireClient: () => undefined,
  workerIsolation: () => 'thread',
  // driver.url holds the password in its userinfo.
  secretFields: ['url'],
};
