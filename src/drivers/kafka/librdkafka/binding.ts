/**
 * The part of `@confluentinc/kafka-javascript` (node-rdkafka-style API) the librdkafka client
 * uses, declared here so mqload compiles without the package: it is optional (built by `mqload
 * drivers install librdkafka`), so it is imported dynamically, by a specifier TypeScript does not
 * resolve, and only when a profile chooses `driver.client: librdkafka`.
 *
 * The addon cannot run in a worker thread (it is not context-aware and dispatches its callbacks
 * on the process's main event loop): it loads in one thread per process at most, and a process
 * that loaded it in a worker crashes when that worker exits. mqload therefore runs this client's
 * workers as child processes (see `isolation` in `clients.ts`).
 */
import { isMainThread } from 'node:worker_threads';
import { EnvironmentError } from '../../../errors.js';

/** librdkafka configuration: property name → value. */
export type RdConfig = Record<string, string | number | boolean | ((...args: never[]) => void)>;

export interface RdError {
  message: string;
  code: number;
  isRetriable?: boolean;
}

export interface RdTopicPartition {
  topic: string;
  partition: number;
  offset?: number;
}

/** One header: a single-key object (the binding's shape). */
export type RdHeader = Record<string, string | Buffer>;

export interface RdMessage {
  topic: string;
  partition: number;
  offset: number;
  value: Buffer | null;
  size: number;
  key?: Buffer | string | null;
  headers?: RdHeader[];
}

export interface RdDeliveryReport {
  topic: string;
  partition: number;
  offset: number;
  opaque?: unknown;
}

interface RdClient {
  connect(metadataOptions?: Record<string, unknown>, cb?: (err: RdError | null) => void): this;
  disconnect(cb?: (err: unknown) => void): this;
  isConnected(): boolean;
  on(event: 'event.error', listener: (err: RdError) => void): this;
  on(event: 'event.stats', listener: (stats: { message: string }) => void): this;
}

export interface RdProducer extends RdClient {
  produce(topic: string, partition: number | null, value: Buffer, key?: Buffer | null, timestamp?: number | null, opaque?: unknown, headers?: RdHeader[]): unknown;
  poll(): this;
  flush(timeoutMs: number, cb?: (err: RdError | null) => void): this;
  on(event: 'delivery-report', listener: (err: RdError | null, report: RdDeliveryReport) => void): this;
  on(event: 'event.error', listener: (err: RdError) => void): this;
  on(event: 'event.stats', listener: (stats: { message: string }) => void): this;
}

export interface RdConsumer extends RdClient {
  subscribe(topics: string[]): this;
  consume(count: number, cb: (err: RdError | null, messages: RdMessage[]) => void): void;
  setDefaultConsumeTimeout(ms: number): void;
  setDefaultIsTimeoutOnlyForFirstMessage(value: boolean): void;
  rebalanceProtocol(): 'EAGER' | 'COOPERATIVE' | 'NONE';
  incrementalAssign(assignments: RdTopicPartition[]): this;
  incrementalUnassign(assignments: RdTopicPartition[]): this;
  assign(assignments: RdTopicPartition[]): this;
  unassign(): this;
  assignments(): RdTopicPartition[];
  commit(offsets: RdTopicPartition[]): this;
  commitSync(offsets: RdTopicPartition[]): this;
  pause(partitions: RdTopicPartition[]): unknown;
  resume(partitions: RdTopicPartition[]): unknown;
  on(event: 'event.error', listener: (err: RdError) => void): this;
  on(event: 'event.stats', listener: (stats: { message: string }) => void): this;
}

export interface RdBinding {
  Producer: new (config: RdConfig, topicConfig?: RdConfig) => RdProducer;
  KafkaConsumer: new (config: RdConfig, topicConfig?: RdConfig) => RdConsumer;
  librdkafkaVersion: string;
  features: string[];
  CODES: { ERRORS: Record<string, number> };
}

/** The package name; a variable so TypeScript does not try to resolve it at compile time. */
export const PACKAGE = '@confluentinc/kafka-javascript';

let loaded: Promise<RdBinding> | null = null;

/** Imports the binding once. Refuses a worker thread, where the addon cannot work (see above). */
export function loadBinding(): Promise<RdBinding> {
  if (!isMainThread) {
    return Promise.reject(
      new EnvironmentError(
        'the librdkafka client cannot run in a worker thread (its native addon is not context-aware)',
        'mqload runs librdkafka workers as child processes; this is a bug if you see it from `mqload run`',
      ),
    );
  }
  loaded ??= import(PACKAGE).then((m: { default?: RdBinding } & RdBinding) => m.default ?? m);
  return loaded;
}
