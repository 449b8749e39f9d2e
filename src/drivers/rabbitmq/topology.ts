/**
 * RabbitMQ topology from a profile's topic entry. The topic name is an exchange; each consumer
 * group gets its own queue `<exchange>.<groupId>` bound to it ({@link groupQueueName}), so a
 * fanout exchange with several groups is publish/subscribe (every group gets every message)
 * and one group with several consumers is point-to-point (competing consumers on one queue).
 * Fields of a topic entry (all optional):
 * - `exchangeType`: fanout (default) | direct | topic. Direct and topic route by the message
 *   key (the routing key is the key, '' without one); queues bind with `bindingKeys`
 *   (default fanout/direct [''], topic ['#'], i.e. everything).
 * - `queueType`: classic (default) | quorum | stream (`x-queue-type`); quorum and stream queues are always durable.
 * - `durable`: exchange and queues survive a broker restart (default true).
 * - `persistent`: messages are published with deliveryMode 2 (written to disk; default false).
 * - `queueArguments`: passed through to queue.declare (`x-max-length`, `x-overflow`,
 *   `x-message-ttl`, `x-dead-letter-exchange`, …).
 * - `streamOffset` (stream queues only): where the group consumers attach — `first`, `next`, an
 *   offset or a timestamp (stream-offset.ts); default from `consumers.startFrom`.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { Strict } from '../../profile/schema-parts.js';
import type { DriverConfig } from '../types.js';
import { parseStreamStart, streamStartOf, StreamOffsetSchema, type StreamStart } from './stream-offset.js';

export type ExchangeType = 'fanout' | 'direct' | 'topic';
export type QueueType = 'classic' | 'quorum' | 'stream';
export type QueueArgument = string | number | boolean;

/** A topic entry's RabbitMQ settings, defaults filled in. */
export interface RabbitTopicSettings {
  exchangeType: ExchangeType;
  queueType: QueueType;
  durable: boolean;
  persistent: boolean;
  queueArguments: Readonly<Record<string, QueueArgument>>;
  bindingKeys: readonly string[];
  /** Where the run's groups start (the plan copies `consumers.startFrom`). */
  startFrom: 'run' | 'earliest';
  /** Where a stream queue's consumers attach: `streamOffset`, else `next` (startFrom run) or `first` (earliest). Unused for other queue types. */
  streamStart: StreamStart;
}

/** Name → settings of every destination of a run, as the plan hands them to each driver instance. */
export type RabbitTopology = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

/** The RabbitMQ fields of a topics[] entry (TypeBox properties). */
const RABBIT_TOPIC_FIELDS = {
  exchangeType: Type.Optional(
    Type.Union([Type.Literal('fanout'), Type.Literal('direct'), Type.Literal('topic')], {
      description: 'RabbitMQ: exchange type (default fanout: every group queue gets every message)',
    }),
  ),
  queueType: Type.Optional(
    Type.Union([Type.Literal('classic'), Type.Literal('quorum'), Type.Literal('stream')], { description: 'RabbitMQ: type of each group queue (default classic)' }),
  ),
  durable: Type.Optional(Type.Boolean({ description: 'RabbitMQ: durable exchange and queues (default true)' })),
  persistent: Type.Optional(Type.Boolean({ description: 'RabbitMQ: persistent messages, deliveryMode 2 (default false)' })),
  queueArguments: Type.Optional(
    Type.Record(Type.String({ minLength: 1 }), Type.Union([Type.String(), Type.Number(), Type.Boolean()]), {
      description: 'RabbitMQ: queue.declare arguments, e.g. x-max-length, x-overflow, x-message-ttl, x-dead-letter-exchange',
    }),
  ),
  bindingKeys: Type.Optional(
    Type.Array(Type.String(), { minItems: 1, description: "RabbitMQ: binding keys of each group queue (default [''], topic exchange ['#'])" }),
  ),
  streamOffset: Type.Optional(StreamOffsetSchema),
};

/** TypeBox schema of one topics[] entry of a RabbitMQ profile. */
export const RabbitTopicSchema: TObject = Strict({
  name: Type.String({ minLength: 1, maxLength: 200, pattern: '^[a-zA-Z0-9._-]+$', description: 'exchange name' }),
  deleteAfterRun: Type.Optional(Type.Boolean({ default: false, description: 'delete the exchange (and the run queues) when the run ends' })),
  ...RABBIT_TOPIC_FIELDS,
});

/** The queue of consumer group `groupId` on exchange `exchange`: `<exchange>.<groupId>`. */
export function groupQueueName(exchange: string, groupId: string): string {
  return `${exchange}.${groupId}`;
}

function str<T extends string>(v: unknown, allowed: readonly T[], fallback: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** Settings of one topic from raw (schema-validated) fields, defaults filled in. */
export function parseTopicSettings(raw: Readonly<Record<string, unknown>> | undefined): RabbitTopicSettings {
  const r = raw ?? {};
  const exchangeType = str(r['exchangeType'], ['fanout', 'direct', 'topic'] as const, 'fanout');
  const queueType = str(r['queueType'], ['classic', 'quorum', 'stream'] as const, 'classic');
  const args = typeof r['queueArguments'] === 'object' && r['queueArguments'] !== null ? (r['queueArguments'] as Record<string, QueueArgument>) : {};
  const keys = Array.isArray(r['bindingKeys']) ? (r['bindingKeys'] as unknown[]).filter((k): k is string => typeof k === 'string') : [];
  const startFrom = r['startFrom'] === 'earliest' ? 'earliest' : 'run';
  return {
    exchangeType,
    queueType,
    durable: queueType !== 'classic' ? true : r['durable'] !== false,
    persistent: r['persistent'] === true,
    queueArguments: { ...args },
    bindingKeys: keys.length > 0 ? keys : [exchangeType === 'topic' ? '#' : ''],
    startFrom,
    streamStart: streamStartOf(parseStreamStart(r['streamOffset']), startFrom),
  };
}

/** The settings of `topic` in a driver config's topology (defaults when the topic is not listed). */
export function topicSettingsOf(config: DriverConfig, topic: string): RabbitTopicSettings {
  return parseTopicSettings(config.topology?.[topic]);
}

/** queue.declare arguments of a group queue: the queue type plus the profile's pass-through arguments. */
export function queueDeclareArguments(s: RabbitTopicSettings): Record<string, QueueArgument> {
  return { ...s.queueArguments, 'x-queue-type': s.queueType };
}

/** Whether a publish to this exchange needs the message key as routing key. */
export function routesByKey(s: RabbitTopicSettings): boolean {
  return s.exchangeType !== 'fanout';
}
