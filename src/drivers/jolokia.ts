/**
 * A small Jolokia client for broker management (Artemis, ActiveMQ Classic): `read` attributes, `exec` operations and
 * `search` MBean names, as JSON POSTs to `<base>/` (e.g. `http://127.0.0.1:8161/console/jolokia`)
 * with basic auth and an `Origin` header (Artemis's jolokia-access.xml refuses requests without
 * an allowed origin with 403). Jolokia answers HTTP 200 with its own `status` per request; any
 * status but 200 is thrown as a {@link JolokiaError}. The password travels only in the
 * Authorization header, never in a URL or a message.
 */

/** One Jolokia request failed: HTTP error, refused, or a non-200 status inside the answer. */
export class JolokiaError extends Error {
  constructor(
    message: string,
    /** HTTP or Jolokia status (404 unknown MBean, 403 refused, 500 operation threw). */
    readonly status: number,
    /** The Java exception type Jolokia reports, when it does. */
    readonly errorType?: string,
  ) {
    super(message);
    this.name = 'JolokiaError';
  }
}

/** Where and as whom to reach Jolokia. */
export interface JolokiaTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8161/console/jolokia`. */
  base: string;
  user: string;
  password: string;
  /** Per-request timeout, ms. */
  timeoutMs: number;
}

type JolokiaRequest =
  | { type: 'read'; mbean: string; attribute?: string | string[] }
  | { type: 'exec'; mbean: string; operation: string; arguments: unknown[] }
  | { type: 'search'; mbean: string };

interface JolokiaAnswer {
  status?: number;
  value?: unknown;
  error?: string;
  error_type?: string;
}

export class JolokiaClient {
  private readonly auth: string;
  private readonly origin: string;

  constructor(private readonly target: JolokiaTarget) {
    this.auth = `Basic ${Buffer.from(`${target.user}:${target.password}`).toString('base64')}`;
    this.origin = new URL(target.base).origin;
  }

  /** Base URL (no secret in it), for messages. */
  get base(): string {
    return this.target.base;
  }

  /** Sends several requests in one POST; resolves with one answer per request, in order. Throws {@link JolokiaError} for an HTTP failure. */
  async bulk(requests: JolokiaRequest[]): Promise<JolokiaAnswer[]> {
    let res: Response;
    try {
      res = await fetch(`${this.target.base}/`, {
        method: 'POST',
        headers: { authorization: this.auth, origin: this.origin, 'content-type': 'application/json' },
        body: JSON.stringify(requests),
        signal: AbortSignal.timeout(this.target.timeoutMs),
      });
    } catch (err) {
      throw new JolokiaError(`Jolokia at ${this.target.base} does not answer: ${err instanceof Error ? err.message : String(err)}`, 0);
    }
    if (!res.ok) {
      const why = res.status === 401 ? ' (wrong user or password)' : res.status === 403 ? ' (refused: Origin not allowed by jolokia-access.xml, or the user lacks the amq role)' : '';
      throw new JolokiaError(`Jolokia at ${this.target.base} answered HTTP ${res.status}${why}`, res.status);
    }
    const body = (await res.json()) as unknown;
    if (!Array.isArray(body)) throw new JolokiaError(`Jolokia at ${this.target.base} gave an unexpected answer`, 500);
    return body as JolokiaAnswer[];
  }

  private async one(req: JolokiaRequest): Promise<unknown> {
    const [a] = await this.bulk([req]);
    if (!a || a.status !== 200) throw new JolokiaError(`${req.type} ${req.mbean}${'operation' in req ? ` ${req.operation}` : ''}: ${a?.error ?? 'no answer'}`, a?.status ?? 500, a?.error_type);
    return a.value;
  }

  /** An attribute's value (or an object of attributes when `attribute` is a list or omitted). */
  read(mbean: string, attribute?: string | string[]): Promise<unknown> {
    return this.one(attribute === undefined ? { type: 'read', mbean } : { type: 'read', mbean, attribute });
  }

  /** Runs an operation (`name` or `name(java.lang.String,boolean)` for an overloaded one); resolves with its result. */
  exec(mbean: string, operation: string, args: unknown[]): Promise<unknown> {
    return this.one({ type: 'exec', mbean, operation, arguments: args });
  }

  /** MBean names matching a pattern such as `org.apache.activemq.artemis:broker=*`. */
  async search(pattern: string): Promise<string[]> {
    const v = await this.one({ type: 'search', mbean: pattern });
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }
}
