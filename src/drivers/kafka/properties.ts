/**
 * Reading Kafka client properties from `driver.config`, by Kafka's own names. Every client
 * understands the connection properties listed in {@link CONNECTION_PROPERTIES} (the driver's
 * admin client reads them too); each client adds its own in its descriptor (`clients.ts`).
 */
import type { DriverConfig } from '../types.js';

/** Connection and security properties every Kafka client of mqload accepts. */
export const CONNECTION_PROPERTIES: readonly string[] = [
  'client.id',
  'request.timeout.ms',
  'connections.timeout.ms',
  'connection.timeout.ms',
  'retries',
  'ssl',
  'sasl.mechanism',
  'sasl.username',
  'sasl.password',
];

/** Properties whose values are secrets (never printed or written). */
export const SECRET_PROPERTIES: ReadonlySet<string> = new Set(['sasl.password', 'ssl.key.password', 'sasl.jaas.config']);

/** Reads a numeric property, or `fallback` when absent or not a number. */
export function numberProp(config: DriverConfig, name: string, fallback: number): number {
  const v = config.config?.[name];
  if (v === undefined) return fallback;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : fallback;
}

/** Reads a string property (numbers and booleans as their text), or undefined. */
export function stringProp(config: DriverConfig, name: string): string | undefined {
  const v = config.config?.[name];
  return v === undefined ? undefined : String(v);
}

/** Reads a boolean property (`true`/`false` as booleans or strings), or `fallback`. */
export function boolProp(config: DriverConfig, name: string, fallback: boolean): boolean {
  const v = config.config?.[name];
  if (v === undefined) return fallback;
  if (typeof v === 'boolean') return v;
  const s = String(v).toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : fallback;
}

/**
 * The producer's effective batching: Kafka's `linger.ms` and `batch.num.messages` (librdkafka's
 * name; messages per request) override the workload's hint; `batch.size` bounds a batch in bytes
 * (default 1 MiB, the broker's default `message.max.bytes`). Sync mode never lingers.
 */
export function producerBatching(
  config: DriverConfig,
  hint: { maxRecords: number; lingerMs: number },
  mode: 'sync' | 'async' | 'oneway',
): { maxRecords: number; maxBytes: number; lingerMs: number } {
  if (mode === 'sync') return { maxRecords: 1, maxBytes: Number.MAX_SAFE_INTEGER, lingerMs: 0 };
  return {
    maxRecords: Math.max(1, Math.floor(numberProp(config, 'batch.num.messages', hint.maxRecords))),
    maxBytes: Math.max(1, numberProp(config, 'batch.size', 1048576)),
    lingerMs: Math.max(0, numberProp(config, 'linger.ms', hint.lingerMs)),
  };
}

/** The producer acks a Kafka `acks` property value means, or undefined when it is not one. */
export function acksFromProperty(v: unknown): 'all' | 0 | 1 | undefined {
  const s = String(v).toLowerCase();
  return s === 'all' || s === '-1' ? 'all' : s === '0' ? 0 : s === '1' ? 1 : undefined;
}
