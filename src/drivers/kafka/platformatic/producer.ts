/**
 * @platformatic/kafka producer behind {@link DriverProducer}: one library producer per logical
 * mqload producer. The library sends what it is given at once (no `linger.ms`), so messages go
 * through mqload's {@link PartitionAccumulator}; each full batch, or everything that lingered,
 * becomes one `send` (the library makes one produce request per broker), and its outcome is
 * reported for every ticket in it. Up to `max.in.flight.requests.per.connection` requests are in flight per broker
 * connection (the library queues the rest); an idempotent producer keeps one request in flight
 * (see {@link PlatformaticProducer.sendWaiting}). Keys go to partitions by Java's murmur2, as
 * kafkajs and the Java client place them.
 */
import { Producer, compressionsAlgorithms, murmur2, type MessageToProduce } from '@platformatic/kafka';
import { EnvironmentError } from '../../../errors.js';
import type { DriverConfig, DriverProducer, OutgoingMessage, ProducerOptions, SendListener } from '../../types.js';
import { PartitionAccumulator, type PartitionBatch } from '../accumulator.js';
import { producerBatching } from '../properties.js';
import type { BaseClientOptions } from './config.js';
import { maxInflights } from './config.js';

type Message = MessageToProduce<Buffer, Buffer, Buffer, Buffer>;

/** Java's default partitioner for keyed records: `toPositive(murmur2(key)) % partitions`. */
export function javaPartitioner(partitionCount: number): (key: Buffer) => number {
  return (key) => (murmur2(key) & 0x7fffffff) % partitionCount;
}

/** Header names as Buffers, made once per name (mqload sends the same few names on every message). */
const headerNames = new Map<string, Buffer>();

function headerName(name: string): Buffer {
  let b = headerNames.get(name);
  if (!b) {
    b = Buffer.from(name);
    headerNames.set(name, b);
  }
  return b;
}

/** mqload's header record as the library's Map of Buffers (the library needs Buffer names). */
function headerMap(headers: Record<string, Buffer>): Map<Buffer, Buffer> | undefined {
  let map: Map<Buffer, Buffer> | undefined;
  for (const name in headers) {
    (map ??= new Map()).set(headerName(name), headers[name]!);
  }
  return map;
}

/** Idempotent producing: most value bytes of one partition in one request (the broker takes 1 MiB batches by default). */
const IDEMPOTENT_REQUEST_BYTES = 512 * 1024;

export class PlatformaticProducer implements DriverProducer {
  /** The library producer (for instrumentation). */
  readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  private readonly accumulator: PartitionAccumulator;
  private inFlight = 0;
  /** Idempotent: batches waiting for the request in flight (see {@link sendWaiting}). */
  private waiting: PartitionBatch[] = [];
  private sending = false;
  private drained: (() => void) | null = null;
  private closed = false;

  constructor(
    base: BaseClientOptions,
    private readonly opts: ProducerOptions,
    private readonly listener: SendListener,
    config: DriverConfig,
    partitions: number,
    stickyStart: number,
  ) {
    if (!compressionsAlgorithms[opts.compression].available) {
      throw new EnvironmentError(
        `compression "${opts.compression}" is not available to the platformatic client on Node ${process.versions.node}`,
        'zstd needs Node ≥ 22.15 (node:zlib zstd); use lz4, snappy, gzip or none',
      );
    }
    this.producer = new Producer({
      ...base,
      retries: opts.retries,
      timeout: opts.timeoutMs ?? base.timeout,
      acks: opts.acks,
      compression: opts.compression,
      idempotent: opts.idempotent,
      // The library forces 1 for an idempotent producer.
      maxInflights: maxInflights(config, opts),
      autocreateTopics: false,
    });
    this.accumulator = new PartitionAccumulator({
      partitions,
      ...producerBatching(config, opts.batching, opts.mode),
      stickyStart,
      // Off: the library reports one outcome for a whole send, so when one partition of a
      // coalesced send is refused (a topic created a moment ago, a leader moving) every batch in
      // it reads as failed, those the broker wrote included. On again once outcomes are per partition.
      coalesce: false,
      partitionOf: javaPartitioner(partitions),
      sendBatches: (b) => this.sendBatches(b),
    });
  }

  /** Opens the connection and fetches the topic's metadata, so the first send does not pay for it. */
  async connect(): Promise<void> {
    await this.producer.metadata({ topics: [this.opts.topic] });
  }

  send(ticket: number, message: OutgoingMessage): void {
    if (this.closed) {
      this.listener.failed([ticket], new Error('producer closed'));
      return;
    }
    this.accumulator.add(ticket, message);
  }

  flush(): void {
    this.accumulator.flush();
  }

  private sendBatches(batches: PartitionBatch[]): void {
    if (!this.opts.idempotent) {
      this.dispatch(batches);
      return;
    }
    this.waiting.push(...batches);
    if (!this.sending) this.sendWaiting();
  }

  /**
   * Idempotent: one request in flight at a time. The library numbers a partition's records
   * (the producer sequence) when it builds a request and advances the number only when the
   * response arrives, so a second request for a partition built meanwhile would reuse the
   * numbers and the broker would refuse it. What waits meanwhile goes out together in the next
   * request: per partition, batches in order up to `IDEMPOTENT_REQUEST_BYTES` of values.
   */
  private sendWaiting(): void {
    const take: PartitionBatch[] = [];
    const bytes = new Map<number, number>();
    const full = new Set<number>();
    const rest: PartitionBatch[] = [];
    for (const b of this.waiting) {
      const p = b.partition;
      let size = 0;
      for (const m of b.messages) size += m.value.length;
      const sum = bytes.get(p) ?? 0;
      if (full.has(p) || (sum > 0 && sum + size > IDEMPOTENT_REQUEST_BYTES)) {
        full.add(p);
        rest.push(b);
        continue;
      }
      bytes.set(p, sum + size);
      take.push(b);
    }
    this.waiting = rest;
    if (take.length === 0) return;
    this.sending = true;
    this.dispatch(take, () => {
      this.sending = false;
      if (this.waiting.length > 0) this.sendWaiting();
    });
  }

  /** One `send` of these batches; every ticket in them is reported with its outcome. */
  private dispatch(batches: PartitionBatch[], then?: () => void): void {
    const topic = this.opts.topic;
    let count = 0;
    for (const b of batches) count += b.messages.length;
    const messages: Message[] = new Array(count);
    const tickets = batches.length === 1 ? batches[0]!.tickets : new Array<number>(count);
    let n = 0;
    for (const b of batches) {
      const partition = b.partition;
      const src = b.messages;
      for (let i = 0; i < src.length; i++) {
        const m = src[i]!;
        const out: Message = { topic, partition, value: m.value };
        if (m.key) out.key = m.key;
        const headers = headerMap(m.headers);
        if (headers) out.headers = headers;
        if (batches.length > 1) tickets[n] = b.tickets[i]!;
        messages[n++] = out;
      }
    }
    this.inFlight++;
    const report = (err: Error | null) => {
      this.inFlight--;
      if (err) this.listener.failed(tickets, err);
      else this.listener.acked(tickets);
      then?.();
      if (this.inFlight === 0 && this.waiting.length === 0 && this.drained) this.drained();
    };
    let inside = true;
    // The library calls back at once for some errors (a closed client): report after `send` returns.
    this.producer.send({ messages }, (err) => (inside ? queueMicrotask(() => report(err)) : report(err)));
    inside = false;
  }

  /** Sends what still lingers, waits for every outcome, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.accumulator.flush();
    this.accumulator.close();
    if (this.inFlight > 0 || this.waiting.length > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.producer.close();
  }
}
