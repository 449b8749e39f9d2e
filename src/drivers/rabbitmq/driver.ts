/**
 * The RabbitMQ driver (amqplib). One instance per process or worker thread. Topics are
 * exchanges, consumer groups are queues `<exchange>.<groupId>` bound to them (see topology.ts).
 * Admin work (probe, declarations, backlog reads) uses one lazily opened connection and a fresh
 * channel per operation, because a refused AMQP operation closes its channel. Producers and
 * consumers open connections of their own.
 *
 * Backlog is queue depth: the messages ready in each group queue (queue.declare-ok's message
 * count). AMQP does not tell unacknowledged deliveries apart, so `unacked` stays undefined here;
 * the management API collector (collectors/rabbitmq) reads it.
 */
import { UsageError } from '../../errors.js';
import type {
  BacklogReading,
  BrokerInfo,
  ClientEvent,
  ConsumerOptions,
  Driver,
  DriverCapabilities,
  DriverConfig,
  DriverConsumer,
  DriverProducer,
  GroupRequest,
  ProducerOptions,
  SendListener,
  TopicRequest,
} from '../types.js';
import { addressesOf, closeQuietly, describeAmqpError, openConnection, type AmqpChannel, type AmqpConnection } from './connection.js';
import { RabbitConsumer } from './consumer.js';
import { managementDepth } from './management-depth.js';
import { tuningOf, urlOf } from './config.js';
import { RabbitProducer } from './producer.js';
import { groupQueueName, parseTopicSettings, queueDeclareArguments, topicSettingsOf } from './topology.js';
import { startsAtNamedPosition } from './stream-offset.js';

/**
 * What RabbitMQ can do. acks: 0 (no publisher confirms) and 1 (a confirm from the broker; on a
 * quorum queue the confirm comes once a majority of its replicas wrote the message, so -1 is
 * run as confirms too and means quorum-majority there).
 */
