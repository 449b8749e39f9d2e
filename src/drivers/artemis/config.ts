/**
 * The Artemis part of a profile's `driver` section: `url` (the AMQP 1.0 connection, with its
 * secret) and client tuning in `driver.config` by clear names. One table ({@link ARTEMIS_TUNING_KEYS})
 * gives the TypeBox schema (unknown keys refused with their path) and the defaults.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { SECRET, Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';
import { DEFAULT_ARTEMIS_URL, endpointOf, localHttpPort } from './url.js';

/** Client tuning of the Artemis driver, every field filled in. */
export interface ArtemisTuning {
  /** Credit window of each consumer link: deliveries it may hold unsettled (the prefetch), messages. */
  prefetch: number;
  /** Most deliveries handed to the consumer handler in one batch, messages. */
  consumerBatch: number;
  /** TCP + SASL + open handshake timeout per connection, ms. */
  connectionTimeoutMs: number;
  /** AMQP idle time-out the client announces (the peer sends heartbeats at half of it), ms; 0 = none. */
  idleTimeoutMs: number;
  /** `amqps://`: verify the server certificate. */
  tlsRejectUnauthorized: boolean;
  /** Jolokia base URL for topology, cleanup and queue depths ('' = `http://<amqp host>:8161/console/jolokia`, or the local broker's web port). */
  managementUrl: string;
}

type KeySpec = { kind: 'integer'; min: number; max: number; description: string } | { kind: 'boolean' | 'string'; description: string };

/** Every `driver.config` key the Artemis driver understands. */
export const ARTEMIS_TUNING_KEYS: { readonly [K in keyof ArtemisTuning]: KeySpec } = {
  prefetch: { kind: 'integer', min: 1, max: 100000, description: 'credit window per consumer (unsettled deliveries it may hold), messages; default 500' },
  consumerBatch: { kind: 'integer', min: 1, max: 100000, description: 'most deliveries per handler batch; default 500' },
  connectionTimeoutMs: { kind: 'integer', min: 100, max: 600000, description: 'connection handshake timeout, ms; default 10000' },
  idleTimeoutMs: { kind: 'integer', min: 0, max: 3600000, description: 'AMQP idle time-out (heartbeats at half of it), ms; 0 = off; default 30000' },
  tlsRejectUnauthorized: { kind: 'boolean', description: 'amqps: verify the server certificate; default true' },
  managementUrl: { kind: 'string', description: 'Jolokia base URL for topology, cleanup and queue depths, e.g. http://127.0.0.1:8161/console/jolokia; default the AMQP host on port 8161 (the local broker: its own web port)' },
};

export const DEFAULT_ARTEMIS_TUNING: ArtemisTuning = {
  prefetch: 500,
  consumerBatch: 500,
  connectionTimeoutMs: 10000,
  idleTimeoutMs: 30000,
  tlsRejectUnauthorized: true,
  managementUrl: '',
};

/** TypeBox schema of `driver.config` for Artemis (unknown keys refused). */
export const ArtemisConfigSchema: TObject = Strict(
  Object.fromEntries(
    Object.entries(ARTEMIS_TUNING_KEYS).map(([k, s]) => [
      k,
      Type.Optional(s.kind === 'integer' ? Type.Integer({ minimum: s.min, maximum: s.max, description: s.description }) : s.kind === 'boolean' ? Type.Boolean({ description: s.description }) : Type.String({ description: s.description })),
    ]),
  ),
  { description: 'Artemis AMQP 1.0 client tuning (prefetch, consumerBatch, idleTimeoutMs, managementUrl, …)' },
);

/** TypeBox schema of the whole `driver` section when `type` is artemis. */
export const ArtemisDriverSchema: TObject = Strict(
  {
    type: Type.Literal('artemis', { description: 'broker kind: Apache ActiveMQ Artemis over AMQP 1.0' }),
    url: Type.Optional(
      // No pattern: a schema error would echo the value with its password; the check `artemis-url` judges it.
      Type.String({
        minLength: 1,
        ...SECRET,
        description: `amqp(s)://user:password@host:port; default ${DEFAULT_ARTEMIS_URL}. Without a password, the local broker's (mqload local up --broker artemis). The password is never written out`,
      }),
    ),
    config: Type.Optional(ArtemisConfigSchema),
  },
  { description: 'how to reach and tune the Artemis AMQP 1.0 client (separate from the workload)' },
);

/** The tuning of a validated config, defaults filled in. */
export function artemisTuningOf(config: DriverConfig): ArtemisTuning {
  const src = config.config ?? {};
  const out = { ...DEFAULT_ARTEMIS_TUNING } as unknown as Record<string, unknown>;
  for (const key of Object.keys(ARTEMIS_TUNING_KEYS)) if (src[key] !== undefined) out[key] = src[key];
  return out as unknown as ArtemisTuning;
}

/** The Jolokia base URL of a config (no trailing slash): `managementUrl`, the local broker's, or the AMQP host on 8161. */
export function jolokiaUrlOf(config: DriverConfig): string {
  const given = artemisTuningOf(config).managementUrl;
  if (given !== '') return given.replace(/\/+$/, '');
  const e = endpointOf(config);
  const host = !e ? '127.0.0.1' : e.host.includes(':') ? `[${e.host}]` : e.host;
  return `http://${host}:${localHttpPort(config) ?? 8161}/console/jolokia`;
}
