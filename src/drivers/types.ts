/**
 * The broker driver interface. A driver creates topics, producers and consumers; a producer has
 * one async send of a batch for one partition; a consumer calls back with each received batch.
 * Everything else (timing, rates, histograms, verification) lives above this interface, so a new
 * broker is one folder under `src/drivers/`. Broker client libraries are imported only there.
 */

/** How to reach the broker and tune the client. `config` uses Kafka's own property names where they apply. */
export interface DriverConfig {
  type: 'kafka' | 'rabbitmq';
  /** Bootstrap `host:port` addresses. */
  brokers: string[];
  client?: string;
  config?: Record<string, string | number | boolean>;
}

/** A topic (Kafka) or queue (RabbitMQ) to create. */
export interface TopicRequest {
  name: string;
  partitions: number;
  replicationFactor: number;
  config?: Record<string, string>;
}

/** Broker acknowledgement level: -1 = all in-sync replicas, 1 = leader only, 0 = none (one-way). */
export type AcksLevel = -1 | 0 | 1;

export interface ProducerOptions {
  /** Stable id of this logical producer (also sent in message headers). */
  producerId: string;
  acks: AcksLevel;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  idempotent: boolean;
  /** Client-level retries for a failed request; 0 for one-way. */
  retries: number;
  /** Maximum requests in flight on one connection (the client's own limit). */
  maxInFlightRequests?: number;
  /** Per-request ack timeout, ms. */
  timeoutMs?: number;
}

export interface OutgoingMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer>;
}

/** Messages for one topic partition, sent as one request. */
export interface OutgoingBatch {
  topic: string;
  partition: number;
  messages: OutgoingMessage[];
}

export interface DriverProducer {
  /**
   * Sends one batch. Resolves when the broker acknowledged it (acks ≥ 1) or when it was handed
   * to the socket (acks 0). Rejects on failure; callers count failures per message, never throw them on.
   */
  send(batch: OutgoingBatch): Promise<void>;
  /** Partition for a key, as the client's default partitioner would choose (null key: caller picks). */
  partitionFor(key: Buffer, partitionCount: number): number;
  close(): Promise<void>;
}

export interface ReceivedMessage {
  partition: number;
  /** Broker offset as a decimal string (Kafka offsets exceed 2^53 in principle). */
  offset: string;
  key: Buffer | null;
  /** Payload size in bytes. */
  size: number;
  headers: Record<string, Buffer | undefined>;
}

export interface ReceivedBatch {
  topic: string;
  partition: number;
  messages: ReceivedMessage[];
}

export type CommitMode = 'auto' | 'after-process' | 'before-process';

export interface ConsumerOptions {
  groupId: string;
  /** Stable id of this consumer within the run. */
  consumerId: string;
  topic: string;
  commit: CommitMode;
  /**
   * Called for each batch, in partition order. With `after-process` the batch's offsets are
   * committed after the promise resolves; with `before-process`, before the handler runs.
   */
  onBatch: (batch: ReceivedBatch) => Promise<void>;
  /** Called when the member's assignment changes (partition ids it owns now). */
  onAssignment?: (partitions: number[]) => void;
}

export interface DriverConsumer {
  /** Joins the group and starts delivering batches; resolves once the member has joined. */
  start(): Promise<void>;
  pause(): void;
  resume(): void;
  /** Leaves the group. `commit: false` simulates a crash: nothing more is committed. */
  close(opts?: { commit?: boolean }): Promise<void>;
}

export interface PartitionOffsets {
  partition: number;
  /** Log-end offset (high watermark). */
  high: bigint;
  low: bigint;
}

export interface GroupPartitionOffset {
  topic: string;
  partition: number;
  /** Committed offset, or -1n when the group has none for this partition. */
  committed: bigint;
}

export interface BrokerInfo {
  /** Broker addresses as the cluster advertises them. */
  brokers: string[];
  controllerId?: number;
  clusterId?: string;
}

export interface Driver {
  readonly kind: 'kafka' | 'rabbitmq';
  /**
   * Checks the broker answers a metadata request within `timeoutMs`.
   * Throws {@link import('../errors.js').BrokerUnreachableError} otherwise.
   */
  probe(timeoutMs: number): Promise<BrokerInfo>;
  /** Creates missing topics (existing ones are left as they are). */
  ensureTopics(topics: TopicRequest[]): Promise<void>;
  deleteTopics(names: string[]): Promise<void>;
  /** Number of partitions of an existing topic. */
  partitionCount(topic: string): Promise<number>;
  /** Log-end and start offsets of every partition of a topic. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Committed offsets of a group for a topic (-1n where none). */
  groupOffsets(groupId: string, topic: string): Promise<GroupPartitionOffset[]>;
  /** Sets a group's committed offsets (the group must have no active members). */
  setGroupOffsets(groupId: string, topic: string, offsets: Array<{ partition: number; offset: bigint }>): Promise<void>;
  /** Deletes consumer groups (ignores groups that do not exist). */
  deleteGroups(groupIds: string[]): Promise<void>;
  createProducer(opts: ProducerOptions): Promise<DriverProducer>;
  createConsumer(opts: ConsumerOptions): Promise<DriverConsumer>;
  /**
   * Subscribes to client instrumentation (request latency, queue size, timeouts, retries).
   * Optional: drivers without instrumentation leave it undefined.
   */
  onClientEvent?(listener: (event: ClientEvent) => void): void;
  close(): Promise<void>;
}

/** A client instrumentation event, normalised across client libraries. */
export type ClientEvent =
  | { type: 'request'; latencyMs: number; api: string; broker: string; pendingDuration?: number }
  | { type: 'request-queue-size'; size: number; broker: string }
  | { type: 'request-timeout'; api: string; broker: string }
  | { type: 'retry'; reason: string };

/** Creates a driver for a config; one per process (worker thread or coordinator). */
export type DriverFactory = (config: DriverConfig, opts: { clientId: string }) => Driver;
