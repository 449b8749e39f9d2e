/**
 * Schema building blocks shared by the profile schema (`schema.ts`) and each driver's schema
 * part (`src/drivers/<kind>/module.ts`): strict objects, durations, addresses, the secret
 * annotation. Imports only `duration.ts` (which imports nothing of mqload's but its errors), so a
 * driver module can use it without a cycle through the registry.
 */
import { Type, type TObject, type TProperties, type ObjectOptions } from '@sinclair/typebox';
import { MAX_DURATION_MS } from './duration.js';

/**
 * Annotation keyword of a schema node whose value is a secret (a password, or a URL that may carry
 * one): `redact.ts` hides it in everything mqload writes or prints. It validates nothing.
 */
export const SECRET_KEYWORD = 'secret';
/** Schema options marking a node secret, e.g. `Type.String({ ...SECRET })`. */
export const SECRET = { [SECRET_KEYWORD]: true } as const;

/** Object with unknown keys rejected (typos are errors). */
export function Strict<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** `500ms`, `30s`, `5m`, `1h`, or a number of seconds; at most {@link MAX_DURATION_MS} (checked by `durationMaxMs`, see validate.ts). */
export const Duration = Type.Union(
  [
    Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$', durationMaxMs: MAX_DURATION_MS }),
    Type.Number({ minimum: 0, maximum: MAX_DURATION_MS / 1000 }),
  ],
  { description: `duration: "500ms", "30s", "5m", "1h" or a number of seconds, at most ${MAX_DURATION_MS / 3_600_000}h` },
);

/** `host:port` */
export const HostPort = Type.String({ pattern: '^[^\\s:]+:[0-9]{1,5}$', description: 'host:port' });

/** A client property value as YAML gives it (`driver.config`). */
export const ClientProperty = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
