/**
 * AMQP 1.0 connections with rhea, shared by the brokers that speak it (Artemis, ActiveMQ
 * Classic). Each producer, each consumer and the driver's probe get a connection of their
 * own, with one session and one link, so one blocked link does not stall the others. rhea's
 * own reconnection is off: the producer and consumer reconnect themselves (bounded), so every
 * outstanding delivery is reported exactly once. Errors are described without the password.
 */
import rhea from 'rhea';
import type { Connection, ConnectionOptions, EventContext, Receiver, Sender } from 'rhea';
import { BrokerUnreachableError, describeError } from '../../errors.js';

export type { Connection as AmqpConnection, Delivery as AmqpDelivery, EventContext as AmqpEventContext, Receiver as AmqpReceiver, Sender as AmqpSender, Message as AmqpMessage } from 'rhea';

/** Where and how to connect, as the broker kind's config resolved it. Holds the secret. */
export interface Amqp10Endpoint {
  host: string;
  port: number;
  tls: boolean;
  /** SASL PLAIN user ('' = no SASL, anonymous). */
  user: string;
  password: string;
  /** Idle time-out announced to the peer, ms (0 = none). */
  idleTimeoutMs: number;
  /** Connection handshake timeout, ms. */
  connectTimeoutMs: number;
  /** amqps: verify the server certificate. */
  rejectUnauthorized: boolean;
  /** `host:port` (or the redacted URL) for messages; no secret. */
  shown: string;
}

/** One rhea container for every connection of this thread; its `error` listener keeps a stray error from ending the process. */
const container = rhea.create_container({ id: `mqload-${process.pid}` });
container.on('error', () => undefined);

/** An error's text with the endpoint's password removed. */
export function describeAmqp10Error(err: unknown, endpoint: Pick<Amqp10Endpoint, 'password'>): string {
  let text = describeError(err);
  const cond = (err as { condition?: unknown } | null)?.condition;
  if (typeof cond === 'string' && !text.includes(cond)) text = `${cond}: ${text}`;
  const pw = endpoint.password;
  return pw.length < 2 ? text : text.split(pw).join('***').split(encodeURIComponent(pw)).join('***');
}

/** The error an event carries (a remote close's condition and description, or a socket error). */
export function contextError(ctx: EventContext | undefined, fallback: string): unknown {
  const c = ctx as (EventContext & { error?: unknown }) | undefined;
  const e = c?.error ?? c?.connection?.error ?? c?.sender?.error ?? c?.receiver?.error;
  if (e && typeof e === 'object' && 'description' in e) {
    const x = e as { condition?: unknown; description?: unknown };
    return new Error(`${String(x.condition ?? 'amqp:error')}: ${String(x.description ?? '')}`);
  }
  return e ?? new Error(fallback);
}

/**
 * The container id of a client's `generation`-th connection: `name` for the first, `name-r<n>`
 * after. A broker may still hold the closed connection's id for seconds after a kill (ActiveMQ
 * Classic then refuses the same id: "Client … already connected"), so a reconnect never reuses it.
 */
export function connectionName(name: string, generation: number): string {
  return generation === 0 ? name : `${name}-r${generation}`;
}

/**
 * Opens one connection named `name` (the container id the broker shows) and resolves once the
 * broker opened it. Throws {@link BrokerUnreachableError} (exit 3) when the broker does not
 * answer within the timeout or refuses the login.
 */
