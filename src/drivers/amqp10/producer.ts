/**
 * AMQP 1.0 producer behind {@link DriverProducer} (rhea), on a connection of its own with one
 * sending link to the destination's address.
 * - Unsettled sends (sync and async): each message is a delivery the broker settles with a
 *   disposition; `accepted` acks its ticket, `rejected`, `released` and `modified` fail it with
 *   the broker's reason. Sync is the same path with the load layer's window of 1; async keeps up
 *   to the window unsettled.
 * - Pre-settled sends (oneway, `snd_settle_mode` settled): the broker sends no disposition, the
 *   fate of each message is unknown to the producer; a ticket is acked once its transfer is
 *   handed to the connection.
 * The broker's link credit bounds what goes out: a message that finds no credit waits in order
 * (at most the load layer's window) until the link is `sendable` again.
 * A lost link or connection fails every outstanding ticket exactly once, nothing is thrown; then
 * the producer reconnects (bounded, see ../rabbitmq/reconnect.ts): sends while it is away fail at
 * once (counted, never queued), and sending resumes once it is back.
 */
import rhea from 'rhea';
import type { DriverProducer, OutgoingMessage, SendListener } from '../types.js';
import { reconnect } from '../rabbitmq/reconnect.js';
import { TurnCollector } from '../turn-collector.js';
import { attachLink, closeAmqp10, connectionName, closeAmqp10Gracefully, contextError, describeAmqp10Error, openAmqp10, type Amqp10Endpoint, type AmqpConnection, type AmqpDelivery, type AmqpEventContext, type AmqpMessage, type AmqpSender } from './connection.js';

/** What a producer sends to and how. */
export interface Amqp10ProducerSpec {
  endpoint: Amqp10Endpoint;
  /** Connection name (container id) the broker shows. */
  name: string;
  producerId: string;
  /** Target address and capabilities (Artemis: `topic` = multicast, `queue` = anycast; ActiveMQ Classic: a `queue://` or `topic://` address, none). */
  target: { address: string; capabilities: string[] };
  /** Pre-settled sends (oneway): no dispositions. */
  presettled: boolean;
  /** Messages carry `durable: true` (the broker writes them to its journal before accepting). */
  durable: boolean;
}

/** How long `close` waits for outstanding dispositions before failing them, ms. */
const CLOSE_WAIT_MS = 5000;
/** How long a link attach may take, ms. */
const ATTACH_TIMEOUT_MS = 10_000;

/** The AMQP message for one outgoing message: payload as a data section, headers as binary application properties, the key as subject. */
export function encodeMessage(m: OutgoingMessage, durable: boolean): AmqpMessage {
  const msg: AmqpMessage = { body: rhea.message.data_section(m.value), application_properties: m.headers, durable };
  if (m.key) msg.subject = m.key.toString('latin1');
  return msg;
}

/** Opens a sending link on `conn` and resolves once the broker attached it; rejects with its refusal. */
function attachSender(conn: AmqpConnection, spec: Amqp10ProducerSpec): Promise<AmqpSender> {
  const sender = conn.open_sender({ target: { address: spec.target.address, capabilities: spec.target.capabilities }, snd_settle_mode: spec.presettled ? 1 : 0, autosettle: true });
  return attachLink(conn, sender, 'sender', spec.target.address, ATTACH_TIMEOUT_MS);
}

export class Amqp10Producer implements DriverProducer {
  /** Delivery id → ticket of unsettled deliveries. */
  private inflight = new Map<number, number>();
  /** Tickets and messages waiting for link credit, oldest first from `head`. */
  private waiting: Array<{ ticket: number; message: OutgoingMessage }> = [];
  private head = 0;
  private readonly acks = new TurnCollector<number>((t) => {
    this.listener.acked(t);
    this.checkDrained();
  });
  private refusedReason: Error = new Error('producer closed');
  private readonly refused = new TurnCollector<number>((t) => this.listener.failed(t, this.refusedReason));
  private closed = false;
  private failure: string | null = null;
  private reconnecting = false;
  /** Connections opened after the first (each reconnect attempt gets a new container id, see {@link connectionName}). */
  private generation = 0;
  private drained: (() => void) | null = null;
  /** Connections replaced after a loss (instrumentation, tests). */
  reconnects = 0;
  /** Times a message found no link credit and waited (instrumentation, tests). */
  creditWaits = 0;

  private constructor(
    private conn: AmqpConnection,
    private sender: AmqpSender,
    private readonly spec: Amqp10ProducerSpec,
    private readonly listener: SendListener,
    private readonly onProblem: (reason: string) => void,
  ) {
    this.attach(conn, sender);
  }

  /** Connects and attaches the sending link. Throws BrokerUnreachableError, or the broker's refusal of the link. */
  static async open(spec: Amqp10ProducerSpec, listener: SendListener, onProblem: (reason: string) => void = () => undefined): Promise<Amqp10Producer> {
    const { conn, sender } = await Amqp10Producer.connect(spec, spec.name);
    return new Amqp10Producer(conn, sender, spec, listener, onProblem);
  }

  private static async connect(spec: Amqp10ProducerSpec, name: string): Promise<{ conn: AmqpConnection; sender: AmqpSender }> {
    const conn = await openAmqp10(spec.endpoint, name);
    try {
      return { conn, sender: await attachSender(conn, spec) };
    } catch (err) {
      closeAmqp10(conn, true);
      throw new Error(describeAmqp10Error(err, spec.endpoint));
    }
  }

