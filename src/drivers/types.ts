/**
 * The broker driver interface. A driver creates topics, producers and consumers; a producer takes
 * one message at a time with a ticket and reports each ticket's outcome by callback (the client
 * batches its own way); a consumer calls back with each received batch.
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

/** How a producer sends, as the load layer runs it (the client maps it to its own settings). */
export type SendMode = 'sync' | 'async' | 'oneway';

export interface ProducerOptions {
  /** Stable id of this logical producer (also sent in message headers). */
  producerId: string;
  /** The one topic (Kafka) or exchange/queue (others) this producer sends to. */
  topic: string;
  /**
   * sync: the load layer keeps one message outstanding and the client must send it at once
   * (no linger); async: up to `window` outstanding, the client batches its own way;
   * oneway: as async with acks 0 and no retries.
   */
  mode: SendMode;
  /** Most messages the load layer keeps outstanding at once (sync: 1). A client buffer must hold at least this many. */
  window: number;
  acks: AcksLevel;
  compression: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';
  idempotent: boolean;
  /** Client-level retries for a failed request; 0 for one-way. */
  retries: number;
  /**
   * The workload's batching hint (`producers.batch`): at most `maxRecords` messages per request,
   * a message waits at most `lingerMs` for its batch to fill. Client properties in
   * `driver.config` (`linger.ms`, `batch.num.messages`, `batch.size`) override it.
   */
  batching: { maxRecords: number; lingerMs: number };
  /** Maximum requests in flight on one connection (the client's own limit). */
  maxInFlightRequests?: number;
  /** Per-request ack timeout, ms. */
  timeoutMs?: number;
}

/** One message handed to a producer. The client chooses the partition (by key, or its own sticky choice). */
export interface OutgoingMessage {
  key: Buffer | null;
  value: Buffer;
  headers: Record<string, Buffer>;
}

/**
 * Receives the outcome of every message handed to {@link DriverProducer.send}: each ticket is
 * reported exactly once, acked or failed, on the thread that called `send`. `tickets` may be an
 * array the client reuses: read it during the call, never keep it. Callbacks must not throw.
 */
export interface SendListener {
  /** The broker acknowledged these messages (acks ≥ 1), or the client wrote them to the socket (acks 0). */
  acked(tickets: readonly number[]): void;
  /** These messages failed after the client's own retries; `error` says why. */
  failed(tickets: readonly number[], error: unknown): void;
}

export interface DriverProducer {
  /**
   * Hands one message to the client, identified by `ticket` (a small integer the load layer
   * reuses once its outcome was reported). Returns at once: the client batches, lingers and
   * sends in its own way and reports through the {@link SendListener}. Never throws for a
   * per-message failure (that is reported as `failed`).
   */
  send(ticket: number, message: OutgoingMessage): void;
  /** Sends at once whatever the client still holds back (lingering batches); outcomes still arrive by listener. */
  flush(): void;
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
  /** Creates a connected producer whose outcomes go to `listener`. */
  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer>;
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
