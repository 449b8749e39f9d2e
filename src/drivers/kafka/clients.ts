/**
 * The Kafka client libraries mqload can drive, selected by `driver.client`. Each descriptor says
 * what the client can do (compression codecs, the `driver.config` properties it understands) and
 * how to install it when it is optional; `load()` imports its folder only when chosen. Validation
 * and the driver both read this table, so what `mqload validate` accepts, `mqload run` runs.
 */
import { createRequire } from 'node:module';
import zlib from 'node:zlib';
import type { KafkaClientFactory } from './client-api.js';
import type { CompressionCodec } from '../types.js';
import { CONNECTION_PROPERTIES } from './properties.js';
import { EnvironmentError } from '../../errors.js';
import { PLATFORMATIC_PROPERTIES } from './platformatic/properties.js';
import { LIBRDKAFKA_MAPPED, LIBRDKAFKA_PASSTHROUGH } from './librdkafka/config.js';

export type { CompressionCodec } from '../types.js';

export const KAFKA_CLIENT_NAMES = ['kafkajs', 'platformatic', 'librdkafka'] as const;
export type KafkaClientName = (typeof KAFKA_CLIENT_NAMES)[number];

export interface KafkaClientDescriptor {
  readonly name: KafkaClientName;
  /** One line for `mqload drivers list` and the README. */
  readonly summary: string;
  /** The npm package that must be resolvable for the client to load. */
  readonly packageName: string;
  /** Whether plain `npm ci` installs it (false: optional, see `install`). */
  readonly bundled: boolean;
  /** The command that installs it when it is missing. */
  readonly install: string;
  /** Compression codecs its producer can write. */
  readonly codecs: readonly CompressionCodec[];
  /** `driver.config` property names it understands; others are refused at validation. */
  readonly properties: ReadonlySet<string>;
  /**
   * How mqload runs this client's load workers: worker threads, or child processes for a native
   * addon that cannot run in worker threads (librdkafka's is not context-aware).
   */
  readonly isolation: 'thread' | 'process';
  readonly load: () => Promise<KafkaClientFactory>;
}

/** Properties the load layer itself maps for every client: the profile's producer settings by Kafka's names. */
const WORKLOAD_PROPERTIES = ['acks', 'enable.idempotence', 'compression.type', 'linger.ms', 'batch.num.messages', 'batch.size'];

/** Consumer properties kafkajs and mqload's consumer loop understand. */
const CONSUMER_PROPERTIES = [
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'fetch.max.wait.ms',
  'fetch.min.bytes',
  'max.partition.fetch.bytes',
  'fetch.max.bytes',
  'auto.commit.interval.ms',
  'max.poll.records',
];

const props = (...lists: readonly string[][]): ReadonlySet<string> => new Set(lists.flat());

export const KAFKA_CLIENTS: Record<KafkaClientName, KafkaClientDescriptor> = {
  kafkajs: {
    name: 'kafkajs',
    summary: 'kafkajs 2.2 (pure JavaScript); batching by mqload (linger.ms, batch.num.messages)',
    packageName: 'kafkajs',
    bundled: true,
    install: 'npm ci',
    codecs: ['none', 'gzip'],
    properties: props([...CONNECTION_PROPERTIES], WORKLOAD_PROPERTIES, CONSUMER_PROPERTIES, ['max.in.flight.requests.per.connection', 'partitions.consumed.concurrently']),
    isolation: 'thread',
    load: async () => (await import('./kafkajs/index.js')).default,
  },
  platformatic: {
    name: 'platformatic',
    summary: '@platformatic/kafka 1.35 (pure TypeScript); batching by mqload (linger.ms, batch.num.messages)',
    packageName: '@platformatic/kafka',
    bundled: true,
    install: 'npm ci',
    // snappy and lz4 come as WebAssembly with the library; zstd needs node:zlib's zstd (Node ≥ 22.15).
    codecs: 'zstdCompressSync' in zlib ? ['none', 'gzip', 'snappy', 'lz4', 'zstd'] : ['none', 'gzip', 'snappy', 'lz4'],
    properties: props([...CONNECTION_PROPERTIES], WORKLOAD_PROPERTIES, CONSUMER_PROPERTIES, [...PLATFORMATIC_PROPERTIES]),
    isolation: 'thread',
    load: async () => (await import('./platformatic/index.js')).default,
  },
  librdkafka: {
    name: 'librdkafka',
    summary: '@confluentinc/kafka-javascript 1.10 (librdkafka 2.15, native, built from source); batching by librdkafka; workers run as processes',
    packageName: '@confluentinc/kafka-javascript',
    bundled: false,
    install: 'npx mqload drivers install librdkafka',
    codecs: ['none', 'gzip', 'snappy', 'lz4', 'zstd'],
    properties: props([...CONNECTION_PROPERTIES], WORKLOAD_PROPERTIES, CONSUMER_PROPERTIES, [...LIBRDKAFKA_PASSTHROUGH], [...LIBRDKAFKA_MAPPED]),
    isolation: 'process',
    load: async () => (await import('./librdkafka/index.js')).default,
  },
};

const require = createRequire(import.meta.url);

/**
 * Whether a client's package resolves here. `MQLOAD_HIDE_CLIENTS` (comma-separated names) makes
 * clients look missing, so a test can check what a user without them sees.
 */
export function isClientInstalled(name: KafkaClientName): boolean {
  const hidden = (process.env.MQLOAD_HIDE_CLIENTS ?? '').split(',').map((s) => s.trim());
  if (hidden.includes(name)) return false;
  try {
    require.resolve(KAFKA_CLIENTS[name].packageName);
    return true;
  } catch {
    return false;
  }
}

/** The client used when a profile names none. */
export const DEFAULT_KAFKA_CLIENT: KafkaClientName = 'platformatic';

/** The descriptor of the client `driver.client` names (the default when it names none); undefined for an unknown name. */
export function kafkaClientOf(client: unknown): KafkaClientDescriptor | undefined {
  const name = client ?? DEFAULT_KAFKA_CLIENT;
  return typeof name === 'string' && Object.hasOwn(KAFKA_CLIENTS, name) ? KAFKA_CLIENTS[name as KafkaClientName] : undefined;
}

/** Throws an {@link EnvironmentError} (exit 4) with the install command when the client is not installed here. */
export function requireInstalled(d: KafkaClientDescriptor): void {
  if (!isClientInstalled(d.name)) {
    throw new EnvironmentError(`driver.client ${d.name} needs ${d.packageName}, which is not installed`, `install it with: ${d.install}`);
  }
}
