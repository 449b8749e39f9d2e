/**
 * librdkafka producer behind {@link DriverProducer}: `send` is one `produce()` call (librdkafka
 * batches per partition by `linger.ms` / `batch.num.messages` / `batch.size`), the ticket travels
 * as the message's opaque, and every delivery report acks or fails it once (acks 0: librdkafka
 * reports a message once it was written to the socket).
 *
 * Delivery reports reach JavaScript only when the producer is polled. While messages are
 * outstanding it polls every event-loop turn in sync mode (one message in flight: a timer's
 * millisecond would dominate the measured latency; measured 0.15 ms vs 1.1 ms median ack) and
 * every millisecond otherwise, and every {@link POLL_EVERY_SENDS} sends; with nothing
 * outstanding it does not poll at all. (The binding's background polling crashes the process.)
 */
import type { DriverProducer, OutgoingMessage, ProducerOptions, SendListener } from '../../types.js';
import type { RdDeliveryReport, RdError, RdHeader, RdProducer } from './binding.js';

/** Sends between two polls when the load layer sends faster than the poll timer fires. */
const POLL_EVERY_SENDS = 64;
/** librdkafka's "local queue full" error code (RD_KAFKA_RESP_ERR__QUEUE_FULL). */
const ERR_QUEUE_FULL = -184;

/** Converts mqload's header record to the binding's list of single-key objects. */
function rdHeaders(headers: Record<string, Buffer>): RdHeader[] | undefined {
  let out: RdHeader[] | undefined;
  for (const name in headers) (out ??= []).push({ [name]: headers[name]! });
  return out;
}

export class RdkafkaProducer implements DriverProducer {
  /** Tickets handed to librdkafka and not reported yet. */
  private readonly pending = new Set<number>();
  private sinceLastPoll = 0;
  private polling: NodeJS.Timeout | NodeJS.Immediate | null = null;
  private closed = false;
  /** One reused array per outcome (the listener reads it during the call only). */
  private readonly one: number[] = [0];

  constructor(
    private readonly producer: RdProducer,
    private readonly opts: ProducerOptions,
    private readonly listener: SendListener,
  ) {
    producer.on('delivery-report', (err, report) => this.report(err, report));
  }

  send(ticket: number, message: OutgoingMessage): void {
    if (this.closed) {
      this.fail(ticket, new Error('producer closed'));
      return;
    }
    try {
      this.producer.produce(this.opts.topic, null, message.value, message.key, null, ticket, rdHeaders(message.headers));
    } catch (err) {
      // Synchronous refusals: local queue full (the window exceeds queue.buffering.max.messages), message too large, unknown topic.
      const code = (err as { code?: number }).code;
      this.fail(ticket, code === ERR_QUEUE_FULL ? new Error(`librdkafka local queue full (raise queue.buffering.max.messages): ${describe(err)}`) : err);
      return;
    }
    this.pending.add(ticket);
    if (++this.sinceLastPoll >= POLL_EVERY_SENDS) this.poll();
    this.armPoll();
  }

  flush(): void {
    // rd_kafka_flush waits for every outstanding message; only its first effect is wanted here:
    // send lingering batches now. A zero timeout does that and returns at once.
    if (this.pending.size > 0 && !this.closed) this.producer.flush(0, () => undefined);
    this.armPoll();
  }

  private report(err: RdError | null, report: RdDeliveryReport): void {
    const ticket = report.opaque as number;
    if (!this.pending.delete(ticket)) return; // already reported failed by close()
    if (err) this.fail(ticket, err);
    else {
      this.one[0] = ticket;
      this.listener.acked(this.one);
    }
  }

  private fail(ticket: number, err: unknown): void {
    this.one[0] = ticket;
    this.listener.failed(this.one, err);
  }

  private poll(): void {
    this.sinceLastPoll = 0;
    if (!this.closed) this.producer.poll();
  }

  /** Polls while messages are outstanding: every loop turn in sync mode, every millisecond otherwise. */
  private armPoll(): void {
    if (this.polling || this.pending.size === 0 || this.closed) return;
    const tick = (): void => {
      this.polling = null;
      this.poll();
      this.armPoll();
    };
    this.polling = this.opts.mode === 'sync' ? setImmediate(tick) : setTimeout(tick, 1);
  }

  private stopPolling(): void {
    if (this.polling) {
      clearTimeout(this.polling as NodeJS.Timeout);
      clearImmediate(this.polling as NodeJS.Immediate);
    }
    this.polling = null;
  }

  /**
   * Waits (up to the request timeout) for outstanding messages, then disconnects. Tickets still
   * outstanding after that are reported failed, so each ticket is reported exactly once.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const deadline = Date.now() + (this.opts.timeoutMs ?? 30000);
    this.flush();
    while (this.pending.size > 0 && Date.now() < deadline) {
      this.poll();
      await new Promise((r) => setTimeout(r, 2));
    }
    this.closed = true;
    this.stopPolling();
    await new Promise<void>((resolve) => this.producer.disconnect(() => resolve()));
    const lost = [...this.pending];
    this.pending.clear();
    if (lost.length > 0) this.listener.failed(lost, new Error(`producer closed with ${lost.length} messages not acknowledged`));
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
