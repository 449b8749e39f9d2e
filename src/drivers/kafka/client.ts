/**
 * Builds the kafkajs client from a {@link DriverConfig}. Accepts Kafka's own property names
 * where kafkajs has an equivalent (`client.id`, `request.timeout.ms`, `connections.timeout.ms`
 * (kafkajs `connectionTimeout`), `retries`, `ssl`, `sasl.mechanism`, `sasl.username`, `sasl.password`);
 * unknown properties are ignored by the client and listed by {@link unsupportedProperties}.
 */
import kafkajs from 'kafkajs';
import type { KafkaConfig, SASLOptions, logCreator as LogCreator } from 'kafkajs';
import type { DriverConfig } from '../types.js';

const { Kafka, logLevel } = kafkajs;

/** Properties this driver maps to kafkajs options (client level), plus producer/consumer level ones read elsewhere. */
export const KNOWN_PROPERTIES = new Set([
  'client.id',
  'request.timeout.ms',
  'connections.timeout.ms',
  'connection.timeout.ms',
  'retries',
  'ssl',
  'sasl.mechanism',
  'sasl.username',
  'sasl.password',
  'session.timeout.ms',
  'heartbeat.interval.ms',
  'fetch.max.wait.ms',
  'fetch.min.bytes',
  'max.partition.fetch.bytes',
  'max.in.flight.requests.per.connection',
  'auto.commit.interval.ms',
  'partitions.consumed.concurrently',
  'max.poll.records',
]);

/** Client properties of a config that this driver does not understand (for a warning, not an error). */
export function unsupportedProperties(config: DriverConfig): string[] {
  return Object.keys(config.config ?? {}).filter((k) => !KNOWN_PROPERTIES.has(k));
}

/** Reads a numeric property, or `fallback`. */
export function numberProp(config: DriverConfig, name: string, fallback: number): number {
  const v = config.config?.[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/** Log sink for client messages: level name and text. The driver counts them; nothing is printed. */
export type ClientLogListener = (level: 'error' | 'warn' | 'info', message: string) => void;

/** Creates a kafkajs `Kafka` instance whose logs go to `onLog` instead of stdout. */
export function createKafkaClient(config: DriverConfig, clientId: string, onLog: ClientLogListener): InstanceType<typeof Kafka> {
  const props = config.config ?? {};
  const logCreator: LogCreator = () => ({ level, log }) => {
    const text = `${log.message}${log.error ? `: ${String(log.error)}` : ''}`;
    if (level === logLevel.ERROR) onLog('error', text);
    else if (level === logLevel.WARN) onLog('warn', text);
    else onLog('info', text);
  };
  const kafkaConfig: KafkaConfig = {
    clientId: typeof props['client.id'] === 'string' ? props['client.id'] : clientId,
    brokers: config.brokers,
    logLevel: logLevel.WARN,
    logCreator,
    connectionTimeout: numberProp(config, 'connections.timeout.ms', numberProp(config, 'connection.timeout.ms', 3000)),
    requestTimeout: numberProp(config, 'request.timeout.ms', 30000),
    retry: { retries: numberProp(config, 'retries', 5), initialRetryTime: 100, maxRetryTime: 2000 },
  };
  if (props['ssl'] === true || props['ssl'] === 'true') kafkaConfig.ssl = true;
  const mechanism = props['sasl.mechanism'];
  if (typeof mechanism === 'string') {
    const m = mechanism.toLowerCase();
    if (m === 'plain' || m === 'scram-sha-256' || m === 'scram-sha-512') {
      kafkaConfig.sasl = { mechanism: m, username: String(props['sasl.username'] ?? ''), password: String(props['sasl.password'] ?? '') } as SASLOptions;
    }
  }
  return new Kafka(kafkaConfig);
}
