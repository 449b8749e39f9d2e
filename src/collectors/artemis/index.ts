/**
 * The Artemis collectors of a run (`driver.type: artemis`, see {@link BrokerCollectors}): one
 * {@link ArtemisCollector} per Jolokia endpoint — `collect.jolokia` when given (an empty list
 * turns it off), else the driver's management URL (`driver.config.managementUrl`, the local
 * broker's web port, or the AMQP host on 8161). Credentials are the driver's (the URL's user
 * and password, or the local broker's access file) unless the Jolokia URL carries its own.
 * The broker process's CPU and RSS come from the neutral broker-process collector, the backlog
 * from the neutral backlog collector (queue depth through the driver).
 */
import { scrapeTimeoutMs, type BrokerCollectors } from '../types.js';
import type { Profile } from '../../profile/schema.js';
import { jolokiaUrlOf } from '../../drivers/artemis/config.js';
import { endpointOf } from '../../drivers/artemis/url.js';
import type { JolokiaTarget } from '../../drivers/jolokia.js';
import { ArtemisCollector } from './collector.js';

export { ARTEMIS_SAMPLE_NAMES, ARTEMIS_SOURCE } from './names.js';
export { ArtemisCollector } from './collector.js';

/** Where and as whom to read Jolokia at `url` (credentials in the URL win over the driver's); the base has no userinfo. */
export function artemisJolokiaTarget(url: string, profile: Pick<Profile, 'driver'>, timeoutMs: number): JolokiaTarget {
  const u = new URL(url);
  const driver = endpointOf(profile.driver);
  const user = u.username !== '' ? decodeURIComponent(u.username) : (driver?.user ?? '');
  const password = u.password !== '' ? decodeURIComponent(u.password) : (driver?.password ?? '');
  u.username = '';
  u.password = '';
  return { base: u.toString().replace(/\/+$/, ''), user, password, timeoutMs };
}

export const ARTEMIS_COLLECTORS: BrokerCollectors = {
  jolokia(urls, ctx) {
    const timeoutMs = scrapeTimeoutMs(ctx.profile.collect?.intervalMs ?? 1000);
    const list = urls ?? [jolokiaUrlOf(ctx.profile.driver)];
    const addresses = ctx.profile.topics.map((t) => t.name);
    return list.map((url) => new ArtemisCollector(artemisJolokiaTarget(url, ctx.profile, timeoutMs), addresses));
  },
};
