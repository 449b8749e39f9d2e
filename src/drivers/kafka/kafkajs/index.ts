/**
 * The kafkajs client (pure JavaScript, always installed): producers with mqload's own
 * per-partition accumulator, batch consumers, and kafkajs's instrumentation events forwarded
 * as {@link ClientEvent}s.
 */
import type { Consumer, Kafka, Producer, RequestEvent, RequestQueueSizeEvent, RequestTimeoutEvent } from 'kafkajs';
import type { ConsumerOptions, DriverConsumer, DriverProducer, ProducerOptions, SendListener } from '../../types.js';
import type { KafkaClient, KafkaClientContext, KafkaClientFactory } from '../client-api.js';
import { numberProp } from '../properties.js';
import { createKafkaClient } from './client.js';
import { KafkajsProducer } from './producer.js';
import { KafkajsConsumer } from './consumer.js';

/** kafkajs's own default for a whole fetch response (`maxBytes`), bytes: what `fetch.max.bytes` replaces. */
const KAFKAJS_FETCH_MAX_BYTES = 10485760;

class KafkajsClient implements KafkaClient {
  private readonly kafka: Kafka;
  private readonly closables: Array<{ disconnect(): Promise<void> }> = [];
  private producers = 0;

  constructor(private readonly ctx: KafkaClientContext) {
    this.kafka = createKafkaClient(ctx.config, ctx.clientId, (_level, message) => {
      if (/retry|retrying/i.test(message)) ctx.emit({ type: 'retry', reason: message });
    });
  }

  /** Wires kafkajs instrumentation events of a producer or consumer to the context. */
  private instrument(client: Producer | Consumer): void {
    // Producer and Consumer share these three events; kafkajs types them per client, so go through one shape.
    const c = client as unknown as {
      events: { REQUEST: string; REQUEST_TIMEOUT: string; REQUEST_QUEUE_SIZE: string };
      on(event: string, listener: (e: { payload: unknown }) => void): unknown;
    };
    const emit = this.ctx.emit;
    c.on(c.events.REQUEST, (e) => {
      const p = e.payload as RequestEvent['payload'];
      emit({ type: 'request', latencyMs: p.duration, api: p.apiName, broker: p.broker, pendingDuration: p.pendingDuration });
    });
    c.on(c.events.REQUEST_TIMEOUT, (e) => {
      const p = e.payload as RequestTimeoutEvent['payload'];
      emit({ type: 'request-timeout', api: p.apiName, broker: p.broker });
    });
    c.on(c.events.REQUEST_QUEUE_SIZE, (e) => {
      const p = e.payload as RequestQueueSizeEvent['payload'];
      emit({ type: 'request-queue-size', size: p.queueSize, broker: p.broker });
    });
  }

  async createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    const config = this.ctx.config;
    const partitions = await this.ctx.partitionCount(opts.topic);
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: opts.idempotent,
      maxInFlightRequests: opts.idempotent ? 1 : (opts.maxInFlightRequests ?? (numberProp(config, 'max.in.flight.requests.per.connection', 0) || undefined)),
      retry: { retries: opts.retries, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    this.instrument(producer);
    const index = Number(opts.producerId.replace(/\D/g, '')) || this.producers;
    const wrapped = new KafkajsProducer(producer, opts, listener, config, partitions, index);
    this.producers++;
    await producer.connect();
    this.closables.push(producer);
    return wrapped;
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const config = this.ctx.config;
    const consumer = this.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: numberProp(config, 'session.timeout.ms', 30000),
      heartbeatInterval: numberProp(config, 'heartbeat.interval.ms', 3000),
      maxWaitTimeInMs: numberProp(config, 'fetch.max.wait.ms', 500),
      minBytes: numberProp(config, 'fetch.min.bytes', 1),
      maxBytesPerPartition: numberProp(config, 'max.partition.fetch.bytes', 1048576),
      maxBytes: numberProp(config, 'fetch.max.bytes', KAFKAJS_FETCH_MAX_BYTES),
      retry: { retries: 10 },
    });
    this.instrument(consumer);
    this.closables.push(consumer);
    return new KafkajsConsumer(
      consumer,
      opts,
      numberProp(config, 'auto.commit.interval.ms', 5000),
      numberProp(config, 'partitions.consumed.concurrently', 1),
      Math.max(1, numberProp(config, 'max.poll.records', 500)),
    );
  }

  async close(): Promise<void> {
    const all = this.closables.splice(0);
    await Promise.allSettled(all.map((c) => c.disconnect()));
  }
}

const factory: KafkaClientFactory = (ctx) => new KafkajsClient(ctx);
export default factory;