  /** Listens to a link and its connection; events of a replaced one are ignored. */
  private attach(conn: AmqpConnection, sender: AmqpSender): void {
    const current = () => this.sender === sender;
    sender.on('sendable', () => current() && this.pump());
    sender.on('accepted', (ctx: AmqpEventContext) => current() && this.settled(ctx.delivery, null));
    sender.on('rejected', (ctx: AmqpEventContext) => current() && this.settled(ctx.delivery, `rejected by the broker: ${describeAmqp10Error(contextError(ctx, 'no reason given'), this.spec.endpoint)}`));
    // rhea reports `modified` as `released` (treat_modified_as_released).
    sender.on('released', (ctx: AmqpEventContext) => current() && this.settled(ctx.delivery, 'released by the broker (not delivered: e.g. the address is full or has no queue)'));
    for (const ev of ['sender_error', 'sender_close'] as const) sender.on(ev, (ctx: AmqpEventContext) => current() && this.lost(`link closed: ${describeAmqp10Error(contextError(ctx, 'closed by the broker'), this.spec.endpoint)}`));
    for (const ev of ['connection_error', 'connection_close', 'disconnected'] as const) conn.on(ev, (ctx: AmqpEventContext) => current() && this.lost(`connection lost: ${describeAmqp10Error(contextError(ctx, ev), this.spec.endpoint)}`));
  }

  send(ticket: number, message: OutgoingMessage): void {
    if (this.closed || this.failure !== null || this.reconnecting) {
      this.refuse(ticket, new Error(this.reconnecting ? `reconnecting after: ${this.failure ?? 'link closed'}` : (this.failure ?? 'producer closed')));
      return;
    }
    if (this.head < this.waiting.length || !this.sender.sendable()) {
      this.waiting.push({ ticket, message });
      this.creditWaits++;
      return;
    }
    this.transmit(ticket, message);
  }

  private transmit(ticket: number, message: OutgoingMessage): void {
    const d = this.sender.send(encodeMessage(message, this.spec.durable));
    if (this.spec.presettled) this.acks.push(ticket);
    else this.inflight.set(d.id, ticket);
  }

  /** Sends what waited for credit while the link has some. */
  private pump(): void {
    while (this.head < this.waiting.length && this.sender.sendable()) {
      const w = this.waiting[this.head++]!;
      this.transmit(w.ticket, w.message);
    }
    if (this.head === this.waiting.length) {
      this.waiting = [];
      this.head = 0;
      this.checkDrained();
    }
  }

  /** Transfers go to the connection as soon as there is credit; nothing is held back. */
  flush(): void {}

  private settled(d: AmqpDelivery | undefined, error: string | null): void {
    if (!d) return;
    const ticket = this.inflight.get(d.id);
    if (ticket === undefined) return;
    this.inflight.delete(d.id);
    if (error === null) this.acks.push(ticket);
    else {
      this.listener.failed([ticket], new Error(error));
      this.checkDrained();
    }
  }

  private refuse(ticket: number, reason: Error): void {
    this.refusedReason = reason;
    this.refused.push(ticket);
  }

  /** Every ticket not reported yet (unsettled, waiting for credit, acks not yet flushed), taken out. */
  private takeOutstanding(): number[] {
    const out = [...this.inflight.values()];
    this.inflight.clear();
    for (let i = this.head; i < this.waiting.length; i++) out.push(this.waiting[i]!.ticket);
    this.waiting = [];
    this.head = 0;
    return out;
  }

  /** The link or connection is gone: fail what is outstanding, reconnect unless closing. */
  private lost(reason: string): void {
    if (this.reconnecting || this.failure !== null) return;
    this.failure = reason;
    const out = this.takeOutstanding();
    if (out.length > 0) this.listener.failed(out, new Error(reason));
    this.checkDrained();
    if (!this.closed) void this.reconnect();
  }

  private async reconnect(): Promise<void> {
    this.reconnecting = true;
    const lost = this.failure ?? 'link closed';
    this.onProblem(`producer ${this.spec.producerId}: ${lost}; reconnecting`);
    closeAmqp10(this.conn, true);
    const next = await reconnect(
      () => Amqp10Producer.connect(this.spec, connectionName(this.spec.name, ++this.generation)),
      () => this.closed,
      (n, why) => this.onProblem(`producer ${this.spec.producerId}: reconnect attempt ${n} failed: ${why}`),
    );
    this.reconnecting = false;
    if (!next) {
      if (!this.closed) this.failure = `${lost}; gave up reconnecting`;
      return;
    }
    if (this.closed) return void closeAmqp10(next.conn);
    this.conn = next.conn;
    this.sender = next.sender;
    this.failure = null;
    this.reconnects++;
    this.attach(next.conn, next.sender);
  }

  private checkDrained(): void {
    if (this.drained && this.inflight.size === 0 && this.head === this.waiting.length && this.acks.size === 0) this.drained();
  }

  /** Waits (up to {@link CLOSE_WAIT_MS}) for outstanding dispositions, fails what is still open, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.pump();
    if (this.inflight.size > 0 || this.head < this.waiting.length || this.acks.size > 0) {
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, CLOSE_WAIT_MS);
        this.drained = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
    this.drained = null;
    const out = this.takeOutstanding();
    if (out.length > 0) this.listener.failed(out, new Error(`producer closed before the broker settled ${out.length} message(s)`));
    this.failure ??= 'producer closed';
    await closeAmqp10Gracefully(this.conn);
  }
}
