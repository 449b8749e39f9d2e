/**
 * Maps mqload's options and Kafka's own property names in `driver.config` to @platformatic/kafka
 * options. Connection: `client.id`, `request.timeout.ms`, `connections.timeout.ms` (or
 * `connection.timeout.ms`), `retries`, `retry.backoff.ms`, `retry.backoff.max.ms`, `metadata.max.age.ms`, `ssl` (true, or
 * the `ssl.*.location` files), `sasl.mechanism` (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512),
 * `sasl.username`, `sasl.password`. Producer: `max.in.flight.requests.per.connection`. Consumer:
 * `session.timeout.ms`, `heartbeat.interval.ms`, `rebalance.timeout.ms`, `fetch.min.bytes`,
 * `fetch.max.bytes`, `fetch.max.wait.ms`, `max.partition.fetch.bytes`, `isolation.level`,
 * `auto.commit.interval.ms`, `max.poll.records`. The workload's own properties (`acks`,
 * `linger.ms`, `batch.size`, …) arrive already mapped in {@link ProducerOptions}.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions as TlsOptions } from 'node:tls';
import type { SASLOptions } from '@platformatic/kafka';
import { ConfigError } from '../../../errors.js';
import type { ClientEvent, DriverConfig, ProducerOptions } from '../../types.js';
import { boolProp, numberProp, stringProp } from '../properties.js';
export { PLATFORMATIC_PROPERTIES } from './properties.js';


/** Options every @platformatic/kafka client (producer, consumer) takes. */
export interface BaseClientOptions {
  clientId: string;
  bootstrapBrokers: string[];
  connectTimeout: number;
  requestTimeout: number;
  /** Ack timeout the library puts in each produce request, ms. */
  timeout: number;
  retries: number;
  /** ms before retry `attempt` (1, 2, …). */
  retryDelay: (client: unknown, operationId: string, attempt: number) => number;
  metadataMaxAge?: number;
  tls?: TlsOptions;
  sasl?: SASLOptions;
}

/** A bad `driver.config` value, reported at its profile path. */
function configError(property: string, message: string, hint: string): ConfigError {
  return new ConfigError('driver.config', [{ path: `/driver/config/${property}`, message, hint }]);
}

const SASL_MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

function tlsOptions(config: DriverConfig): TlsOptions | undefined {
  const file = (name: string): Buffer | undefined => {
    const path = stringProp(config, name);
    if (path === undefined) return undefined;
    try {
      return readFileSync(path);
    } catch (err) {
      throw configError(name, `cannot read ${path}: ${(err as Error).message}`, 'give the path of a readable PEM file');
    }
  };
  const ca = file('ssl.ca.location');
  const cert = file('ssl.certificate.location');
  const key = file('ssl.key.location');
  if (!boolProp(config, 'ssl', false) && !ca && !cert && !key) return undefined;
  const tls: TlsOptions = {};
  if (ca) tls.ca = ca;
  if (cert) tls.cert = cert;
  if (key) tls.key = key;
  const passphrase = stringProp(config, 'ssl.key.password');
  if (passphrase !== undefined) tls.passphrase = passphrase;
  return tls;
}

function saslOptions(config: DriverConfig): SASLOptions | undefined {
  const raw = stringProp(config, 'sasl.mechanism');
  if (raw === undefined) return undefined;
  const mechanism = SASL_MECHANISMS.find((m) => m === raw.toUpperCase());
  if (!mechanism) throw configError('sasl.mechanism', `"${raw}" is not supported by the platformatic client`, `use one of ${SASL_MECHANISMS.join(', ')}`);
  return { mechanism, username: stringProp(config, 'sasl.username') ?? '', password: stringProp(config, 'sasl.password') ?? '' };
}

/**
 * Kafka's retry backoff: `retry.backoff.ms` doubling per attempt up to `retry.backoff.max.ms`,
 * ±20 % jitter (the library's own is a fixed delay, which spends 5 retries in half a second).
 */
