/**
 * What mqload's AMQP 1.0 driver can do on any broker it serves (Artemis, ActiveMQ Classic): no
 * partitions, a queue per consumer group, no offsets, accepted dispositions (1) or pre-settled
 * sends (0, a native one-way), no idempotence or compression, the broker's redelivery flag
 * (`delivery-count` header), each message published once (a failed send is counted, never
 * repeated), backlog as queue depth.
 */
import type { DriverCapabilities } from '../types.js';

/** The capabilities of the AMQP 1.0 driver; the same for every broker kind it serves. */
export function amqp10Capabilities(): DriverCapabilities {
  return {
    partitions: false,
    groups: 'queue-per-group',
    offsets: false,
    acks: [0, 1],
    nativeOneWay: true,
    idempotence: false,
    compression: ['none'],
    redeliveryFlag: true,
    resends: false,
    backlog: 'depth',
  };
}
