/**
 * AMQP 1.0 consumer behind {@link DriverConsumer} (rhea): one connection with one receiving link
 * on its group's queue. Competing consumers of a group attach to the same queue; the broker
 * spreads deliveries among them.
 *
 * Flow control is the link credit: the consumer grants `prefetch` deliveries at start and grants
 * each handled batch's worth again once it is handled, so at most `prefetch` deliveries are held
 * per consumer (the prefetch of RabbitMQ, the credit window of AMQP). Deliveries that arrive in
 * one turn of the event loop are cut into batches of at most `consumerBatch`, handed to the
 * handler one at a time, in order; a consumer behind on its work takes what has queued up since
 * (same link, up to `consumerBatch`) as one batch, as a Kafka poll returns what was fetched, so a
 * broker that dispatches one message per frame does not leave a busy consumer with batches of 1. Commit modes:
 * - `auto`: the link asks for pre-settled deliveries (`snd_settle_mode` settled): at-most-once,
 *   what a consumer holds when it dies is lost;
 * - `after-process`: each delivery of a batch is accepted once the handler resolved
 *   (at-least-once: a crash leaves them unsettled and the broker redelivers them, flagged by
 *   their `delivery-count` header);
 * - `before-process`: the batch is accepted, then handled.
 * A handler that throws releases its batch (delivered again). `pause()` stops handing batches
 * (and so granting credit); `close({ commit: false })` is a crash: the socket is dropped with
 * nothing settled. A graceful close releases what was received and not handled (delivered
 * again, not counted as a failed delivery).
 *
 * When the broker closes the link or connection (a restart), the consumer reconnects (bounded,
 * see ../rabbitmq/reconnect.ts); batches of the dead link not yet handled are dropped (the broker
 * redelivers them; pre-settled ones were the consumer's already and are still handled).
 */
import type { CommitMode, DriverConsumer, ReceivedBatch, ReceivedMessage } from '../types.js';
import { reconnect } from '../rabbitmq/reconnect.js';
import { TurnCollector } from '../turn-collector.js';
import { attachLink, closeAmqp10, connectionName, closeAmqp10Gracefully, contextError, describeAmqp10Error, openAmqp10, type Amqp10Endpoint, type AmqpConnection, type AmqpDelivery, type AmqpEventContext, type AmqpMessage, type AmqpReceiver } from './connection.js';

/** What a consumer reads and how. */
export interface Amqp10ConsumerSpec {
  endpoint: Amqp10Endpoint;
  /** Connection name (container id) the broker shows. */
  name: string;
  consumerId: string;
  /** The run's destination name (batches carry it). */
  topic: string;
  /** Source address (Artemis: the fully qualified queue name `<address>::<queue>`; ActiveMQ Classic: `queue://<name>`) and capabilities. */
  source: { address: string; capabilities: string[] };
  commit: CommitMode;
  /** Credit window: most deliveries held unhandled, messages. */
  prefetch: number;
  /** Most deliveries per handler batch. */
  consumerBatch: number;
  onBatch: (batch: ReceivedBatch) => Promise<void>;
  onAssignment?: (partitions: number[]) => void;
}

interface QueuedBatch {
  /** The link it came on: settlements and credit go there; a replaced link's batches are dropped. */
  receiver: AmqpReceiver;
  batch: ReceivedBatch;
  deliveries: AmqpDelivery[];
}

/** How long a link attach may take, ms. */
const ATTACH_TIMEOUT_MS = 10_000;

/** Payload size in bytes of a received body (a data section, a binary, or a string). */
export function bodySize(body: unknown): number {
  if (Buffer.isBuffer(body)) return body.length;
  if (typeof body === 'string') return Buffer.byteLength(body);
  const content = (body as { content?: unknown } | null)?.content;
  if (Buffer.isBuffer(content)) return content.length;
  if (Array.isArray(content)) return content.reduce((n: number, c: unknown) => n + (Buffer.isBuffer(c) ? c.length : 0), 0);
  return 0;
}

/** Application properties as the load layer reads headers: Buffers (strings converted). */
export function headersOf(m: AmqpMessage): Record<string, Buffer | undefined> {
  const out: Record<string, Buffer | undefined> = {};
  const props = (m.application_properties ?? {}) as Record<string, unknown>;
  for (const [k, v] of Object.entries(props)) {
    if (Buffer.isBuffer(v)) out[k] = v;
    else if (typeof v === 'string') out[k] = Buffer.from(v);
    else if (typeof v === 'number' || typeof v === 'boolean') out[k] = Buffer.from(String(v));
  }
  return out;
}

