/**
 * `connection-kill` on Artemis, through Jolokia on the broker control: the run's connections are
 * found with `listConnections` filtered on their `clientID` (the AMQP container id, which the
 * driver sets to `mqload-<runId>-w<worker>-<producer or consumer id>`) and closed one by one with
 * `closeConnectionWithID` (the client sees its connection dropped). `closeConnectionsForAddress`
 * and `closeConnectionsForUser` would also close every other client from 127.0.0.1 or of the same
 * user on a shared broker, so they are not used. The run's admin and probe connections are left
 * alone. Jolokia and credentials as for the Artemis collector (`collect.jolokia`, else the
 * driver's management URL).
 */
import type { Profile } from '../../profile/schema.js';
import type { KindFaults, RunConnections } from '../kinds.js';
import { isRunClientConnection } from '../run-clients.js';
import { jolokiaUrlOf } from '../../drivers/artemis/config.js';
import { JolokiaClient } from '../../drivers/jolokia.js';
import { ArtemisManagement } from '../../drivers/artemis/management.js';
import { scrubPassword } from '../../drivers/artemis/url.js';
import { artemisJolokiaTarget } from '../../collectors/artemis/index.js';

/** Timeout of one Jolokia request, ms. */
const TIMEOUT_MS = 5000;
/** Most connections one listing returns (a run has one per producer and consumer, plus admin). */
const PAGE_SIZE = 500;

interface ListedConnection {
  connectionID?: string;
  clientID?: string;
}

function clientOf(profile: Profile): { mgmt: ArtemisManagement; scrub: (t: string) => string } {
  const url = profile.collect?.jolokia?.[0] ?? jolokiaUrlOf(profile.driver);
  const target = artemisJolokiaTarget(url, profile, TIMEOUT_MS);
  return { mgmt: new ArtemisManagement(new JolokiaClient(target)), scrub: (t) => scrubPassword(t, target) };
}

/** The run's client connections open at the broker now: [connection id, client id]. */
async function list(mgmt: ArtemisManagement, runId: string): Promise<Array<{ id: string; client: string }>> {
  const filter = JSON.stringify({ field: 'clientID', operation: 'CONTAINS', value: `mqload-${runId}-w` });
  const answer = await mgmt.jolokia.exec(await mgmt.brokerMBean(), 'listConnections(java.lang.String,int,int)', [filter, 1, PAGE_SIZE]);
  const parsed = JSON.parse(String(answer)) as { data?: ListedConnection[] };
  return (parsed.data ?? []).flatMap((c) => (c.connectionID && isRunClientConnection(c.clientID, runId) ? [{ id: c.connectionID, client: c.clientID! }] : []));
}

export const artemisFaults: KindFaults = {
  async runConnections(profile, runId): Promise<RunConnections> {
    const { mgmt, scrub } = clientOf(profile);
    try {
      return { names: (await list(mgmt, runId)).map((c) => c.client).sort() };
    } catch (err) {
      throw new Error(scrub(err instanceof Error ? err.message : String(err)));
    }
  },
  async killConnections(profile, runId) {
    const { mgmt, scrub } = clientOf(profile);
    const broker = await mgmt.brokerMBean();
    const found = await list(mgmt, runId);
    const killed: string[] = [];
    const errors: string[] = [];
    await Promise.all(
      found.map(async (c) => {
        try {
          await mgmt.jolokia.exec(broker, 'closeConnectionWithID(java.lang.String)', [c.id]);
          killed.push(c.client);
        } catch (err) {
          errors.push(scrub(err instanceof Error ? err.message : String(err)));
        }
      }),
    );
    if (killed.length === 0) throw new Error(found.length === 0 ? `no connection of run ${runId} is open at the broker` : `no connection could be closed: ${errors[0]}`);
    return killed.sort();
  },
};
