/**
 * The Apache ActiveMQ Classic driver module: what the registry needs to know of this broker kind
 * (its profile schema parts and checks, capabilities, driver factory and secrets). It shares the
 * AMQP 1.0 client (rhea, `../amqp10/`) with Artemis; Classic's own parts are its destinations
 * (virtual topics and queues) and its JMX management over Jolokia.
 */
import type { DriverModule } from '../registry.js';
import { ActivemqDriverSchema } from './config.js';
import { ActivemqDriver, activemqCapabilities } from './driver.js';
import { ACTIVEMQ_CHECKS } from './profile-checks.js';
import { ActivemqTopicSchema } from './topology.js';

export const activemqModule: DriverModule = {
  kind: 'activemq',
  driverSchema: ActivemqDriverSchema,
  topicSchema: ActivemqTopicSchema,
  checks: ACTIVEMQ_CHECKS,
  capabilities: () => activemqCapabilities(),
  create: (config, opts) => new ActivemqDriver(config, opts.clientId),
  requireClient: () => undefined,
  workerIsolation: () => 'thread',
  // driver.url holds the password in its userinfo.
  secretFields: ['url'],
};
