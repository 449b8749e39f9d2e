/**
 * The ActiveMQ Classic part of a profile's `driver` section: `url` (the AMQP 1.0 connection,
 * with its secret) and client tuning in `driver.config`. The tuning keys are the AMQP 1.0
 * driver's, as for Artemis (`../artemis/config.ts`); only `managementUrl` means Classic's
 * Jolokia (the web console's `/api/jolokia`, or the local broker's Jolokia agent).
 */
import { Type, type TObject } from '@sinclair/typebox';
import { SECRET, Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';
import { ARTEMIS_TUNING_KEYS, DEFAULT_ARTEMIS_TUNING, artemisTuningOf, type ArtemisTuning } from '../artemis/config.js';
import { DEFAULT_ACTIVEMQ_URL, activemqEndpointOf, localJolokiaPort } from './url.js';

/** Client tuning of the ActiveMQ driver, every field filled in (same fields as Artemis's). */
export type ActivemqTuning = ArtemisTuning;

/** Every `driver.config` key the ActiveMQ driver understands. */
export const ACTIVEMQ_TUNING_KEYS = {
  ...ARTEMIS_TUNING_KEYS,
  managementUrl: {
    kind: 'string',
    description: 'Jolokia base URL for queue creation, cleanup and depths, e.g. http://127.0.0.1:8161/api/jolokia (the web console); default the AMQP host on 8161 (the local broker: its Jolokia agent)',
  },
} as const;

export const DEFAULT_ACTIVEMQ_TUNING: ActivemqTuning = DEFAULT_ARTEMIS_TUNING;

/** TypeBox schema of `driver.config` for ActiveMQ (unknown keys refused). */
export const ActivemqConfigSchema: TObject = Strict(
  Object.fromEntries(
    Object.entries(ACTIVEMQ_TUNING_KEYS).map(([k, s]) => [
      k,
      Type.Optional(s.kind === 'integer' ? Type.Integer({ minimum: s.min, maximum: s.max, description: s.description }) : s.kind === 'boolean' ? Type.Boolean({ description: s.description }) : Type.String({ description: s.description })),
    ]),
  ),
  { description: 'ActiveMQ Classic AMQP 1.0 client tuning (prefetch, consumerBatch, idleTimeoutMs, managementUrl, …)' },
);

/** TypeBox schema of the whole `driver` section when `type` is activemq. */
export const ActivemqDriverSchema: TObject = Strict(
  {
    type: Type.Literal('activemq', { description: 'broker kind: Apache ActiveMQ Classic over AMQP 1.0' }),
    url: Type.Optional(
      // No pattern: a schema error would echo the value with its password; the check `activemq-url` judges it.
      Type.String({
        minLength: 1,
        ...SECRET,
        description: `amqp(s)://user:password@host:port; default ${DEFAULT_ACTIVEMQ_URL}. Without a password, the local broker's (mqload local up --broker activemq). The password is never written out`,
      }),
    ),
    config: Type.Optional(ActivemqConfigSchema),
  },
  { description: 'how to reach and tune the ActiveMQ Classic AMQP 1.0 client (separate from the workload)' },
);

/** The tuning of a validated config, defaults filled in (the keys are Artemis's, so is the reading). */
export const activemqTuningOf: (config: DriverConfig) => ActivemqTuning = artemisTuningOf;

/** The Jolokia base URL of a config (no trailing slash): `managementUrl`, the local broker's agent, or the AMQP host's web console on 8161. */
export function activemqJolokiaUrlOf(config: DriverConfig): string {
  const given = activemqTuningOf(config).managementUrl;
  if (given !== '') return given.replace(/\/+$/, '');
  const local = localJolokiaPort(config);
  if (local !== undefined) return `http://127.0.0.1:${local}/jolokia`;
  const e = activemqEndpointOf(config);
  const host = !e ? '127.0.0.1' : e.host.includes(':') ? `[${e.host}]` : e.host;
  return `http://${host}:8161/api/jolokia`;
}
