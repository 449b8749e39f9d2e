/**
 * The seam between the Kafka driver and one Kafka client library. The driver ({@link
 * import('./driver.js').KafkaDriver}) does the admin work (probe, topics, offsets, groups) with
 * kafkajs's admin client whatever the chosen client; producers and consumers come from the client
 * chosen by `driver.client`, each in its own folder (`kafkajs/`, `librdkafka/`, `platformatic/`)
 * behind this interface. A client module is loaded only when chosen (see `clients.ts`), so a
 * missing optional client costs nothing until a profile asks for it.
 */
import type { ClientEvent, ConsumerOptions, DriverConfig, DriverConsumer, DriverProducer, ProducerOptions, SendListener } from '../types.js';

/** What a client gets from the driver. */
export interface KafkaClientContext {
  config: DriverConfig;
  /** Client id for this process or worker thread (`client.id` in `driver.config` wins). */
  clientId: string;
  /** Forwards client instrumentation (request latency, queue size, timeouts, retries). */
  emit(event: ClientEvent): void;
  /** Number of partitions of a topic (from the driver's admin metadata, cached). */
  partitionCount(topic: string): Promise<number>;
}

/** One Kafka client library's producers and consumers. One instance per driver (per thread). */
export interface KafkaClient {
  /** Creates and connects a producer; each ticket's outcome goes to `listener`. */
  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer>;
  /** Creates a consumer (not started). */
  createConsumer(opts: ConsumerOptions): Promise<DriverConsumer>;
  /** Closes everything this client created. */
  close(): Promise<void>;
}

/** The default export shape of a client module (`<client>/index.ts`). */
export type KafkaClientFactory = (ctx: KafkaClientContext) => KafkaClient;
