/**
 * `connection-kill` on ActiveMQ Classic, through Jolokia (the local broker's Jolokia JVM agent,
 * `driver.config.managementUrl`, or a broker's web console): the run's connections are found
 * among the broker's client-connection views by their client id (the AMQP container id, which
 * the driver sets to `mqload-<runId>-w<worker>-<producer or consumer id>`), and each is closed
 * with its view's `stop()` (the client sees its socket closed). Other clients of a shared broker,
 * and the run's admin and probe connections, are left alone. Credentials are the driver's (the
 * local access file's for the local broker).
 */
import type { Profile } from '../../profile/schema.js';
import type { DriverConfig } from '../../drivers/types.js';
import type { KindFaults, RunConnections } from '../kinds.js';
import { isRunClientConnection } from '../run-clients.js';
import { JolokiaClient } from '../../drivers/jolokia.js';
import { ActivemqManagement } from '../../drivers/activemq/management.js';
import { activemqJolokiaUrlOf } from '../../drivers/activemq/config.js';
import { activemqEndpointOf } from '../../drivers/activemq/url.js';

/** Timeout of one Jolokia request, ms. */
const TIMEOUT_MS = 5000;

function managementOf(profile: Profile): ActivemqManagement {
  const driver = profile.driver as DriverConfig;
  const e = activemqEndpointOf(driver);
  return new ActivemqManagement(new JolokiaClient({ base: activemqJolokiaUrlOf(driver), user: e?.user ?? '', password: e?.password ?? '', timeoutMs: TIMEOUT_MS }));
}

/** The run's client connections open at the broker now. */
async function runConnectionsOf(mgmt: ActivemqManagement, runId: string): Promise<Array<{ mbean: string; clientId: string }>> {
  return (await mgmt.clientConnections()).filter((c) => isRunClientConnection(c.clientId, runId));
}

export const activemqFaults: KindFaults = {
  async runConnections(profile, runId): Promise<RunConnections> {
    return { names: (await runConnectionsOf(managementOf(profile), runId)).map((c) => c.clientId).sort() };
  },
  async killConnections(profile, runId) {
    const mgmt = managementOf(profile);
    const found = await runConnectionsOf(mgmt, runId);
    const killed: string[] = [];
    const errors: string[] = [];
    await Promise.all(
      found.map(async (c) => {
        try {
          await mgmt.stopConnection(c.mbean);
          killed.push(c.clientId);
        } catch (err) {
          errors.push(err instanceof Error ? err.message : String(err));
        }
      }),
    );
    if (killed.length === 0) throw new Error(found.length === 0 ? `no connection of run ${runId} is open at the broker` : `no connection could be closed: ${errors[0]}`);
    return killed.sort();
  },
};