/** The broker delivered this message before: its header's `delivery-count` is above 0. */
export function isRedelivery(m: AmqpMessage): boolean {
  return typeof m.delivery_count === 'number' && m.delivery_count > 0;
}

/** Opens a receiving link without credit and resolves once the broker attached it. */
function attachReceiver(conn: AmqpConnection, spec: Amqp10ConsumerSpec): Promise<AmqpReceiver> {
  const receiver = conn.open_receiver({
    source: { address: spec.source.address, capabilities: spec.source.capabilities },
    credit_window: 0,
    autoaccept: false,
    snd_settle_mode: spec.commit === 'auto' ? 1 : 0,
    rcv_settle_mode: 0,
  });
  return attachLink(conn, receiver, 'receiver', spec.source.address, ATTACH_TIMEOUT_MS);
}

export class Amqp10Consumer implements DriverConsumer {
  private conn: AmqpConnection | null = null;
  private receiver: AmqpReceiver | null = null;
  private readonly arrived = new TurnCollector<{ message: AmqpMessage; delivery: AmqpDelivery }>((all) => this.cut(all));
  private readonly queue: QueuedBatch[] = [];
  private draining = false;
  private paused = false;
  private closing = false;
  private crashed = false;
  private reconnecting = false;
  /** Connections opened so far (each gets a new container id, see {@link connectionName}). */
  private generation = 0;
  private idle: Promise<void> = Promise.resolve();
  private readonly presettled: boolean;
  /** Connections replaced after a loss (instrumentation, tests). */
  reconnects = 0;

  constructor(
    private readonly spec: Amqp10ConsumerSpec,
    private readonly onProblem: (reason: string) => void,
  ) {
    this.presettled = spec.commit === 'auto';
  }

  async start(): Promise<void> {
    try {
      await this.connect();
      this.spec.onAssignment?.([0]);
    } catch (err) {
      this.closing = true;
      closeAmqp10(this.conn, true);
      throw err;
    }
  }

  private async connect(): Promise<void> {
    const conn = await openAmqp10(this.spec.endpoint, connectionName(this.spec.name, this.generation++));
    this.conn = conn;
    let receiver: AmqpReceiver;
    try {
      receiver = await attachReceiver(conn, this.spec);
    } catch (err) {
      closeAmqp10(conn, true);
      throw new Error(describeAmqp10Error(err, this.spec.endpoint));
    }
    if (this.closing) throw new Error('consumer closed');
    this.receiver = receiver;
    const current = () => this.receiver === receiver;
    receiver.on('message', (ctx: AmqpEventContext) => current() && ctx.message && ctx.delivery && this.onMessage(ctx.message, ctx.delivery));
    for (const ev of ['receiver_error', 'receiver_close'] as const) receiver.on(ev, (ctx: AmqpEventContext) => current() && this.lost(`link closed: ${describeAmqp10Error(contextError(ctx, 'closed by the broker'), this.spec.endpoint)}`));
    for (const ev of ['connection_error', 'connection_close', 'disconnected'] as const) conn.on(ev, (ctx: AmqpEventContext) => current() && this.lost(`connection lost: ${describeAmqp10Error(contextError(ctx, ev), this.spec.endpoint)}`));
    receiver.add_credit(this.spec.prefetch);
  }

  private problem(reason: string): void {
    if (!this.crashed) this.onProblem(`consumer ${this.spec.consumerId}: ${reason}`);
  }

  private onMessage(message: AmqpMessage, delivery: AmqpDelivery): void {
    // A pre-settled delivery is settled on arrival too, or rhea's session buffer (2048) never frees it.
    if (this.presettled) delivery.update(true);
    this.arrived.push({ message, delivery });
  }

  /** Cuts this turn's deliveries into batches of at most `consumerBatch`. */
  private cut(all: Array<{ message: AmqpMessage; delivery: AmqpDelivery }>): void {
    const receiver = this.receiver;
    if (this.closing || (receiver === null && !this.presettled)) return;
    const max = this.spec.consumerBatch;
    for (let start = 0; start < all.length; start += max) {
      const part = all.slice(start, start + max);
      const messages: ReceivedMessage[] = part.map(({ message }) => ({
        partition: 0,
        offset: null,
        redelivered: isRedelivery(message),
        key: typeof message.subject === 'string' ? Buffer.from(message.subject, 'latin1') : null,
        size: bodySize(message.body),
        headers: headersOf(message),
      }));
      this.queue.push({ receiver: receiver ?? (part[0]!.delivery.link as AmqpReceiver), batch: { topic: this.spec.topic, partition: 0, messages }, deliveries: part.map((p) => p.delivery) });
    }
    this.kick();
  }