export function rabbitCapabilities(): DriverCapabilities {
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

/** AMQP reply code of a channel error (404 not found, 406 precondition failed), or undefined. */
function replyCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

export class RabbitDriver implements Driver {
  readonly kind = 'rabbitmq' as const;
  readonly capabilities: DriverCapabilities = rabbitCapabilities();
  private admin: Promise<AmqpConnection> | null = null;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];
  /** Group queues this instance declared: groupId → queue and exchange. */
  private readonly declared = new Map<string, { queue: string; topic: string }>();

  constructor(
    private readonly config: DriverConfig,
    private readonly clientId: string,
  ) {}

  onClientEvent(listener: (event: ClientEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }

  private connection(): Promise<AmqpConnection> {
    if (!this.admin) {
      const p = openConnection(this.config, `${this.clientId}-admin`);
      p.then(
        (c) => c.on('close', () => (this.admin = null)),
        () => (this.admin = null),
      );
      this.admin = p;
    }
    return this.admin;
  }

  /** Runs `fn` on a fresh admin channel, closed afterwards (a failed operation has closed it already). */
  private async withChannel<T>(fn: (ch: AmqpChannel) => Promise<T>): Promise<T> {
    const conn = await this.connection();
    const ch = await conn.createChannel();
    ch.on('error', () => undefined);
    try {
      return await fn(ch);
    } finally {
      await ch.close().catch(() => undefined);
    }
  }

  async probe(timeoutMs: number): Promise<BrokerInfo> {
    const conn = await openConnection(this.config, `${this.clientId}-probe`, timeoutMs);
    try {
      const props = conn.connection.serverProperties as unknown as Record<string, unknown>;
      const cluster = props['cluster_name'];
      return { brokers: addressesOf(this.config), clusterId: typeof cluster === 'string' ? cluster : undefined };
    } finally {
      await closeQuietly(conn);
    }
  }

  /** Declares each exchange with its type and durability; an existing one of another kind is a {@link UsageError}. */
  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    for (const t of topics) {
      const s = t.settings ? parseTopicSettings(t.settings) : topicSettingsOf(this.config, t.name);
      await this.withChannel((ch) => ch.assertExchange(t.name, s.exchangeType, { durable: s.durable })).catch((err: unknown) => {
        throw replyCode(err) === 406
          ? new UsageError(`exchange "${t.name}" exists with other settings than ${s.exchangeType}, durable ${s.durable}: ${describeAmqpError(err, this.config)}`, 'delete it, or match topics[].exchangeType and durable')
          : err;
      });
    }
  }

  /** Deletes the exchanges and the group queues this instance declared on them. */
  async deleteTopics(names: string[]): Promise<void> {
    for (const name of names) {
      for (const [groupId, d] of this.declared) {
        if (d.topic !== name) continue;
        await this.withChannel((ch) => ch.deleteQueue(d.queue)).catch(() => undefined);
        this.declared.delete(groupId);
      }
      await this.withChannel((ch) => ch.deleteExchange(name));
    }
  }

  /**
   * Declares and binds each group's queue `<exchange>.<groupId>`. startFrom `run` purges it
   * (messages from before this run; a stream cannot be purged, its consumers attach at `next`
   * instead); `earliest` keeps what it holds.
   */
  async prepareGroups(groups: GroupRequest[]): Promise<void> {
    await Promise.all(
      groups.map(async (g) => {
        const s = topicSettingsOf(this.config, g.topic);
        const queue = groupQueueName(g.topic, g.groupId);
        await this.withChannel(async (ch) => {
          await ch.assertQueue(queue, { durable: s.durable, arguments: queueDeclareArguments(s) });
          this.declared.set(g.groupId, { queue, topic: g.topic });
          for (const key of s.bindingKeys) await ch.bindQueue(queue, g.topic, key);
          if (g.startFrom === 'run' && s.queueType !== 'stream' && g.shared !== true) await ch.purgeQueue(queue);
        }).catch((err: unknown) => {
          throw replyCode(err) === 406
            ? new UsageError(`queue "${queue}" exists with other arguments: ${describeAmqpError(err, this.config)}`, 'delete the queue, or match topics[].queueType and queueArguments')
            : err;
        });
      }),
    );
  }

  /** Deletes each group's queue (on every exchange of the run's topology); missing ones are ignored. */
  async deleteGroups(groupIds: string[]): Promise<void> {
    const topics = Object.keys(this.config.topology ?? {});
    for (const groupId of groupIds) {
      const queues = new Set(topics.map((t) => groupQueueName(t, groupId)));
      const d = this.declared.get(groupId);
      if (d) queues.add(d.queue);
      for (const q of queues) await this.withChannel((ch) => ch.deleteQueue(q)).catch(() => undefined);
      this.declared.delete(groupId);
    }
  }

  /** A stream queue whose consumers attach at a `streamOffset` offset or timestamp (stream-offset.ts). */
  startsAtNamedPosition(topic: string): boolean {
    const s = topicSettingsOf(this.config, topic);
    return s.queueType === 'stream' && startsAtNamedPosition(s.streamStart);
  }

  /**
   * Each group's queue depth: ready messages (AMQP, exact and current) plus what its consumers
   * hold unacknowledged (management API, trailing by the stats interval; without the API the
   * reading is partial). With `consumersStopped` nothing is held and the ready count is exact.
   * A stream keeps every message whatever its consumers have read and AMQP does not say where a
   * consumer is: its backlog is unknown, read as a partial 0. A queue that does not exist reads 0.
   */
  async backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>, opts: { consumersStopped?: boolean } = {}): Promise<BacklogReading[]> {
    return Promise.all(
      groups.map(async (g) => {
        const queue = groupQueueName(g.topic, g.groupId);
        if (topicSettingsOf(this.config, g.topic).queueType === 'stream') return { groupId: g.groupId, topic: g.topic, messages: 0, partial: true };
        // Ready messages from AMQP (exact, now); what consumers hold unacknowledged only from the
        // management API (it trails by the broker's stats interval), else the count is partial.
        const [ready, api] = await Promise.all([
          this.withChannel((ch) => ch.checkQueue(queue)).then(
            (ok) => ok.messageCount,
            (err: unknown) => {
              if (replyCode(err) === 404) return 0;
              throw err;
            },
          ),
          opts.consumersStopped ? Promise.resolve(null) : managementDepth(urlOf(this.config), tuningOf(this.config).managementUrl, queue),
        ]);
        if (opts.consumersStopped) return { groupId: g.groupId, topic: g.topic, messages: ready, unacked: 0 };
        if (api) return { groupId: g.groupId, topic: g.topic, messages: ready + api.unacked, unacked: api.unacked };
        return { groupId: g.groupId, topic: g.topic, messages: ready, partial: true };
      }),
    );
  }

  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    return RabbitProducer.open(this.config, opts, listener, `${this.clientId}-${opts.producerId}`, (reason) => this.emit({ type: 'retry', reason }));
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    return new RabbitConsumer(this.config, opts, `${this.clientId}-${opts.consumerId}`, (reason) => this.emit({ type: 'retry', reason }));
  }

  async close(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    if (admin) await admin.then(closeQuietly, () => undefined);
  }
}
