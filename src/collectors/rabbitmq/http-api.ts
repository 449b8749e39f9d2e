/**
 * The management HTTP API as the collector reads it: GET with basic auth, JSON bodies typed as
 * far as mqload reads them (every field optional: the API omits counters that never moved and
 * fields of features that are off), and `columns=` to fetch only those fields. Errors name the
 * URL without credentials and say how to enable the plugin when it is not there.
 */
import { httpRequest, ScrapeError } from '../prom-text.js';

/** `{ rate }` of a management counter: per second over the broker's last stats interval (5 s by default). */
export interface RateDetails {
  rate?: number;
}

/** `message_stats` of a queue (cumulative counts and their `_details.rate`). */
export interface QueueMessageStats {
  publish?: number;
  publish_details?: RateDetails;
  deliver_get?: number;
  deliver_get_details?: RateDetails;
  ack?: number;
  ack_details?: RateDetails;
  redeliver?: number;
  redeliver_details?: RateDetails;
}

/** One element of `/api/queues/{vhost}`. */
export interface ApiQueue {
  name: string;
  vhost: string;
  type?: string;
  state?: string;
  messages?: number;
  messages_ready?: number;
  messages_unacknowledged?: number;
  consumers?: number;
  /** Since 3.9; `consumer_utilisation` before (same meaning). */
  consumer_capacity?: number;
  consumer_utilisation?: number;
  message_stats?: QueueMessageStats;
}

/** One element of `/api/nodes`. */
export interface ApiNode {
  name: string;
  running?: boolean;
  mem_used?: number;
  mem_limit?: number;
  mem_alarm?: boolean;
  disk_free?: number;
  disk_free_limit?: number;
  disk_free_alarm?: boolean;
  fd_used?: number;
  fd_total?: number;
  sockets_used?: number;
  sockets_total?: number;
  proc_used?: number;
  proc_total?: number;
  run_queue?: number;
}

/** One element of `/api/connections`. */
export interface ApiConnection {
  /** starting, tuning, opening, running, flow, blocking, blocked, closing, closed. */
  state?: string;
}

/** One element of `/api/channels`. */
export interface ApiChannel {
  state?: string;
  consumer_count?: number;
  prefetch_count?: number;
  global_prefetch_count?: number;
  messages_unacknowledged?: number;
  messages_unconfirmed?: number;
}

/** `/api/nodes/{node}/memory`: bytes per category, plus `strategy` and `total`. */
export interface ApiNodeMemory {
  memory?: Record<string, number | string | Record<string, number>>;
}

/** The fields each list is fetched with (`columns=`), so a broker with many queues answers small pages. */
export const COLUMNS = {
  queues: [
    'name', 'vhost', 'type', 'state', 'messages', 'messages_ready', 'messages_unacknowledged', 'consumers', 'consumer_capacity', 'consumer_utilisation',
    'message_stats.publish_details.rate', 'message_stats.deliver_get_details.rate', 'message_stats.ack_details.rate', 'message_stats.redeliver_details.rate',
  ],
  nodes: ['name', 'running', 'mem_used', 'mem_limit', 'mem_alarm', 'disk_free', 'disk_free_limit', 'disk_free_alarm', 'fd_used', 'fd_total', 'sockets_used', 'sockets_total', 'proc_used', 'proc_total', 'run_queue'],
  connections: ['state'],
  channels: ['state', 'consumer_count', 'prefetch_count', 'global_prefetch_count', 'messages_unacknowledged', 'messages_unconfirmed'],
} as const;

/** How to make a missing plugin appear, for the unavailability reason. */
export const ENABLE_HINT = {
  management: 'enable it with `rabbitmq-plugins enable rabbitmq_management` (scripts/rabbitmq-plugins.sh binds it to 127.0.0.1 first), or point collect.rabbitmqManagement at it; collect.rabbitmqManagement: false turns this collector off',
  prometheus: 'enable it with `rabbitmq-plugins enable rabbitmq_prometheus` (scripts/rabbitmq-plugins.sh binds it to 127.0.0.1 first), or point collect.rabbitmqPrometheus at it; collect.rabbitmqPrometheus: false turns this collector off',
} as const;

/** A failed management API request: `status` 0 for a connection error or timeout. */
export class ManagementApiError extends ScrapeError {
  constructor(url: string, detail: string, readonly status: number) {
    super(url, detail);
    this.name = 'ManagementApiError';
  }
}

/** Reads JSON from one management API instance. */
export class ManagementApi {
  private readonly authorization: string;

  /** @param base base URL without credentials (e.g. `http://127.0.0.1:15672`). */
  constructor(readonly base: string, auth: { user: string; password: string }, private readonly timeoutMs: number) {
    this.authorization = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`;
  }

  /** GETs `path` (e.g. `/api/nodes`, query included) and parses the JSON body. Rejects with {@link ManagementApiError}. */
  async get<T>(path: string): Promise<T> {
    const url = `${this.base}${path}`;
    let res;
    try {
      res = await httpRequest(url, { timeoutMs: this.timeoutMs, headers: { authorization: this.authorization, accept: 'application/json' } });
    } catch (err) {
      throw new ManagementApiError(url, err instanceof ScrapeError ? err.message.slice(url.length + 2) : String(err), 0);
    }
    if (res.status === 401) throw new ManagementApiError(url, 'HTTP 401: the management API refused the credentials of driver.url (or collect.rabbitmqManagement)', 401);
    if (res.status < 200 || res.status >= 300) throw new ManagementApiError(url, `HTTP ${res.status} ${res.statusText}`.trim(), res.status);
    try {
      return JSON.parse(res.body) as T;
    } catch {
      throw new ManagementApiError(url, `HTTP ${res.status} but the body is not JSON (is this the management API?)`, res.status);
    }
  }

  /** DELETEs `path` (e.g. `/api/connections/{name}`, a fault closing a connection); `headers` such as `x-reason`. Rejects with {@link ManagementApiError}. */
  async delete(path: string, headers: Readonly<Record<string, string>> = {}): Promise<void> {
    const url = `${this.base}${path}`;
    let res;
    try {
      res = await httpRequest(url, { timeoutMs: this.timeoutMs, method: 'DELETE', headers: { ...headers, authorization: this.authorization } });
    } catch (err) {
      throw new ManagementApiError(url, err instanceof ScrapeError ? err.message.slice(url.length + 2) : String(err), 0);
    }
    if (res.status < 200 || res.status >= 300) throw new ManagementApiError(url, `HTTP ${res.status} ${res.statusText}`.trim(), res.status);
  }

  /** `path` with `columns=` for the given fields. */
  static withColumns(path: string, columns: readonly string[]): string {
    return `${path}${path.includes('?') ? '&' : '?'}columns=${columns.join(',')}`;
  }
}
