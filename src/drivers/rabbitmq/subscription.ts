/**
 * One consumer's subscription to its group queue (`basic.consume` / `basic.cancel`), on whichever
 * channel is current. Subscribing and cancelling are chained, so a pause and a resume in quick
 * succession reach the broker in order. A stream queue's subscription attaches at the
 * configured start (stream-offset.ts) the first time, and after a cancel or a new channel at the
 * offset after the last one seen, so nothing is read twice or skipped.
 */
import type { AmqpChannel, AmqpMessage } from './connection.js';
import { streamOffsetArgument, type StreamStart } from './stream-offset.js';

export interface SubscriptionOptions {
  queue: string;
  noAck: boolean;
  /** The stream start, or null when the queue is not a stream. */
  stream: StreamStart | null;
  /** Every delivery, and null when the broker cancels the subscription (the queue was deleted). */
  onMessage: (m: AmqpMessage | null) => void;
}

export class Subscription {
  private ch: AmqpChannel | null = null;
  private tag: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;
  /** Last stream offset delivered (a renewed subscription continues after it). */
  private lastOffset: number | null = null;

  constructor(private readonly opts: SubscriptionOptions) {}

  /** Uses `ch` from now on (null: the channel died); a chain broken by the dead channel starts over. */
  attach(ch: AmqpChannel | null): void {
    this.ch = ch;
    this.tag = null;
    this.chain = Promise.resolve();
  }

  /** Notes a delivered stream offset. */
  seen(offset: number): void {
    this.lastOffset = offset;
  }

  /** The broker cancelled the subscription itself. */
  cancelledByBroker(): void {
    this.tag = null;
  }

  /** Subscribes on the current channel unless subscribed already; resolves when the broker answered. */
  subscribe(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(async () => {
      const ch = this.ch;
      if (!ch || this.tag !== null || this.closed) return;
      const args: Record<string, unknown> = {};
      if (this.opts.stream) args['x-stream-offset'] = streamOffsetArgument(this.opts.stream, this.lastOffset);
      const ok = await ch.consume(this.opts.queue, this.opts.onMessage, { noAck: this.opts.noAck, arguments: args });
      this.tag = ok.consumerTag;
    });
    return this.chain;
  }

  /** Cancels the subscription (after whatever is chained before); a failed cancel is ignored (the channel is going). */
  unsubscribe(): Promise<void> {
    this.chain = this.chain.catch(() => undefined).then(async () => {
      const tag = this.tag;
      if (!tag || !this.ch) return;
      this.tag = null;
      await this.ch.cancel(tag).catch(() => undefined);
    });
    return this.chain;
  }

  /** Stops subscribing for good and cancels what is subscribed; never rejects. */
  async close(): Promise<void> {
    this.closed = true;
    await this.chain.catch(() => undefined);
    await this.unsubscribe().catch(() => undefined);
  }
}