export function openAmqp10(endpoint: Amqp10Endpoint, name: string, timeoutMs = endpoint.connectTimeoutMs): Promise<Connection> {
  const base = {
    host: endpoint.host,
    port: endpoint.port,
    container_id: name,
    reconnect: false,
    idle_time_out: endpoint.idleTimeoutMs,
    tcp_no_delay: true,
    ...(endpoint.user !== '' ? { username: endpoint.user, password: endpoint.password } : {}),
  };
  const opts: ConnectionOptions = endpoint.tls ? { ...base, transport: 'tls', rejectUnauthorized: endpoint.rejectUnauthorized } : { ...base, transport: 'tcp' };
  return new Promise((resolve, reject) => {
    const conn = container.connect(opts);
    let done = false;
    const fail = (err: unknown) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      closeAmqp10(conn, true);
      reject(new BrokerUnreachableError([endpoint.shown], describeAmqp10Error(err, endpoint)));
    };
    const timer = setTimeout(() => fail(new Error(`no AMQP open within ${timeoutMs} ms`)), timeoutMs);
    // Until an owner attaches its own, errors only fail the open.
    conn.on('error', (e: unknown) => fail(e));
    conn.on('connection_error', (ctx: EventContext) => fail(contextError(ctx, 'connection refused by the broker')));
    conn.on('disconnected', (ctx: EventContext) => fail(contextError(ctx, 'disconnected')));
    conn.once('connection_open', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      conn.removeAllListeners('connection_error');
      conn.removeAllListeners('disconnected');
      conn.removeAllListeners('error');
      conn.on('error', () => undefined);
      resolve(conn);
    });
  });
}

/**
 * Closes a connection: `abrupt` drops the socket at once (a crash: the broker gets no close,
 * so it redelivers what was unsettled); otherwise an AMQP close is sent.
 */
export function closeAmqp10(conn: Connection | null, abrupt = false): void {
  if (!conn) return;
  try {
    if (abrupt) {
      // Destroyed without a FIN first, as a crashed process's socket is (after a FIN Artemis does not
      // count the unsettled deliveries as delivered: no delivery-count on durable ones); then rhea is
      // told it is disconnected, which stops its heartbeat timers.
      const raw = conn as unknown as { socket?: { destroy(): void }; _disconnected?: () => void; heartbeat_in?: NodeJS.Timeout; heartbeat_out?: NodeJS.Timeout };
      raw.socket?.destroy();
      raw._disconnected?.();
      // Called from inside rhea's frame input (a refused SASL login), rhea re-arms its idle timer
      // after this returns, which would keep the process alive for twice the idle time-out.
      setImmediate(() => {
        clearTimeout(raw.heartbeat_in);
        clearTimeout(raw.heartbeat_out);
      });
    } else if (conn.is_open()) conn.close();
  } catch {
    // Already gone.
  }
}

/** Closes a connection and resolves once the broker confirmed it, or after `timeoutMs` (then the socket is dropped). */
export function closeAmqp10Gracefully(conn: Connection | null, timeoutMs = 3000): Promise<void> {
  if (!conn || !conn.is_open()) {
    closeAmqp10(conn, true);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      closeAmqp10(conn, true);
      resolve();
    }, timeoutMs);
    const done = () => {
      clearTimeout(t);
      resolve();
    };
    conn.once('connection_close', done);
    conn.once('disconnected', done);
    closeAmqp10(conn);
  });
}

/**
 * Resolves with `link` once the broker attached it (`sender_open` / `receiver_open`); rejects
 * with the broker's refusal (the link closed with an error, the connection dropped) or after
 * `timeoutMs`.
 */
export function attachLink<L extends Sender | Receiver>(conn: Connection, link: L, role: 'sender' | 'receiver', address: string, timeoutMs: number): Promise<L> {
  return new Promise((resolve, reject) => {
    const events = { open: `${role}_open`, error: `${role}_error`, close: `${role}_close` } as const;
    const t = setTimeout(() => reject(new Error(`no attach of a ${role} on ${address} within ${timeoutMs} ms`)), timeoutMs);
    const refused = (ctx: EventContext) => {
      clearTimeout(t);
      reject(contextError(ctx, `the broker refused a ${role} on ${address}`));
    };
    link.once(events.error, refused);
    link.once(events.close, refused);
    conn.once('disconnected', refused);
    link.once(events.open, () => {
      clearTimeout(t);
      link.removeListener(events.error, refused);
      link.removeListener(events.close, refused);
      conn.removeListener('disconnected', refused);
      resolve(link);
    });
  });
}
