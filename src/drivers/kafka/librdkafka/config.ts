/**
 * mqload's options and `driver.config` → librdkafka configuration. librdkafka speaks Kafka's
 * property names, so most properties pass through unchanged ({@link LIBRDKAFKA_PASSTHROUGH});
 * the few names mqload accepts for every client (kafkajs-style `ssl`, `sasl.mechanism`,
 * `connections.timeout.ms`, Java's `fetch.max.wait.ms`) are mapped to librdkafka's, and the
 * workload's producer settings (acks, compression, idempotence, batching, window) come from
 * {@link ProducerOptions}. `max.poll.records` and `auto.commit.interval.ms` are mqload's
 * consumer loop's own (see consumer.ts). Nothing here imports the library.
 */
import type { DriverConfig, ProducerOptions } from '../../types.js';
import { numberProp, producerBatching, stringProp } from '../properties.js';
import type { RdConfig } from './binding.js';

/** Producer tuning passed through verbatim. */
const PRODUCER_PASSTHROUGH = [
  'max.in.flight.requests.per.connection',
  'queue.buffering.max.messages',
  'queue.buffering.max.kbytes',
  'queue.buffering.max.ms',
  'message.max.bytes',
  'message.timeout.ms',
  'delivery.timeout.ms',
  'retry.backoff.ms',
  'compression.level',
  'partitioner',
  'sticky.partitioning.linger.ms',
  'socket.nagle.disable',
  'statistics.interval.ms',
];

/** Consumer tuning passed through verbatim (only to consumers: librdkafka warns about them on a producer). */
const CONSUMER_PASSTHROUGH = [
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'max.poll.interval.ms',
  'fetch.wait.max.ms',
  'fetch.min.bytes',
  'fetch.max.bytes',
  'max.partition.fetch.bytes',
  'queued.min.messages',
  'queued.max.messages.kbytes',
  'partition.assignment.strategy',
  'auto.offset.reset',
];

/** Security settings passed through verbatim to both. */
const SECURITY_PASSTHROUGH = [
  'security.protocol',
  'sasl.mechanisms',
  'ssl.ca.location',
  'ssl.certificate.location',
  'ssl.key.location',
  'ssl.key.password',
  'ssl.endpoint.identification.algorithm',
  'enable.ssl.certificate.verification',
];

/** librdkafka properties passed through verbatim (producer, consumer and security tuning). */
export const LIBRDKAFKA_PASSTHROUGH: readonly string[] = [...PRODUCER_PASSTHROUGH, ...CONSUMER_PASSTHROUGH, ...SECURITY_PASSTHROUGH];

/** Properties the librdkafka client reads itself (mapped, not passed through). */
export const LIBRDKAFKA_MAPPED: readonly string[] = ['fetch.max.wait.ms', 'max.poll.records', 'auto.commit.interval.ms'];

/** librdkafka's default `queue.buffering.max.messages`. */
const DEFAULT_QUEUE_MESSAGES = 100000;

/** Connection, security and client-id settings common to producers and consumers. */
export function commonConfig(config: DriverConfig, clientId: string): RdConfig {
  const props = config.config ?? {};
  const out: RdConfig = {
    'bootstrap.servers': config.brokers.join(','),
    'client.id': stringProp(config, 'client.id') ?? clientId,
    'socket.connection.setup.timeout.ms': numberProp(config, 'connections.timeout.ms', numberProp(config, 'connection.timeout.ms', 30000)),
    // librdkafka logs to stderr by default; errors reach mqload as `event.error` instead.
    log_level: 3,
  };
  const ssl = props['ssl'] === true || props['ssl'] === 'true';
  const mechanism = stringProp(config, 'sasl.mechanism');
  if (mechanism) {
    out['sasl.mechanisms'] = mechanism.toUpperCase();
    out['security.protocol'] = ssl ? 'sasl_ssl' : 'sasl_plaintext';
    const user = stringProp(config, 'sasl.username');
    const password = stringProp(config, 'sasl.password');
    if (user !== undefined) out['sasl.username'] = user;
    if (password !== undefined) out['sasl.password'] = password;
  } else if (ssl) out['security.protocol'] = 'ssl';
  return out;
}

/** Passes through the properties of one kind of client. */
function passthrough(config: DriverConfig, kind: 'producer' | 'consumer'): RdConfig {
  const out: RdConfig = {};
  for (const name of [...(kind === 'producer' ? PRODUCER_PASSTHROUGH : CONSUMER_PASSTHROUGH), ...SECURITY_PASSTHROUGH]) {
    const v = config.config?.[name];
    if (v !== undefined) out[name] = v;
  }
  return out;
}

/**
 * A producer's configuration. Sync mode never lingers (linger 0, one message per request); the
 * local queue holds at least the load layer's window; keys are partitioned with murmur2 like the
 * Java client (`murmur2_random`: null keys spread at random, sticky per batch).
 */
export function producerConfig(config: DriverConfig, clientId: string, opts: ProducerOptions): RdConfig {
  const batching = producerBatching(config, opts.batching, opts.mode);
  const out: RdConfig = {
    ...commonConfig(config, clientId),
    partitioner: 'murmur2_random',
    ...passthrough(config, 'producer'),
    acks: opts.acks,
    'compression.type': opts.compression,
    'enable.idempotence': opts.idempotent,
    'linger.ms': batching.lingerMs,
    'batch.num.messages': Math.min(batching.maxRecords, 1000000),
    // librdkafka caps batch.size at message.max.bytes (1000000 by default).
    'batch.size': Math.min(batching.maxBytes, numberProp(config, 'message.max.bytes', 1000000)),
    'request.timeout.ms': opts.timeoutMs ?? numberProp(config, 'request.timeout.ms', 30000),
    'queue.buffering.max.messages': Math.max(numberProp(config, 'queue.buffering.max.messages', DEFAULT_QUEUE_MESSAGES), opts.window * 2),
    dr_cb: true,
  };
  // Idempotence needs librdkafka's own retries (it refuses retries 0 with it).
  if (!opts.idempotent) out['message.send.max.retries'] = opts.retries;
  const inFlight = opts.maxInFlightRequests ?? numberProp(config, 'max.in.flight.requests.per.connection', 0);
  if (inFlight > 0) out['max.in.flight.requests.per.connection'] = opts.idempotent ? Math.min(inFlight, 5) : inFlight;
  return out;
}

/** A consumer's configuration: offsets are committed by mqload (see consumer.ts), never by librdkafka on its own. */
export function consumerConfig(config: DriverConfig, clientId: string, groupId: string): { global: RdConfig; topic: RdConfig } {
  const pass = passthrough(config, 'consumer');
  const reset = pass['auto.offset.reset'] ?? 'earliest';
  delete pass['auto.offset.reset'];
  const global: RdConfig = {
    ...commonConfig(config, clientId),
    'group.id': groupId,
    'enable.auto.commit': false,
    'enable.auto.offset.store': false,
    'fetch.wait.max.ms': numberProp(config, 'fetch.max.wait.ms', 500),
    ...pass,
  };
  return { global, topic: { 'auto.offset.reset': reset } };
}
