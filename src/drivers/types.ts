/**
 * The broker driver interface. A driver creates topics, producers and consumers; a producer takes
 * one message at a time with a ticket and reports each ticket's outcome by callback (the client
 * batches its own way); a consumer calls back with each received batch.
 * Everything else (timing, rates, histograms, verification) lives above this interface, so a new
 * broker is one folder under `src/drivers/`. Broker client libraries are imported only there.
 */

/**
 * The broker kinds mqload can drive; each is one folder under `src/drivers/`. `artemis`
 * (Apache ActiveMQ Artemis) and `activemq` (Apache ActiveMQ Classic) run on the AMQP 1.0 driver
 * of `src/drivers/amqp10/`, each with its own destinations, management and collectors.
 */
export type BrokerKind = 'kafka' | 'rabbitmq' | 'artemis' | 'rocketmq' | 'activemq';

/**
 * How to reach the broker and tune the client, as the profile's `driver` section gives it.
 * Each kind brings its own schema part (fields beyond `type`); `config` holds client
 * properties by the client's own names (Kafka's `linger.ms`, …), which each client accepts or
 * refuses by its own list.
 */
export interface DriverConfig {
  type: BrokerKind;
  /** Bootstrap `host:port` addresses (Kafka; other kinds may use `url`). */
  brokers: string[];
  /** Connection URL (RabbitMQ `amqp://user:pass@host:port/vhost`). Holds a secret: never written. */
  url?: string;
  client?: string;
  config?: Record<string, string | number | boolean>;
  // rabbitmq: the plan hands each worker's driver the destinations' own settings
  /**
   * Destination name → its kind-specific settings from the profile's topic entry (RabbitMQ
   * exchange and queue types, durability, queue arguments), for drivers whose producers and
   * consumers need the topology; filled in by the plan.
   */
  topology?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/**
 * What a broker can do, declared by its driver: the core asks for a capability instead of
 * checking the broker's name. Values are fixed for a driver instance (they may depend on its
 * config, e.g. the chosen client's codecs).
 */
export interface DriverCapabilities {
  /**
   * Destinations are split into partitions the profile sizes (`topics[].partitions`), each an
   * ordered lane with its own positions. false: a destination is one ordered queue per group.
   */
  partitions: boolean;
  /**
   * How a consumer group maps onto the broker. `shared-subscription`: the group is a broker
   * object that splits the destination's partitions among its members (a Kafka consumer group;
   * more members than partitions leaves some idle). `queue-per-group`: each group gets its own
   * queue bound to the destination (an exchange); its members are competing consumers on that
   * queue, any number of them busy.
   */
  groups: 'shared-subscription' | 'queue-per-group';
  /**
   * Consumers have positions that can be read and moved (Kafka offsets): the driver has
   * {@link Driver.offsets}, the queue audit can read a backlog back without consuming it, and
   * a redelivery is recognised by position.
   */
  offsets: boolean;
  /** Acknowledgement levels the broker tells apart (0 none, 1 the leader/node, -1 every replica). */
  acks: readonly AcksLevel[];
  /** The broker has a native fire-and-forget send (acks 0, no confirms, sendOneway). */
  nativeOneWay: boolean;
  /** The producer can be made idempotent (broker-side de-duplication of retries). */
  idempotence: boolean;
  /** Compression codecs the chosen client writes. */
  compression: readonly CompressionCodec[];
  /** The broker flags a message it delivers again (RabbitMQ `redelivered`); see {@link ReceivedMessage.redelivered}. */
  redeliveryFlag: boolean;
  /**
   * A producer may put one message into the broker more than once: its client retries a send
   * whose first attempt may have landed (Kafka without idempotence). False where each message
   * is published exactly once and a failed publish is counted, never repeated (mqload's RabbitMQ
   * and AMQP 1.0 producers): every second delivery is then a redelivery, flagged or not.
   */
  resends: boolean;
  /**
   * How a backlog is measured: `offsets` (log end − committed offset per partition) or `depth`
   * (messages ready + unacknowledged in each group's queue).
   */
  backlog: 'offsets' | 'depth';
}

/** Compression codecs by their Kafka names; a driver lists the ones its client writes. */
export type CompressionCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/**
 * A destination to create: a Kafka topic, a RabbitMQ exchange. `partitions` and
 * `replicationFactor` apply where {@link DriverCapabilities.partitions} is true; `settings`
 * carries the kind's own topology (queue type, durability, arguments), validated by its
 * profile schema part.
 */
export interface TopicRequest {
  name: string;
  partitions?: number;
  replicationFactor?: number;
  /** Broker-side configs (Kafka topic configs such as `retention.ms`). */
  config?: Record<string, string>;
  /** The kind's own topology settings, as its profile schema part defines them. */
  settings?: Readonly<Record<string, unknown>>;
}

/** How long a {@link GroupRequest.shared} Kafka group waits for another segment to position it, ms. */
export const SHARED_GROUP_WAIT_MS = 30_000;

/**
 * A consumer group of the run and where it starts: `run` = only messages produced from now on
 * (Kafka: committed at the log end; RabbitMQ: its queue declared, bound and emptied of older
 * messages), `earliest` = everything the destination retains for it (a backlog).
 */
export interface GroupRequest {
  groupId: string;
  topic: string;
  startFrom: 'run' | 'earliest';
  /**
   * Another process positions this group (execution segment 1 of the same run, before any
   * message of the run is sent); this one only makes sure the group exists and never resets it:
   * no purge, no offsets set over the other's — Kafka waits up to {@link SHARED_GROUP_WAIT_MS}
   * for the other's offsets and positions the group itself only when none come.
   */
  shared?: boolean;
}

/** A group's backlog at one moment: messages not yet consumed (Kafka lag, RabbitMQ ready + unacked). */
export interface BacklogReading {
  groupId: string;
  topic: string;
  /** Messages waiting for the group, summed over its partitions or its queue. */
  messages: number;
  /** Of those, delivered to a consumer but not acknowledged yet (RabbitMQ unacked); undefined where not known. */
  unacked?: number;
  /**
   * True when `messages` is only part of the backlog: RabbitMQ without its management API counts
   * ready messages only, not those its consumers hold unacknowledged. A partial count is a lower bound.
   */
  partial?: boolean;
  /**
   * True when what consumers hold unacknowledged is not in `messages` and comes back only later
   * (RocketMQ: a received message is invisible until its invisible duration ends, then counts
   * again). A zero then does not mean nothing more will be delivered, so a run does not end its
   * drain early on it; the end-of-run audit reads it as it reads any count.
   */
  heldUncounted?: boolean;
}

/** Broker acknowledgement level: -1 = all in-sync replicas, 1 = leader only, 0 = none (one-way). */
export type AcksLevel = -1 | 0 | 1;
/*
 * Broker-neutral meaning: 0 = the broker confirms nothing (one-way: Kafka acks 0, RabbitMQ
 * without publisher confirms); 1 = the node that owns the destination confirms (Kafka leader,
 * RabbitMQ publisher confirm on a classic queue); -1 = every replica confirms (Kafka all ISR,
 * RabbitMQ quorum queue confirm). A driver maps the level onto what its broker offers and lists
 * the levels it tells apart in {@link DriverCapabilities.acks}.
 */

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
  compression: CompressionCodec;
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
  /** The ordered lane it came from: a Kafka partition; 0 for a queue. */
  partition: number;
  /**
   * Its position in that lane as a decimal string (Kafka offset, RabbitMQ stream offset; Kafka
   * offsets exceed 2^53 in principle), or null where the broker has none (a classic queue).
   * Two deliveries at the same position are one message delivered twice.
   */
  offset: string | null;
  /**
   * The broker says it delivered this message before (RabbitMQ's `redelivered` flag after a
   * consumer died with it unacked). Always false where {@link DriverCapabilities.redeliveryFlag}
   * is false; such brokers are judged by position.
   */
  redelivered: boolean;
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

/**
 * Position reads and moves of a broker with offsets ({@link DriverCapabilities.offsets}):
 * per-partition lag, the queue audit's read-back, starting a group anywhere.
 */
export interface OffsetAdmin {
  /** Number of partitions of an existing topic. */
  partitionCount(topic: string): Promise<number>;
  /** Log-end and start offsets of every partition of a topic. */
  topicOffsets(topic: string): Promise<PartitionOffsets[]>;
  /** Committed offsets of a group for a topic (-1n where none). */
  groupOffsets(groupId: string, topic: string): Promise<GroupPartitionOffset[]>;
  /** Sets a group's committed offsets (the group must have no active members). */
  setGroupOffsets(groupId: string, topic: string, offsets: Array<{ partition: number; offset: bigint }>): Promise<void>;
}

/** What a driver is created with besides its profile section. */
export interface DriverOptions {
  /** Client id / connection name prefix the broker shows (`mqload-<runId>-w<worker>`). */
  clientId: string;
  /**
   * A directory the driver may write its client library's own log to (a run's record
   * directory); absent: the client logs nowhere on disk (never to `$HOME`).
   */
  logDir?: string;
}

export interface Driver {
  readonly kind: BrokerKind;
  readonly capabilities: DriverCapabilities;
  /**
   * Checks the broker answers within `timeoutMs`.
   * Throws {@link import('../errors.js').BrokerUnreachableError} otherwise.
   */
  probe(timeoutMs: number): Promise<BrokerInfo>;
  /**
   * Broker settings the driver can read without changing anything, by the broker's own names
   * (Kafka: `num.io.threads`, `num.network.threads` of the first broker); the analyzer sizes
   * thread actions from them. Read once per run, apart from {@link probe}, so a slow answer never
   * makes a reachable broker look unreachable. Resolves `{}` when the broker refuses or does not
   * answer within `timeoutMs`; never rejects. Absent: the driver reads none.
   */
  brokerSettings?(timeoutMs: number): Promise<Record<string, string>>;
  /** Creates missing destinations (existing ones are left as they are). */
  ensureTopics(topics: TopicRequest[]): Promise<void>;
  deleteTopics(names: string[]): Promise<void>;
  /**
   * Makes each group exist and start where it asks ({@link GroupRequest.startFrom}) before its
   * consumers join: Kafka commits start offsets, RabbitMQ declares and binds the group's queue.
   * All groups in parallel; resolves when every group is ready.
   */
  prepareGroups(groups: GroupRequest[]): Promise<void>;
  /** Deletes consumer groups and what the driver made for them (ignores groups that do not exist). */
  deleteGroups(groupIds: string[]): Promise<void>;
  /**
   * True when the consumers of `topic`'s groups start at a position the profile names (a
   * RabbitMQ stream offset or timestamp), which may lie after some of this run's messages:
   * delivery verification then counts what the start skipped as `beforeStart`, not as lost
   * (see `verify/ledger.ts`). Optional: a driver without such starts leaves it out (false).
   */
  startsAtNamedPosition?(topic: string): boolean;
  /**
   * Each group's backlog now (one reading per group); groups the broker does not know read 0.
   * `consumersStopped`: no consumer of these groups is attached (the queue audit closed them), so
   * nothing is held unacknowledged and a queue's ready count is its whole depth.
   */
  backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>, opts?: { consumersStopped?: boolean }): Promise<BacklogReading[]>;
  /** Present exactly when {@link DriverCapabilities.offsets} is true. */
  readonly offsets?: OffsetAdmin;
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
