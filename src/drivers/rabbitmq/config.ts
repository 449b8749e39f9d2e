/**
 * The RabbitMQ part of a profile's `driver` section: `url` (the connection, with its secret) and
 * client tuning in `driver.config` by clear names. One table ({@link TUNING_KEYS}) gives the
 * TypeBox schema (unknown keys refused with their path) and the defaults, so they cannot disagree.
 */
import { Type, type TObject, type TSchema } from '@sinclair/typebox';
import { SECRET, Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';
import { DEFAULT_RABBITMQ_URL } from './url.js';

/** Client tuning of the RabbitMQ driver, every field filled in. */
export interface RabbitTuning {
  /** Unacknowledged deliveries a consumer channel may hold (`basic.qos` prefetch count), messages. */
  prefetch: number;
  /** Largest AMQP frame the client proposes, bytes (the server may lower it). */
  frameMax: number;
  /** Heartbeat interval the client proposes, seconds (0 = none). */
  heartbeat: number;
  /** Most channels per connection the client proposes (0 = the server's limit). */
  channelMax: number;
  /** Publish with `mandatory`: an unroutable message comes back (basic.return) and is counted as failed. Needs confirms. */
  mandatory: boolean;
  /** TCP + AMQP handshake timeout per connection, ms. */
  connectionTimeoutMs: number;
  /** Most deliveries handed to the consumer handler in one batch, messages. */
  consumerBatch: number;
  /** `amqps://`: verify the server certificate. */
  tlsRejectUnauthorized: boolean;
  /** `amqps://`: a PEM file of CA certificates to trust ('' = the system's). */
  tlsCaFile: string;
  /** `amqps://`: a PEM client certificate (with {@link tlsKeyFile}) for brokers that verify peers ('' = none). */
  tlsCertFile: string;
  /** `amqps://`: the PEM private key of {@link tlsCertFile} ('' = none). Secret. */
  tlsKeyFile: string;
  /** `amqps://`: the passphrase of an encrypted {@link tlsKeyFile} ('' = none). Secret. */
  tlsKeyPassphrase: string;
  /** `amqps://`: the host name sent in SNI and checked against the certificate ('' = the URL's host). */
  tlsServername: string;
  /** Management HTTP API base for whole queue depths ('' = `http://<amqp host>:15672`). */
  managementUrl: string;
}

interface KeySpec {
  kind: 'integer' | 'boolean' | 'string';
  min?: number;
  max?: number;
  /** The value is a secret: hidden in everything mqload writes (see profile/redact.ts). */
  secret?: true;
  description: string;
}

/** Every `driver.config` key the RabbitMQ driver understands. */
export const TUNING_KEYS: { readonly [K in keyof RabbitTuning]: KeySpec } = {
  prefetch: { kind: 'integer', min: 1, max: 65535, description: 'unacknowledged deliveries per consumer (basic.qos), messages; default 500' },
  frameMax: { kind: 'integer', min: 4096, max: 1048576, description: 'largest AMQP frame, bytes; default 131072' },
  heartbeat: { kind: 'integer', min: 0, max: 3600, description: 'heartbeat interval, s (0 = off); default 60' },
  channelMax: { kind: 'integer', min: 0, max: 65535, description: 'channels per connection (0 = server limit); default 0' },
  mandatory: { kind: 'boolean', description: 'publish mandatory: unroutable messages are returned and counted as failed (needs confirms); default false' },
  connectionTimeoutMs: { kind: 'integer', min: 100, max: 600000, description: 'connection handshake timeout, ms; default 10000' },
  consumerBatch: { kind: 'integer', min: 1, max: 100000, description: 'most deliveries per handler batch; default 500' },
  tlsRejectUnauthorized: { kind: 'boolean', description: 'amqps: verify the server certificate; default true' },
  tlsCaFile: { kind: 'string', description: 'amqps: PEM file of the CA certificates to trust (default: the system\'s)' },
  tlsCertFile: { kind: 'string', description: 'amqps: PEM client certificate, for brokers that verify peers (with tlsKeyFile)' },
  tlsKeyFile: { kind: 'string', secret: true, description: 'amqps: PEM private key of tlsCertFile (never written out)' },
  tlsKeyPassphrase: { kind: 'string', secret: true, description: 'amqps: passphrase of an encrypted tlsKeyFile (never written out)' },
  tlsServername: { kind: 'string', description: 'amqps: host name for SNI and the certificate check (default: the driver.url host)' },
  managementUrl: { kind: 'string', description: 'management HTTP API base for backlog depths (ready + unacked), e.g. http://127.0.0.1:15672; default the AMQP host on port 15672' },
};

export const DEFAULT_TUNING: RabbitTuning = {
  prefetch: 500,
  frameMax: 131072,
  heartbeat: 60,
  channelMax: 0,
  mandatory: false,
  connectionTimeoutMs: 10000,
  consumerBatch: 500,
  tlsRejectUnauthorized: true,
  tlsCaFile: '',
  tlsCertFile: '',
  tlsKeyFile: '',
  tlsKeyPassphrase: '',
  tlsServername: '',
  managementUrl: '',
};

function keySchema(s: KeySpec): TSchema {
  if (s.kind === 'integer') return Type.Integer({ minimum: s.min, maximum: s.max, description: s.description });
  if (s.kind === 'boolean') return Type.Boolean({ description: s.description });
  return Type.String({ description: s.description, ...(s.secret ? SECRET : {}) });
}

/** TypeBox schema of `driver.config` for RabbitMQ (unknown keys refused). */
export const RabbitConfigSchema: TObject = Strict(
  Object.fromEntries(Object.entries(TUNING_KEYS).map(([k, s]) => [k, Type.Optional(keySchema(s))])),
  { description: 'RabbitMQ client tuning (prefetch, frameMax, heartbeat, …)' },
);

/** TypeBox schema of the whole `driver` section when `type` is rabbitmq. */
export const RabbitDriverSchema: TObject = Strict(
  {
    type: Type.Literal('rabbitmq', { description: 'broker kind' }),
    url: Type.Optional(
      // No pattern: a schema error would echo the value with its password; the check `rabbitmq-driver-fields` judges it.
      Type.String({
        minLength: 1,
        ...SECRET,
        description: `amqp(s)://user:password@host:port/vhost (vhost "/" is %2F); default ${DEFAULT_RABBITMQ_URL}. The password is never written out`,
      }),
    ),
    config: Type.Optional(RabbitConfigSchema),
  },
  { description: 'how to reach and tune the RabbitMQ client (separate from the workload)' },
);

/** The tuning of a validated config, defaults filled in. */
export function tuningOf(config: DriverConfig): RabbitTuning {
  const out: RabbitTuning = { ...DEFAULT_TUNING };
  const src = config.config ?? {};
  for (const key of Object.keys(TUNING_KEYS) as Array<keyof RabbitTuning>) {
    const v = src[key];
    if (v !== undefined) (out as unknown as Record<string, unknown>)[key] = v;
  }
  return out;
}

/** The connection URL of a config (the default local broker when none is given). Holds the secret. */
export function urlOf(config: DriverConfig): string {
  return config.url ?? DEFAULT_RABBITMQ_URL;
}