  private kick(): void {
    if (this.draining || this.paused || this.closing || this.queue.length === 0) return;
    this.draining = true;
    this.idle = this.drain().finally(() => (this.draining = false));
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.paused && !this.closing) {
      const item = this.takeBatch();
      const settles = !this.presettled;
      if (settles && this.spec.commit === 'before-process') this.settle(item, 'accept');
      try {
        await this.spec.onBatch(item.batch);
      } catch (err) {
        this.problem(`batch handler failed, released: ${describeAmqp10Error(err, this.spec.endpoint)}`);
        if (settles && this.spec.commit === 'after-process' && !this.closing) this.settle(item, 'release');
        this.credit(item);
        continue;
      }
      // A close during the handler may have cut the batch short: leave it unsettled (redelivered).
      if (this.closing) return;
      if (settles && this.spec.commit === 'after-process') this.settle(item, 'accept');
      this.credit(item);
    }
  }

  /** The next queued batch, merged with the ones behind it on the same link up to `consumerBatch` deliveries. */
  private takeBatch(): QueuedBatch {
    const first = this.queue.shift()!;
    const max = this.spec.consumerBatch;
    let next = this.queue[0];
    if (next === undefined || next.receiver !== first.receiver || first.deliveries.length + next.deliveries.length > max) return first;
    const messages = [...first.batch.messages];
    const deliveries = [...first.deliveries];
    while (next !== undefined && next.receiver === first.receiver && deliveries.length + next.deliveries.length <= max) {
      this.queue.shift();
      messages.push(...next.batch.messages);
      deliveries.push(...next.deliveries);
      next = this.queue[0];
    }
    return { receiver: first.receiver, batch: { ...first.batch, messages }, deliveries };
  }

  /** Accepts or releases every delivery of a batch; on a dead link the broker redelivers them instead. */
  private settle(item: QueuedBatch, how: 'accept' | 'release'): void {
    if (item.receiver !== this.receiver) return;
    try {
      for (const d of item.deliveries) {
        if (how === 'accept') d.accept();
        else d.release({ delivery_failed: true });
      }
    } catch (err) {
      this.problem(`${how} failed: ${describeAmqp10Error(err, this.spec.endpoint)}`);
    }
  }

  /** Grants the broker credit for a handled batch's deliveries. */
  private credit(item: QueuedBatch): void {
    if (item.receiver === this.receiver && this.receiver?.is_open()) this.receiver.add_credit(item.deliveries.length);
  }

  /** The link or connection is gone: drop what it held unsettled, reconnect (bounded). */
  private lost(reason: string): void {
    if (this.closing || this.reconnecting) return;
    this.reconnecting = true;
    this.problem(`${reason}; reconnecting`);
    const dead = this.receiver;
    this.receiver = null;
    if (!this.presettled) {
      for (let i = this.queue.length - 1; i >= 0; i--) if (this.queue[i]!.receiver === dead) this.queue.splice(i, 1);
    }
    closeAmqp10(this.conn, true);
    void reconnect(
      () => this.connect(),
      () => this.closing,
      (n, why) => this.problem(`reconnect attempt ${n} failed: ${why}`),
    ).then((ok) => {
      this.reconnecting = false;
      if (ok === null) {
        if (!this.closing) this.problem(`gave up reconnecting to ${this.spec.source.address}`);
        return;
      }
      this.reconnects++;
      this.kick();
    });
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    if (!this.paused) return;
    this.paused = false;
    this.kick();
  }

  async close(opts: { commit?: boolean } = {}): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    if (opts.commit === false) {
      // A crash: drop the socket now; the broker redelivers everything unsettled.
      this.crashed = true;
      this.queue.length = 0;
      closeAmqp10(this.conn, true);
      return;
    }
    await this.idle;
    // Received, never handled: released without counting a failed delivery, so they come again unflagged.
    if (!this.presettled) {
      for (const item of this.queue) {
        if (item.receiver !== this.receiver) continue;
        for (const d of item.deliveries) d.release({ delivery_failed: false, undeliverable_here: false });
      }
    }
    this.queue.length = 0;
    await closeAmqp10Gracefully(this.conn);
  }
}
