/**
 * Schema building blocks shared by the profile schema (`schema.ts`) and each driver's schema
 * part (`src/drivers/<kind>/module.ts`): strict objects, durations, addresses. Imports nothing
 * of mqload, so a driver module can use it without a cycle through the registry.
 */
import { Type, type TObject, type TProperties, type ObjectOptions } from '@sinclair/typebox';

/** Object with unknown keys rejected (typos are errors). */
export function Strict<T extends TProperties>(properties: T, options: ObjectOptions = {}): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

/** `500ms`, `30s`, `5m`, `1h`, or a number of seconds. */
export const Duration = Type.Union(
  [Type.String({ pattern: '^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$' }), Type.Number({ minimum: 0 })],
  { description: 'duration: "500ms", "30s", "5m", "1h" or a number of seconds' },
);

/** `host:port` */
export const HostPort = Type.String({ pattern: '^[^\\s:]+:[0-9]{1,5}$', description: 'host:port' });

/** A client property value as YAML gives it (`driver.config`). */
export const ClientProperty = Type.Union([Type.String(), Type.Number(), Type.Boolean()]);
