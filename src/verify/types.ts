/**
 * What a worker thread ships to the coordinator for delivery verification: the sequence numbers
 * its producers got acknowledged (or failed) and the ones its consumers received, since the
 * previous shipment. Shipping deltas every interval keeps each worker's state bounded by one
 * interval of traffic; the coordinator's {@link import('./ledger.js').DeliveryLedger} merges them.
 */
import type { SeqSetWire } from './seq-set.js';

/** One producer's sends since the last shipment. A producer lives in exactly one worker. */
export interface ProducedDelta {
  producerId: string;
  /** Messages issued so far (cumulative): sequence numbers 0 … issued − 1 exist. */
  issued: number;
  /** Sends acknowledged by the broker (one-way: handed to the socket) since the last shipment. */
  acked: SeqSetWire;
  /** Sends that failed on the producer (after client retries) since the last shipment. */
  failed: SeqSetWire;
}

/** One (group, producer) pair's deliveries in one worker since the last shipment. */
export interface ReceivedDelta {
  group: string;
  producerId: string;
  /** Deliveries, duplicates included. */
  deliveries: number;
  /** Deliveries of a number already delivered to this worker within this shipment. */
  duplicates: number;
  /** Distinct sequence numbers delivered. */
  seqs: SeqSetWire;
  /**
   * Sequence numbers that arrived, for the first time in this shipment, after a higher number
   * of the same producer on the same partition. The ledger counts each as reordered unless the
   * group had received it before (then it is a redelivery, counted as a duplicate only).
   */
  late: number[];
}

/**
 * Where one group's deliveries came from on one partition (or queue) of one worker since the
 * last shipment: the broker positions delivered, and the deliveries the broker flagged as
 * redelivered. The ledger tells a consumer-side replay (the same position delivered again, or a
 * flagged redelivery) from a message the producer wrote twice (two positions, one message).
 */
export interface PositionDelta {
  group: string;
  partition: number;
  /** Deliveries whose position the broker gave (Kafka offsets, stream offsets). */
  deliveries: number;
  /** Distinct positions among them (offsets below 2^53). */
  offsets: SeqSetWire;
  /** Deliveries without a position that the broker flagged as redelivered (RabbitMQ `redelivered`). */
  flagged: number;
}

/** Everything one worker ships at once. */
export interface VerificationDelta {
  produced: ProducedDelta[];
  received: ReceivedDelta[];
  /** Absent in shipments of workers that predate positions (treated as none). */
  positions?: PositionDelta[];
}
