/**
 * Kafka producer behind {@link DriverProducer}: one kafkajs producer per logical mqload producer.
 * `send` issues one produce request for one partition and resolves on the broker's ack
 * (acks -1/1) or once written (acks 0).
 */
import kafkajs from 'kafkajs';
import type { Producer } from 'kafkajs';
import type { DriverProducer, OutgoingBatch, ProducerOptions } from '../types.js';
import { EnvironmentError } from '../../errors.js';

const { CompressionTypes, Partitioners } = kafkajs;

const COMPRESSION: Record<ProducerOptions['compression'], kafkajs.CompressionTypes> = {
  none: CompressionTypes.None,
  gzip: CompressionTypes.GZIP,
  snappy: CompressionTypes.Snappy,
  lz4: CompressionTypes.LZ4,
  zstd: CompressionTypes.ZSTD,
};

/** Partition metadata lists by partition count, reused by `partitionFor`. */
const metadataCache = new Map<number, Array<{ partitionId: number; leader: number; replicas: number[]; isr: number[]; partitionErrorCode: number }>>();

function fakeMetadata(count: number) {
  let m = metadataCache.get(count);
  if (!m) {
    m = Array.from({ length: count }, (_, i) => ({ partitionId: i, leader: 0, replicas: [0], isr: [0], partitionErrorCode: 0 }));
    metadataCache.set(count, m);
  }
  return m;
}

export class KafkaProducer implements DriverProducer {
  private readonly partitioner = Partitioners.DefaultPartitioner();
  private readonly compression: kafkajs.CompressionTypes;

  constructor(
    private readonly producer: Producer,
    private readonly opts: ProducerOptions,
  ) {
    this.compression = COMPRESSION[opts.compression];
    if (opts.compression !== 'none' && opts.compression !== 'gzip' && !(this.compression in kafkajs.CompressionCodecs)) {
      throw new EnvironmentError(
        `compression "${opts.compression}" needs a kafkajs codec that is not installed`,
        'use compression: gzip or none with the kafkajs client',
      );
    }
  }

  async send(batch: OutgoingBatch): Promise<void> {
    await this.producer.send({
      topic: batch.topic,
      acks: this.opts.acks,
      timeout: this.opts.timeoutMs ?? 30000,
      compression: this.compression,
      messages: batch.messages.map((m) => ({ partition: batch.partition, key: m.key, value: m.value, headers: m.headers })),
    });
  }

  partitionFor(key: Buffer, partitionCount: number): number {
    return this.partitioner({ topic: '', partitionMetadata: fakeMetadata(partitionCount), message: { key, value: null } });
  }

  async close(): Promise<void> {
    await this.producer.disconnect();
  }
}
