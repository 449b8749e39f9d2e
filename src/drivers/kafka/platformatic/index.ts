/**
 * The @platformatic/kafka client (pure TypeScript, no native addon; pinned to 1.35.0, the last
 * line that runs on Node 20): producers with mqload's per-partition accumulator, batch consumers
 * with mqload's commit modes. Loading this module installs a fix for the library's tagged-field
 * parsing (see `tagged-fields.ts`).
 */
import type { ConsumerOptions, DriverConsumer, DriverProducer, ProducerOptions, SendListener } from '../../types.js';
import type { KafkaClient, KafkaClientContext, KafkaClientFactory } from '../client-api.js';
import { numberProp } from '../properties.js';
import { baseOptions, consumerTuning, forwardRetries } from './config.js';
import { PlatformaticConsumer } from './consumer.js';
import { PlatformaticProducer } from './producer.js';
import { installTaggedFieldsFix } from './tagged-fields.js';
import { instrumentRequests } from './instrumentation.js';

installTaggedFieldsFix();

class PlatformaticClient implements KafkaClient {
  private readonly closables: Array<{ close(): Promise<void> }> = [];
  private producers = 0;
  private readonly stopInstrumenting: () => void;

  constructor(private readonly ctx: KafkaClientContext) {
    this.stopInstrumenting = instrumentRequests(ctx.emit);
  }

  async createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    const partitions = await this.ctx.partitionCount(opts.topic);
    const index = Number(opts.producerId.replace(/\D/g, '')) || this.producers;
    this.producers++;
    const base = baseOptions(this.ctx.config, this.ctx.clientId, opts.retries);
    const producer = new PlatformaticProducer(base, opts, listener, this.ctx.config, partitions, index);
    forwardRetries(producer.producer, this.ctx.emit);
    this.closables.push(producer);
    await producer.connect();
    return producer;
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    // A consumer rides out a broker restart: more retries than a producer's default.
    const base = baseOptions(this.ctx.config, this.ctx.clientId, numberProp(this.ctx.config, 'retries', 10));
    const consumer = new PlatformaticConsumer(base, opts, consumerTuning(this.ctx.config), this.ctx.emit);
    forwardRetries(consumer.consumer, this.ctx.emit);
    this.closables.push(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    this.stopInstrumenting();
    const all = this.closables.splice(0);
    await Promise.allSettled(all.map((c) => c.close()));
  }
}

const factory: KafkaClientFactory = (ctx) => new PlatformaticClient(ctx);
export default factory;
