/**
 * RabbitMQ producer behind {@link DriverProducer}, on a connection of its own.
 * - Confirms (acks 1 or -1; sync and async): a confirm channel; each publish's delivery tag maps
 *   to its ticket in a {@link ConfirmRing}; `basic.ack` (possibly `multiple`) reports the tickets
 *   acked, `basic.nack` failed (e.g. `x-overflow: reject-publish` on a full queue). Sync is the
 *   same path with the load layer's window of 1.
 * - No confirms (acks 0, oneway): a plain channel; a ticket is acked once its message is written
 *   to the connection's buffer. When `publish` returns false (the buffer is full) tickets are held
 *   until the channel's `drain`, so the load layer's window bounds what waits in memory.
 * - `mandatory` (driver.config): an unroutable message comes back (`basic.return`, before its
 *   confirm) and its ticket is reported failed with the broker's reply text.
 * A channel or connection failure reports every outstanding ticket failed; nothing is thrown.
 * Then the producer reconnects (bounded, see reconnect.ts): a new connection and channel, the
 * exchange checked, nothing declared; sends while it is away are reported failed at once
 * (counted, never queued), and once it is back sending resumes. Each lost connection and each
 * failed attempt is reported through `onProblem` (the driver's `retry` client events).
 */
import type { DriverConfig, DriverProducer, OutgoingMessage, ProducerOptions, SendListener } from '../types.js';
import { UsageError } from '../../errors.js';
import { tuningOf } from './config.js';
import { ConfirmRing } from './confirm-ring.js';
import { closeQuietly, describeAmqpError, openConnection, type AmqpChannel, type AmqpConnection, type AmqpMessage } from './connection.js';
import { routesByKey, topicSettingsOf } from './topology.js';
import { reconnect } from './reconnect.js';

/** Fields of a `basic.ack` / `basic.nack`. */
interface ConfirmFields {
  deliveryTag: number;
  multiple: boolean;
}

/** How long `close` waits for outstanding confirms before closing the channel (which fails them), ms. */
const CLOSE_WAIT_MS = 5000;

export class RabbitProducer implements DriverProducer {
  private ring: ConfirmRing;
  private readonly settled: number[] = [];
  private readonly returned: number[] = [];
  /** No confirms: tickets written, to be acked at the end of this turn or on `drain`. */
  private written: number[] = [];
  private writtenScheduled = false;
  private waitingForDrain = false;
  /** Tickets refused before reaching the channel (closed producer), reported at the end of this turn. */
  private refused: number[] = [];
  private refusedReason: Error = new Error('producer closed');
  private closed = false;
  private failure: string | null = null;
  /** A lost connection is being replaced; sends fail meanwhile. */
  private reconnecting = false;
  /** Connections replaced after a loss (instrumentation, tests). */
  reconnects = 0;
  private readonly routeByKey: boolean;
  private readonly persistent: boolean;
  private readonly mandatory: boolean;
  private returnReason = 'returned unroutable';
  private drained: (() => void) | null = null;
  /** No confirms: times `publish` returned false and tickets waited for the channel's `drain` (instrumentation, tests). */
  drainWaits = 0;

  private constructor(
    private conn: AmqpConnection,
    private ch: AmqpChannel,
    private readonly confirms: boolean,
    private readonly opts: ProducerOptions,
    private readonly listener: SendListener,
    private readonly config: DriverConfig,
    private readonly name: string,
    private readonly onProblem: (reason: string) => void,
  ) {
    const s = topicSettingsOf(config, opts.topic);
    this.routeByKey = routesByKey(s);
    this.persistent = s.persistent;
    this.mandatory = confirms && tuningOf(config).mandatory;
    this.ring = new ConfirmRing(Math.max(16, opts.window * 2));
    this.attach(conn, ch);
  }

  /** Listens to a connection and its channel; events of a replaced one are ignored. */
  private attach(conn: AmqpConnection, ch: AmqpChannel): void {
    const current = () => this.ch === ch;
    ch.on('ack', (f: ConfirmFields) => current() && this.onConfirm(f, true));
    ch.on('nack', (f: ConfirmFields) => current() && this.onConfirm(f, false));
    ch.on('return', (m: AmqpMessage) => current() && this.onReturn(m));
    ch.on('drain', () => current() && this.onDrain());
    ch.on('error', (err: unknown) => current() && (this.failure = describeAmqpError(err, this.config)));
    ch.on('close', () => current() && this.onClose());
    conn.on('close', (err: unknown) => {
      if (!current()) return;
      if (err && !this.failure) this.failure = `connection closed: ${describeAmqpError(err, this.config)}`;
      this.onClose();
    });
  }

  /** A connection with its channel (a confirm channel when `confirms`), the exchange checked. Throws {@link UsageError} when it does not exist. */
  private static async connect(config: DriverConfig, opts: ProducerOptions, name: string): Promise<{ conn: AmqpConnection; ch: AmqpChannel }> {
    const conn = await openConnection(config, name);
    try {
      const ch = opts.acks !== 0 ? await conn.createConfirmChannel() : await conn.createChannel();
      ch.on('error', () => undefined);
      try {
        await ch.checkExchange(opts.topic);
      } catch (err) {
        throw new UsageError(`exchange "${opts.topic}" does not exist: ${describeAmqpError(err, config)}`, 'mqload declares it before the run; check the vhost of driver.url');
      }
      return { conn, ch };
    } catch (err) {
      await closeQuietly(conn);
      throw err;
    }
  }

