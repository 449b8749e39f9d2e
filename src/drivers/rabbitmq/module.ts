/**
 * The RabbitMQ driver module: what the registry needs to know of this broker kind (its profile
 * schema parts and checks, capabilities, driver factory and secrets). The client library
 * (amqplib) is a regular dependency, so there is nothing to check for installation, and it runs
 * in worker threads.
 */
import { RabbitDriverSchema } from './config.js';
import { RabbitDriver, rabbitCapabilities } from './driver.js';
import type { DriverModule } from '../registry.js';
import { RABBIT_CHECKS } from './profile-checks.js';
import { RabbitTopicSchema } from './topology.js';

export const rabbitmqModule: DriverModule = {
  kind: 'rabbitmq',
  driverSchema: RabbitDriverSchema,
  topicSchema: RabbitTopicSchema,
  checks: RABBIT_CHECKS,
  capabilities: () => rabbitCapabilities(),
  create: (config, opts) => new RabbitDriver(config, opts.clientId),
  requireClient: () => undefined,
  workerIsolation: () => 'thread',
  // driver.url holds the password in its userinfo; the TLS key and its passphrase (also marked secret in the schema).
  secretFields: ['url', 'config.tlsKeyFile', 'config.tlsKeyPassphrase'],
};
