/**
 * Management calls of the AMQP 1.0 brokers (Artemis, ActiveMQ Classic), whose topology and
 * backlog go through Jolokia: a Jolokia that does not answer, or refuses the credentials, is the
 * broker being unreachable (exit 3, naming the management URL, never a secret); any other failure
 * is an ordinary error with the call named.
 */
import { BrokerUnreachableError } from '../../errors.js';
import type { JolokiaClient } from '../jolokia.js';
import { describeAmqp10Error, type Amqp10Endpoint } from './connection.js';

/**
 * Runs `fn(mgmt)`; `what` names the call in the error, `broker` the broker in the hint
 * ("Artemis", "ActiveMQ"). Throws {@link BrokerUnreachableError} for HTTP status 0 (no answer),
 * 401 or 403.
 */
export async function managementCall<M extends { readonly jolokia: JolokiaClient }, T>(
  mgmt: M,
  endpoint: Pick<Amqp10Endpoint, 'password'>,
  broker: string,
  what: string,
  fn: (m: M) => Promise<T>,
): Promise<T> {
  try {
    return await fn(mgmt);
  } catch (err) {
    const text = describeAmqp10Error(err, endpoint);
    if ((err as { status?: unknown }).status === 0 || /HTTP 40[13]/.test(text)) {
      throw new BrokerUnreachableError([mgmt.jolokia.base], `${what}: ${text} (${broker} management: driver.config.managementUrl)`);
    }
    throw new Error(`${what}: ${text}`);
  }
}