  /**
   * Connects and opens the channel (a confirm channel when `opts.acks` ≠ 0). Throws a
   * {@link UsageError} when the exchange does not exist. `onProblem` hears lost connections and reconnection attempts.
   */
  static async open(config: DriverConfig, opts: ProducerOptions, listener: SendListener, name: string, onProblem: (reason: string) => void = () => undefined): Promise<RabbitProducer> {
    const { conn, ch } = await RabbitProducer.connect(config, opts, name);
    return new RabbitProducer(conn, ch, opts.acks !== 0, opts, listener, config, name, onProblem);
  }

  /** Replaces the lost connection (bounded); sends fail until it is back, and for good if it never is. */
  private async reconnect(): Promise<void> {
    if (this.reconnecting || this.closed) return;
    this.reconnecting = true;
    const lost = this.failure ?? 'channel closed';
    this.onProblem(`producer ${this.opts.producerId}: ${lost}; reconnecting`);
    void closeQuietly(this.conn);
    const next = await reconnect(
      () => RabbitProducer.connect(this.config, this.opts, this.name),
      () => this.closed,
      (n, reason) => this.onProblem(`producer ${this.opts.producerId}: reconnect attempt ${n} failed: ${describeAmqpError(reason, this.config)}`),
    );
    this.reconnecting = false;
    if (!next) {
      if (!this.closed) this.failure = `${lost}; gave up reconnecting`;
      return;
    }
    if (this.closed) return void (await closeQuietly(next.conn));
    this.ring = new ConfirmRing(Math.max(16, this.opts.window * 2));
    this.conn = next.conn;
    this.ch = next.ch;
    this.failure = null;
    this.reconnects++;
    this.attach(next.conn, next.ch);
  }

  send(ticket: number, message: OutgoingMessage): void {
    if (this.closed || this.failure !== null || this.reconnecting) {
      this.refuse(ticket, new Error(this.reconnecting ? `reconnecting after: ${this.failure ?? 'channel closed'}` : (this.failure ?? 'producer closed')));
      return;
    }
    const key = message.key;
    const routingKey = this.routeByKey && key ? key.toString('latin1') : '';
    const tag = this.confirms ? this.ring.push(ticket) : 0;
    let ok: boolean;
    try {
      ok = this.ch.publish(this.opts.topic, routingKey, message.value, {
        headers: message.headers,
        deliveryMode: this.persistent ? 2 : 1,
        mandatory: this.mandatory,
        // A returned message is matched to its ticket by its delivery tag.
        messageId: this.mandatory ? String(tag) : undefined,
      });
    } catch (err) {
      // The channel is closed: its 'close' fails what the ring holds; this one too.
      if (this.confirms) this.ring.settle(tag, false, this.settled, this.returned), (this.settled.length = 0), (this.returned.length = 0);
      this.refuse(ticket, err instanceof Error ? err : new Error(String(err)));
      return;
    }
    if (this.confirms) return;
    this.written.push(ticket);
    if (!ok && !this.waitingForDrain) {
      this.waitingForDrain = true;
      this.drainWaits++;
    }
    else if (!this.waitingForDrain && !this.writtenScheduled) {
      this.writtenScheduled = true;
      queueMicrotask(this.ackWritten);
    }
  }

  /** Publishes go to the socket at once; nothing is held back. */
  flush(): void {}

  private refuse(ticket: number, reason: Error): void {
    this.refused.push(ticket);
    this.refusedReason = reason;
    if (this.refused.length === 1) {
      queueMicrotask(() => {
        const t = this.refused;
        this.refused = [];
        this.listener.failed(t, this.refusedReason);
      });
    }
  }

  private readonly ackWritten = (): void => {
    this.writtenScheduled = false;
    if (this.waitingForDrain || this.written.length === 0) return;
    const t = this.written;
    this.written = [];
    this.listener.acked(t);
    this.checkDrained();
  };

  private onDrain(): void {
    if (!this.waitingForDrain) return;
    this.waitingForDrain = false;
    this.ackWritten();
  }

  private onConfirm(f: ConfirmFields, ack: boolean): void {
    this.ring.settle(f.deliveryTag, f.multiple, this.settled, this.returned);
    if (this.settled.length > 0) {
      if (ack) this.listener.acked(this.settled);
      else this.listener.failed(this.settled, new Error('nacked by the broker (basic.nack): e.g. a full queue with x-overflow reject-publish'));
      this.settled.length = 0;
    }
    if (this.returned.length > 0) {
      this.listener.failed(this.returned, new Error(`unroutable: ${this.returnReason} (mandatory publish)`));
      this.returned.length = 0;
    }
    this.checkDrained();
  }

  private onReturn(m: AmqpMessage): void {
    const tag = Number(m.properties.messageId);
    const fields = m.fields as unknown as { replyCode?: number; replyText?: string };
    this.returnReason = `${fields.replyCode ?? 312} ${fields.replyText ?? 'NO_ROUTE'} from exchange "${this.opts.topic}"`;
    if (Number.isInteger(tag)) this.ring.markReturned(tag);
  }

  /** The channel or its connection closed: every outstanding ticket failed; reconnects unless the producer is closing. */
  private onClose(): void {
    if (this.reconnecting) return;
    const reason = new Error(this.failure ?? 'channel closed');
    if (!this.failure) this.failure = 'channel closed';
    const out: number[] = [];
    this.ring.drain(out);
    out.push(...this.written);
    this.written = [];
    this.waitingForDrain = false;
    if (out.length > 0) this.listener.failed(out, reason);
    this.checkDrained();
    if (!this.closed) void this.reconnect();
  }

  private checkDrained(): void {
    if (this.drained && this.ring.size === 0 && this.written.length === 0) this.drained();
  }

  /** Waits (up to {@link CLOSE_WAIT_MS}) for outstanding confirms and writes, then closes the channel and connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.ring.size > 0 || this.written.length > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, CLOSE_WAIT_MS);
        this.drained = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    await this.ch.close().catch(() => undefined);
    await closeQuietly(this.conn);
  }
}
