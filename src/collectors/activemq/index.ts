/**
 * The ActiveMQ Classic collectors of a run (`driver.type: activemq`): the Jolokia collector
 * (`jolokia.ts`) on the broker's management URL, the same the driver uses
 * (`driver.config.managementUrl`, the local broker's Jolokia agent, or the AMQP host's web
 * console), with the driver's credentials (the local access file's for the local broker). A
 * Jolokia that does not answer makes it unavailable at start, with the reason; the run goes on.
 */
import type { Collector } from '../types.js';
import type { CollectorContext } from '../index.js';
import { scrapeTimeoutMs } from '../index.js';
import { activemqJolokiaUrlOf } from '../../drivers/activemq/config.js';
import { activemqEndpointOf } from '../../drivers/activemq/url.js';
import type { DriverConfig } from '../../drivers/types.js';
import { ActivemqJolokiaCollector } from './jolokia.js';

export { ACTIVEMQ_SAMPLE_NAMES, ACTIVEMQ_SOURCE } from './names.js';
export { ActivemqJolokiaCollector } from './jolokia.js';

/** The ActiveMQ collectors for `ctx.profile`, not yet started. */
export function activemqCollectors(ctx: Pick<CollectorContext, 'profile'>): Collector[] {
  const driver = ctx.profile.driver as DriverConfig;
  const e = activemqEndpointOf(driver);
  const timeoutMs = scrapeTimeoutMs(ctx.profile.collect?.intervalMs ?? 1000);
  return [new ActivemqJolokiaCollector({ url: activemqJolokiaUrlOf(driver), user: e?.user ?? '', password: e?.password ?? '', timeoutMs })];
}
