/**
 * kafkajs producer behind {@link DriverProducer}: one kafkajs producer per logical mqload
 * producer. kafkajs has no `linger.ms`, so messages go through a {@link PartitionAccumulator}
 * and each full batch, or everything that lingered, becomes one `send` (one produce request per
 * broker); its outcome is reported for every ticket in it.
 */
import kafkajs from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { DriverConfig, DriverProducer, OutgoingMessage, ProducerOptions, SendListener } from '../../types.js';
import { EnvironmentError } from '../../../errors.js';
import { PartitionAccumulator, type PartitionBatch } from '../accumulator.js';
import { producerBatching } from '../properties.js';

const { CompressionTypes, Partitioners } = kafkajs;

const COMPRESSION: Record<ProducerOptions['compression'], kafkajs.CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** kafkajs's Java-compatible (murmur2) default partitioner, as a key → partition function. */
export function kafkajsPartitioner(partitionCount: number): (key: Buffer) => number {
  const partitioner = Partitioners.DefaultPartitioner();
  const partitionMetadata = Array.from({ length: partitionCount }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
  return (key) => partitioner({ topic: '', partitionMetadata, message: { key, value: null } });
}

export class KafkajsProducer implements DriverProducer {
  private readonly compression: kafkajs.CompressionTypes;
  private readonly accumulator: PartitionAccumulator;
  /** An idempotent producer's sends waiting for the one in flight (the first is in flight). */
  private readonly serial: PartitionBatch[][] = [];

  constructor(
    private readonly producer: Producer,
    private readonly opts: ProducerOptions,
    private readonly listener: SendListener,
    config: DriverConfig,
    partitions: number,
    stickyStart: number,
  ) {
    this.compression = COMPRESSION[opts.compression];
    if (opts.compression !== 'none' && opts.compression !== 'gzip' && !(this.compression in kafkajs.CompressionCodecs)) {
      throw new EnvironmentError(
        `compression "${opts.compression}" needs a kafkajs codec that is not installed`,
        'use compression: gzip or none with the kafkajs client, or driver.client: platformatic / librdkafka',
      );
    }
    const batching = producerBatching(config, opts.batching, opts.mode);
    this.accumulator = new PartitionAccumulator({
      partitions,
      ...batching,
      stickyStart,
      // Off: the library reports one outcome for a whole send, so when one partition of a
      // coalesced send is refused (a topic created a moment ago, a leader moving) every batch in
      // it reads as failed, those the broker wrote included. On again once outcomes are per partition.
      coalesce: false,
      partitionOf: kafkajsPartitioner(partitions),
      sendBatches: (b) => this.sendBatches(b),
    });
  }

  send(ticket: number, message: OutgoingMessage): void {
    this.accumulator.add(ticket, message);
  }

  flush(): void {
    this.accumulator.flush();
  }

  /**
   * One `send` of batches of distinct partitions: kafkajs makes one produce request per broker.
   * An idempotent producer sends one at a time: kafkajs numbers a send's records when it is
   * issued, and concurrent sends retried through a broker restart reach the broker out of
   * sequence, which kafkajs answers by writing records twice or dropping acknowledged ones.
   */
  private sendBatches(batches: PartitionBatch[]): void {
    if (!this.opts.idempotent) {
      void this.sendNow(batches);
      return;
    }
    this.serial.push(batches);
    if (this.serial.length === 1) void this.drainSerial();
  }

  /** Sends the queued sends of an idempotent producer one after another. */
  private async drainSerial(): Promise<void> {
    while (this.serial.length > 0) {
      await this.sendNow(this.serial[0]!);
      this.serial.shift();
    }
  }

  /** Sends now; settles when every ticket of the send is reported. Never rejects. */
  private sendNow(batches: PartitionBatch[]): Promise<void> {
    const tickets = batches.length === 1 ? batches[0]!.tickets : batches.flatMap((b) => b.tickets);
    const messages = [];
    for (const b of batches) for (const m of b.messages) messages.push({ partition: b.partition, key: m.key, value: m.value, headers: m.headers });
    return this.producer
      .send({ topic: this.opts.topic, acks: this.opts.acks, timeout: this.opts.timeoutMs ?? 30000, compression: this.compression, messages })
      .then(
        () => this.listener.acked(tickets),
        (err: unknown) => this.listener.failed(tickets, err),
      );
  }

  async close(): Promise<void> {
    this.accumulator.close();
    await this.producer.disconnect();
  }
}
