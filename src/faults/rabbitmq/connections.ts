/**
 * `connection-kill` on RabbitMQ: the run's connections are found in the management API
 * (`GET /api/connections`) by their client-provided name (`client_properties.connection_name`,
 * set by the driver to `mqload-<runId>-w<worker>-<producer or consumer id>`) and closed with
 * `DELETE /api/connections/{name}` (the client gets connection.close 320 CONNECTION_FORCED).
 * Admin and probe connections of the run are left alone. Endpoint and credentials come from the
 * profile as for the management collector (`collect.rabbitmqManagement`, default port 15672).
 */
import { ManagementApi } from '../../collectors/rabbitmq/http-api.js';
import { resolveRabbitMqEndpoints } from '../../collectors/rabbitmq/endpoints.js';
import type { Profile } from '../../profile/schema.js';
import type { KindFaults, RunConnections } from '../kinds.js';
import { isRunClientConnection } from '../run-clients.js';

/** HTTP timeout of one management API request, ms. */
const TIMEOUT_MS = 5000;
/** How long connection-kill looks for the run's connections before it gives up, ms (over one stats interval). */
const LIST_WAIT_MS = 8000;
/** Pause between two looks, ms. */
const LIST_RETRY_MS = 500;

interface ApiConnectionName {
  name: string;
  client_properties?: { connection_name?: string };
}

function apiOf(profile: Profile): { api: ManagementApi; redact: (t: string) => string } {
  const ep = resolveRabbitMqEndpoints(profile);
  if (!ep.management) throw new Error('connection-kill needs the management API, but collect.rabbitmqManagement is false');
  return { api: new ManagementApi(ep.management, ep.auth, TIMEOUT_MS), redact: ep.redact };
}

export { isRunClientConnection };

async function list(api: ManagementApi, runId: string): Promise<ApiConnectionName[]> {
  const all = await api.get<ApiConnectionName[]>(ManagementApi.withColumns('/api/connections', ['name', 'client_properties.connection_name']));
  return all.filter((c) => isRunClientConnection(c.client_properties?.connection_name, runId));
}

export const rabbitmqFaults: KindFaults = {
  async runConnections(profile, runId): Promise<RunConnections> {
    const { api } = apiOf(profile);
    return { names: (await list(api, runId)).map((c) => c.client_properties!.connection_name!) };
  },
  async killConnections(profile, runId) {
    const { api, redact } = apiOf(profile);
    // The API lists a new connection once the broker's stats reach it (every few seconds, later
    // on a loaded node): look again until the run's connections show up or the wait is over.
    let found = await list(api, runId);
    for (const deadline = Date.now() + LIST_WAIT_MS; found.length === 0 && Date.now() < deadline; ) {
      await new Promise((r) => setTimeout(r, LIST_RETRY_MS));
      found = await list(api, runId);
    }
    const killed: string[] = [];
    const errors: string[] = [];
    await Promise.all(
      found.map(async (c) => {
        try {
          await api.delete(`/api/connections/${encodeURIComponent(c.name)}`, { 'x-reason': 'mqload connection-kill fault' });
          killed.push(c.client_properties!.connection_name!);
        } catch (err) {
          errors.push(redact(err instanceof Error ? err.message : String(err)));
        }
      }),
    );
    if (killed.length === 0) throw new Error(found.length === 0 ? `no connection of run ${runId} found in the management API within ${LIST_WAIT_MS / 1000} s` : `no connection could be closed: ${errors[0]}`);
    return killed.sort();
  },
};
