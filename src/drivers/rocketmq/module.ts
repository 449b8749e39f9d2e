/**
 * The Apache RocketMQ driver module: what the registry needs to know of this broker kind (its
 * profile schema parts, capabilities, driver factory). The client library
 * (rocketmq-client-nodejs, pure TypeScript over gRPC) is a regular dependency, so there is
 * nothing to check for installation, and it runs in worker threads. No secret in the section.
 */
import { RocketmqDriverSchema, rocketmqEndpoints } from './config.js';
import { RocketmqDriver, RocketmqTopicSchema, rocketmqCapabilities } from './driver.js';
import type { DriverModule } from '../registry.js';

export const rocketmqModule: DriverModule = {
  kind: 'rocketmq',
  driverSchema: RocketmqDriverSchema,
  topicSchema: RocketmqTopicSchema,
  checks: [],
  capabilities: () => rocketmqCapabilities(),
  create: (config, opts) => new RocketmqDriver(config, opts.clientId, opts.logDir),
  requireClient: () => undefined,
  workerIsolation: () => 'thread',
  secretFields: [],
  defaultsFor: (driver) => ({ driver: { brokers: rocketmqEndpoints(driver) } }),
};
