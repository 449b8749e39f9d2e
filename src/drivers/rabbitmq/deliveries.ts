/**
 * AMQP deliveries as mqload's {@link ReceivedMessage}s. A queue is one ordered lane (partition
 * 0). A stream delivery's position is its `x-stream-offset` header (a number); classic and
 * quorum deliveries have none (offset null). The key is the routing key where the exchange
 * routes by key (direct, topic), else null.
 */
import type { ReceivedMessage } from '../types.js';
import type { AmqpMessage } from './connection.js';

/** How to read a queue's deliveries. */
export interface DeliveryShape {
  /** The queue is a stream: deliveries carry `x-stream-offset`. */
  stream: boolean;
  /** The exchange routes by key: a delivery's key is its routing key. */
  keyed: boolean;
}

/** The stream offset of a delivery, or null (not a stream, or the header is missing). */
export function streamOffsetOf(m: AmqpMessage): number | null {
  const o = (m.properties.headers as Record<string, unknown> | undefined)?.['x-stream-offset'];
  return typeof o === 'number' ? o : null;
}

/** One delivery as a received message. */
export function decodeDelivery(m: AmqpMessage, shape: DeliveryShape): ReceivedMessage {
  const headers = (m.properties.headers ?? {}) as Record<string, Buffer | undefined>;
  const offset = shape.stream ? streamOffsetOf(m) : null;
  return {
    partition: 0,
    offset: offset === null ? null : String(offset),
    redelivered: m.fields.redelivered,
    key: shape.keyed ? Buffer.from(m.fields.routingKey, 'latin1') : null,
    size: m.content.length,
    headers,
  };
}
