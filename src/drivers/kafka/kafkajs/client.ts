/**
 * Builds the kafkajs client from a {@link DriverConfig}. Accepts Kafka's own property names
 * where kafkajs has an equivalent (`client.id`, `request.timeout.ms`, `connections.timeout.ms`
 * (kafkajs `connectionTimeout`), `retries`, `ssl`, `sasl.mechanism`, `sasl.username`, `sasl.password`).
 * The driver's admin client is built here whatever `driver.client` is.
 */
import kafkajs from 'kafkajs';
import type { KafkaConfig, SASLOptions, logCreator as LogCreator } from 'kafkajs';
import type { DriverConfig } from '../../types.js';
import { numberProp } from '../properties.js';

const { Kafka, logLevel } = kafkajs;

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
