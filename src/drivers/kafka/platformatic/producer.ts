/**
 * @platformatic/kafka producer behind {@link DriverProducer}: one library producer per logical
 * mqload producer. The library sends what it is given at once (no `linger.ms`), so messages go
 * through mqload's {@link PartitionAccumulator}; each full or lingered batch becomes one `send`
 * of one partition's messages (one produce request), and its outcome is reported for every
 * ticket in it. Up to `max.in.flight.requests.per.connection` requests are in flight per broker
 * connection (the library queues the rest). Keys go to partitions by Java's murmur2, as kafkajs
 * and the Java client place them.
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

export class PlatformaticProducer implements DriverProducer {
  private readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>;
  private readonly accumulator: PartitionAccumulator;
  private inFlight = 0;
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
      partitionOf: javaPartitioner(partitions),
      sendBatch: (b) => this.sendBatch(b),
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

  private sendBatch(batch: PartitionBatch): void {
    const { partition, tickets } = batch;
    const topic = this.opts.topic;
    const src = batch.messages;
    const messages: Message[] = new Array(src.length);
    for (let i = 0; i < src.length; i++) {
      const m = src[i]!;
      const out: Message = { topic, partition, value: m.value };
      if (m.key) out.key = m.key;
      const headers = headerMap(m.headers);
      if (headers) out.headers = headers;
      messages[i] = out;
    }
    this.inFlight++;
    this.producer.send({ messages }, (err) => {
      this.inFlight--;
      if (err) this.listener.failed(tickets, err);
      else this.listener.acked(tickets);
      if (this.inFlight === 0 && this.drained) this.drained();
    });
  }

  /** Sends what still lingers, waits for every outcome, then closes the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.accumulator.flush();
    this.accumulator.close();
    if (this.inFlight > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    await this.producer.close();
  }
}
