/**
 * How a RabbitMQ consumer acknowledges, by commit mode and queue type:
 * - `auto`: `noAck` subscription (at-most-once: what a consumer holds when it dies is lost).
 *   Stream queues refuse `noAck`, so there `auto` acks each batch on receipt instead;
 * - `after-process`: manual ack of the whole batch (`multiple`) once the handler resolved
 *   (at-least-once: a crash requeues the unacked batch, redelivered with `redelivered` set); a
 *   handler that fails has its batch nacked with requeue;
 * - `before-process`: the batch is acked, then handled.
 * Acks on a closed channel (the broker or a crash closed it) fail; the broker requeues those
 * deliveries itself, so a failed ack is reported, never thrown.
 */
import type { CommitMode } from '../types.js';
import type { AmqpChannel, AmqpMessage } from './connection.js';
import type { QueueType } from './topology.js';

export interface AckPolicy {
  /** The subscription is `noAck`: the broker counts a delivery as acked once sent. */
  noAck: boolean;
  /** Ack each batch before handing it to the handler. */
  ackBefore: boolean;
  /** Ack each batch after its handler resolved (and nack it with requeue when the handler failed). */
  ackAfter: boolean;
}

/** The policy of a commit mode on a queue type (see the file comment). */
export function ackPolicyOf(commit: CommitMode, queueType: QueueType): AckPolicy {
  const stream = queueType === 'stream';
  const noAck = commit === 'auto' && !stream;
  const ackBefore = commit === 'before-process' || (commit === 'auto' && stream);
  return { noAck, ackBefore, ackAfter: !noAck && !ackBefore };
}

/** Acks every delivery of `ch` up to `last` (`multiple`); a failure goes to `onFailure`. */
export function ackUpTo(ch: AmqpChannel, last: AmqpMessage, onFailure: (err: unknown) => void): void {
  try {
    ch.ack(last, true);
  } catch (err) {
    onFailure(err);
  }
}

/** Nacks every delivery of `ch` up to `last` with requeue; on a closed channel the broker requeues them anyway. */
export function requeueUpTo(ch: AmqpChannel, last: AmqpMessage): void {
  try {
    ch.nack(last, true, true);
  } catch {
    // The channel is gone: the broker requeues the batch anyway.
  }
}