export function backoff(baseMs: number, maxMs: number): (client: unknown, operationId: string, attempt: number) => number {
  return (_client, _op, attempt) => {
    const ms = Math.min(Math.max(baseMs, maxMs), baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(ms * (0.8 + 0.4 * Math.random()));
  };
}

/** Connection, retry and security options from `driver.config`. */
export function baseOptions(config: DriverConfig, clientId: string, retries = numberProp(config, 'retries', 5)): BaseClientOptions {
  const requestTimeout = numberProp(config, 'request.timeout.ms', 30000);
  const opts: BaseClientOptions = {
    clientId: stringProp(config, 'client.id') ?? clientId,
    bootstrapBrokers: config.brokers,
    connectTimeout: numberProp(config, 'connections.timeout.ms', numberProp(config, 'connection.timeout.ms', 3000)),
    requestTimeout,
    timeout: requestTimeout,
    retries: Math.max(0, Math.floor(retries)),
    retryDelay: backoff(Math.max(0, numberProp(config, 'retry.backoff.ms', 100)), Math.max(0, numberProp(config, 'retry.backoff.max.ms', 1000))),
  };
  const metadataMaxAge = numberProp(config, 'metadata.max.age.ms', NaN);
  if (Number.isFinite(metadataMaxAge)) opts.metadataMaxAge = metadataMaxAge;
  const tls = tlsOptions(config);
  if (tls) opts.tls = tls;
  const sasl = saslOptions(config);
  if (sasl) opts.sasl = sasl;
  return opts;
}

/** Requests in flight per connection: the producer's own limit, else the property, else the library's 5. */
export function maxInflights(config: DriverConfig, opts: ProducerOptions): number {
  const n = opts.maxInFlightRequests ?? numberProp(config, 'max.in.flight.requests.per.connection', 5);
  return Math.max(1, Math.floor(n));
}

/** Consumer tuning from `driver.config`, with Kafka's (Java client's) defaults where the library's differ. */
export interface ConsumerTuning {
  sessionTimeout: number;
  heartbeatInterval: number;
  rebalanceTimeout: number;
  minBytes: number;
  maxBytes: number;
  maxWaitTime: number;
  maxBytesPerPartition: number;
  /** 0 = read_uncommitted, 1 = read_committed. */
  isolationLevel: 0 | 1;
  autoCommitIntervalMs: number;
  /** Most messages handed to the handler at once. */
  maxPollRecords: number;
}

/**
 * Default `max.partition.fetch.bytes` for this client, bytes: 256 KiB where Kafka's is 1 MiB. The
 * library parses a whole fetch response into objects (several per record) before handing any
 * over, so a response of 6 partitions × 1 MiB of 1 KiB records keeps ~6,000 records and their
 * messages alive across young-generation collections; they are copied and promoted, and the
 * garbage collector took about a third of the consumer's CPU. A quarter of it per partition
 * measured about 10–20 % less CPU per message, at the same rate (1 KiB backlog, one broker;
 * README "Benchmark"). A per-partition limit, not `fetch.max.bytes`: the library asks for the
 * partitions in the same order every time, so a small total would serve the first ones only.
 */
export const PLATFORMATIC_PARTITION_FETCH_BYTES = 262144;

export function consumerTuning(config: DriverConfig): ConsumerTuning {
  const isolation = (stringProp(config, 'isolation.level') ?? 'read_committed').toLowerCase();
  if (isolation !== 'read_committed' && isolation !== 'read_uncommitted') {
    throw configError('isolation.level', `"${isolation}" is not a Kafka isolation level`, 'use read_committed or read_uncommitted');
  }
  return {
    sessionTimeout: numberProp(config, 'session.timeout.ms', 30000),
    heartbeatInterval: numberProp(config, 'heartbeat.interval.ms', 3000),
    rebalanceTimeout: numberProp(config, 'rebalance.timeout.ms', 60000),
    minBytes: numberProp(config, 'fetch.min.bytes', 1),
    maxBytes: numberProp(config, 'fetch.max.bytes', 52428800),
    maxWaitTime: numberProp(config, 'fetch.max.wait.ms', 500),
    maxBytesPerPartition: numberProp(config, 'max.partition.fetch.bytes', PLATFORMATIC_PARTITION_FETCH_BYTES),
    isolationLevel: isolation === 'read_committed' ? 1 : 0,
    autoCommitIntervalMs: Math.max(1, numberProp(config, 'auto.commit.interval.ms', 5000)),
    maxPollRecords: Math.max(1, Math.floor(numberProp(config, 'max.poll.records', 500))),
  };
}

/** Forwards the library's retry events of a producer or consumer as mqload client events. */
export function forwardRetries(client: object, emit: (event: ClientEvent) => void): void {
  // The library types its events per client; 'client:performWithRetry:retry' is emitted by all.
  const c = client as { on(event: string, listener: (operationId: string, attempt: number) => void): unknown };
  c.on('client:performWithRetry:retry', (operationId, attempt) => emit({ type: 'retry', reason: `${operationId} retry ${attempt + 1}` }));
}
