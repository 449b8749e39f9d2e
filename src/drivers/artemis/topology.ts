/**
 * Artemis topology from a profile's topic entry. The topic name is an Artemis address; what its
 * consumer groups read depends on `routing`:
 * - `multicast` (default): the address routes every message to each of its queues, and each
 *   consumer group gets its own durable queue `<address>.<groupId>` on it (publish/subscribe:
 *   every group gets every message; a group's consumers compete on its queue).
 * - `anycast`: the address has one queue of the same name (a JMS queue, point-to-point); the
 *   run's single group reads it with competing consumers (`artemis-topology` refuses more groups).
 * Consumers attach by fully qualified queue name `<address>::<queue>`; producers send to the
 * address with the capability (`topic` / `queue`) that picks its routing type.
 * Fields of a topic entry (all optional): `routing`, `durable` (queues survive a restart,
 * default true), `persistent` (messages are durable, written to the journal; default false).
 */
import { Type, type TObject } from '@sinclair/typebox';
import { Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';

export type ArtemisRouting = 'multicast' | 'anycast';

/** A topic entry's Artemis settings, defaults filled in. */
export interface ArtemisTopicSettings {
  routing: ArtemisRouting;
  durable: boolean;
  persistent: boolean;
}

/** TypeBox schema of one topics[] entry of an Artemis profile. */
export const ArtemisTopicSchema: TObject = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-zA-Z0-9._-]+$', description: 'Artemis address name' }),
  deleteAfterRun: Type.Optional(Type.Boolean({ default: false, description: 'delete the address and its queues when the run ends' })),
  routing: Type.Optional(
    Type.Union([Type.Literal('multicast'), Type.Literal('anycast')], {
      description: 'Artemis: multicast (default: one queue per consumer group, every group gets every message) or anycast (one queue named like the address, one group)',
    }),
  ),
  durable: Type.Optional(Type.Boolean({ description: 'Artemis: durable queues (default true)' })),
  persistent: Type.Optional(Type.Boolean({ description: 'Artemis: durable messages, written to the journal before they are accepted (default false)' })),
});

/** Settings of one topic from raw (schema-validated) fields, defaults filled in. */
export function parseArtemisTopic(raw: Readonly<Record<string, unknown>> | undefined): ArtemisTopicSettings {
  const r = raw ?? {};
  return { routing: r['routing'] === 'anycast' ? 'anycast' : 'multicast', durable: r['durable'] !== false, persistent: r['persistent'] === true };
}

/** The settings of `topic` in a driver config's topology (defaults when not listed). */
export function artemisTopicOf(config: DriverConfig, topic: string): ArtemisTopicSettings {
  return parseArtemisTopic(config.topology?.[topic]);
}

/** The queue consumer group `groupId` reads on `address`: `<address>.<groupId>` (multicast) or the address's own queue (anycast). */
export function artemisGroupQueue(address: string, groupId: string, routing: ArtemisRouting): string {
  return routing === 'anycast' ? address : `${address}.${groupId}`;
}

/** The AMQP source address a consumer of that queue attaches to: its fully qualified name. */
export function consumerSource(address: string, queue: string): string {
  return `${address}::${queue}`;
}

/** The target capability that makes Artemis route a producer's messages by `routing`. */
export function targetCapability(routing: ArtemisRouting): 'topic' | 'queue' {
  return routing === 'multicast' ? 'topic' : 'queue';
}
