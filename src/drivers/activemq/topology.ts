/**
 * ActiveMQ Classic topology from a profile's topic entry. What a run's consumer groups read
 * depends on `routing`:
 * - `virtual-topic` (default): producers send to the topic `VirtualTopic.<name>`; the broker's
 *   virtual-topic interceptor (on by default in Classic) copies each message to every queue
 *   `Consumer.<groupId>.VirtualTopic.<name>`, and each group reads its own queue. So every group
 *   gets every message, a group's consumers compete on its queue, and a group's messages wait in
 *   its queue while its consumers are away (durable topic subscriptions would give fan-out too,
 *   but one subscriber per subscription: a group's consumers could not compete). The group
 *   queues are created before the run (a virtual topic copies only into queues that exist).
 * - `queue`: one queue of the topic's name (point-to-point): the run's single group reads it
 *   with competing consumers (`activemq-topology` refuses more groups).
 * Addresses carry Classic's AMQP prefixes (`queue://`, `topic://`). Field `persistent` (default
 * false): messages are persistent (written to KahaDB before the broker accepts them, kept over a
 * restart); non-persistent ones live in memory and the temp store.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';

export type ActivemqRouting = 'virtual-topic' | 'queue';

/** A topic entry's ActiveMQ settings, defaults filled in. */
export interface ActivemqTopicSettings {
  routing: ActivemqRouting;
  persistent: boolean;
}

/** TypeBox schema of one topics[] entry of an ActiveMQ profile. */
export const ActivemqTopicSchema: TObject = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-zA-Z0-9_-][a-zA-Z0-9._-]*$', description: 'ActiveMQ destination name (no wildcards: `*`, `>` and a leading `.` are refused)' }),
  deleteAfterRun: Type.Optional(Type.Boolean({ default: false, description: 'delete the destination and its group queues when the run ends' })),
  routing: Type.Optional(
    Type.Union([Type.Literal('virtual-topic'), Type.Literal('queue')], {
      description: 'ActiveMQ: virtual-topic (default: one queue per consumer group, every group gets every message) or queue (one queue named like the topic, one group)',
    }),
  ),
  persistent: Type.Optional(Type.Boolean({ description: 'ActiveMQ: persistent messages, written to KahaDB before they are accepted (default false)' })),
});

/** Settings of one topic from raw (schema-validated) fields, defaults filled in. */
export function parseActivemqTopic(raw: Readonly<Record<string, unknown>> | undefined): ActivemqTopicSettings {
  const r = raw ?? {};
  return { routing: r['routing'] === 'queue' ? 'queue' : 'virtual-topic', persistent: r['persistent'] === true };
}

/** The settings of `topic` in a driver config's topology (defaults when not listed). */
export function activemqTopicOf(config: DriverConfig, topic: string): ActivemqTopicSettings {
  return parseActivemqTopic(config.topology?.[topic]);
}

/** The virtual topic producers send to for a fan-out topic. */
export function virtualTopicName(topic: string): string {
  return `VirtualTopic.${topic}`;
}

/** The queue consumer group `groupId` reads: `Consumer.<groupId>.VirtualTopic.<topic>`, or the queue itself. */
export function activemqGroupQueue(topic: string, groupId: string, routing: ActivemqRouting): string {
  return routing === 'queue' ? topic : `Consumer.${groupId}.${virtualTopicName(topic)}`;
}

/** The AMQP target address producers send to: `topic://VirtualTopic.<topic>` or `queue://<topic>`. */
export function producerAddress(topic: string, routing: ActivemqRouting): string {
  return routing === 'queue' ? `queue://${topic}` : `topic://${virtualTopicName(topic)}`;
}
