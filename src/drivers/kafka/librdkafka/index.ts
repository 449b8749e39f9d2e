/**
 * The librdkafka client (`@confluentinc/kafka-javascript`, optional, built from source by
 * `mqload drivers install librdkafka`): producers on its node-rdkafka-style `Producer`
 * (`produce()` per message with delivery reports; measured 2–3× less CPU per message than its
 * KafkaJS-compatible promise API) and consumers on `KafkaConsumer` with mqload's own commits.
 * librdkafka's `error` events are counted as client errors; `statistics.interval.ms` in
 * `driver.config` turns its statistics into request-latency and queue-size events.
 */
import type { ConsumerOptions, DriverConsumer, DriverProducer, ProducerOptions, SendListener } from '../../types.js';
import type { KafkaClient, KafkaClientContext, KafkaClientFactory } from '../client-api.js';
import { BrokerUnreachableError } from '../../../errors.js';
import { numberProp } from '../properties.js';
import { loadBinding, type RdBinding } from './binding.js';
import { consumerConfig, producerConfig } from './config.js';
import { RdkafkaProducer } from './producer.js';
import { RdkafkaConsumer } from './consumer.js';
import { statsEvents } from './stats.js';

class LibrdkafkaClient implements KafkaClient {
  private readonly closables: Array<{ close(): Promise<void> }> = [];

  constructor(
    private readonly ctx: KafkaClientContext,
    private readonly binding: RdBinding,
  ) {}

  async createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    const producer = new this.binding.Producer(producerConfig(this.ctx.config, this.ctx.clientId, opts));
    producer.on('event.error', (err) => this.ctx.emit({ type: 'retry', reason: `librdkafka: ${err.message}` }));
    producer.on('event.stats', (s) => statsEvents(s.message, this.ctx.emit));
    await new Promise<void>((resolve, reject) =>
      producer.connect({ timeout: numberProp(this.ctx.config, 'request.timeout.ms', 30000) }, (err) => (err ? reject(new BrokerUnreachableError(this.ctx.config.brokers, `librdkafka producer: ${err.message}`)) : resolve())),
    );
    const wrapped = new RdkafkaProducer(producer, opts, listener);
    this.closables.push(wrapped);
    return wrapped;
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const config = this.ctx.config;
    const { global, topic } = consumerConfig(config, this.ctx.clientId, opts.groupId);
    const consumer = new RdkafkaConsumer(
      (rebalance) => {
        const c = new this.binding.KafkaConsumer({ ...global, rebalance_cb: rebalance }, topic);
        c.on('event.error', (err) => this.ctx.emit({ type: 'retry', reason: `librdkafka: ${err.message}` }));
        c.on('event.stats', (s) => statsEvents(s.message, this.ctx.emit));
        return c;
      },
      opts,
      {
        maxPollRecords: Math.max(1, numberProp(config, 'max.poll.records', 500)),
        autoCommitIntervalMs: numberProp(config, 'auto.commit.interval.ms', 5000),
      },
      config.brokers,
    );
    this.closables.push(consumer);
    return consumer;
  }

  async close(): Promise<void> {
    const all = this.closables.splice(0);
    await Promise.allSettled(all.map((c) => c.close()));
  }
}

/** Loads the binding first (so a missing or unloadable package fails at the first producer or consumer, with a hint). */
const factory: KafkaClientFactory = (ctx) => {
  let client: Promise<LibrdkafkaClient> | null = null;
  const get = () => (client ??= loadBinding().then((b) => new LibrdkafkaClient(ctx, b)));
  return {
    createProducer: async (opts, listener) => (await get()).createProducer(opts, listener),
    createConsumer: async (opts) => (await get()).createConsumer(opts),
    close: async () => {
      if (client) await (await client).close();
    },
  };
};
export default factory;
