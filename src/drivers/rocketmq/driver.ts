/**
 * The Apache RocketMQ 5 driver: producers and consumers over gRPC to the proxy
 * (rocketmq-client-nodejs: `Producer`, `SimpleConsumer`), administration over the broker's
 * remoting protocol (admin.ts): topics (normal messages) and consumer groups are created and
 * deleted there, a group's start position is set there (its offset on each queue: the queue's end
 * for `run`, its start for `earliest`), and backlog is consumer lag, broker offset − consumer
 * offset summed over the topic's queues. One instance per process or worker thread.
 */
import { Type, type TObject } from '@sinclair/typebox';
import { BrokerUnreachableError, describeError } from '../../errors.js';
import { Strict } from '../../profile/schema-parts.js';
import type { BacklogReading, BrokerInfo, ClientEvent, ConsumerOptions, Driver, DriverCapabilities, DriverConfig, DriverConsumer, DriverProducer, GroupRequest, ProducerOptions, SendListener, TopicRequest } from '../types.js';
import { RocketmqAdmin } from './admin.js';
import { rocketmqEndpoints, rocketmqTuningOf, type RocketmqTuning } from './config.js';
import { RocketmqConsumer } from './consumer.js';
import { RocketmqProducer } from './producer.js';

/**
 * What RocketMQ 5 over gRPC can do: message queues are the broker's (none exposed to the
 * profile), a consumer group is a shared subscription of the topic's queues, acks 1 (the send
 * receipt of the one broker), no native one-way send (emulated: see producer.ts), no idempotent
 * producer or compression through this client, a redelivery flag (the delivery attempt), the
 * client re-sends a send whose receipt it did not get, backlog as consumer lag by offsets.
 */
export function rocketmqCapabilities(): DriverCapabilities {
  return {
    partitions: false,
    groups: 'shared-subscription',
    offsets: false,
    acks: [1],
    nativeOneWay: false,
    idempotence: false,
    compression: ['none'],
    redeliveryFlag: true,
    resends: true,
    backlog: 'offsets',
  };
}

/** TypeBox schema of one topics[] entry of a RocketMQ profile. */
export const RocketmqTopicSchema: TObject = Strict({
  name: Type.String({ minLength: 1, maxLength: 127, pattern: '^[a-zA-Z0-9_%|-]+$', description: 'RocketMQ topic name' }),
  deleteAfterRun: Type.Optional(Type.Boolean({ default: false, description: 'delete the topic when the run ends' })),
  queues: Type.Optional(Type.Integer({ minimum: 1, maximum: 1024, description: 'RocketMQ: message queues of the topic when mqload creates it (default driver.config.queues, 4)' })),
});

export class RocketmqDriver implements Driver {
  readonly kind = 'rocketmq' as const;
  readonly capabilities: DriverCapabilities = rocketmqCapabilities();
  private readonly tuning: RocketmqTuning;
  private readonly admin: RocketmqAdmin;
  private readonly endpoints: string;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];

  constructor(
    private readonly config: DriverConfig,
    readonly clientId: string,
    /** Where the client's warnings and errors go (`rocketmq-client.log`); none without. */
    private readonly logDir?: string,
  ) {
    this.tuning = rocketmqTuningOf(config);
    this.endpoints = rocketmqEndpoints(config).join(';');
    this.admin = new RocketmqAdmin({ broker: this.tuning.brokerAddress, namesrv: this.tuning.namesrv, cluster: this.tuning.cluster, timeoutMs: Math.max(5000, this.tuning.requestTimeoutMs) });
  }

  onClientEvent(listener: (event: ClientEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(reason: string): void {
    for (const l of this.listeners) l({ type: 'retry', reason });
  }

  /** Runs an admin call; a broker that does not answer is unreachable (exit 3), named by its remoting address. */
  private async managed<T>(what: string, fn: (a: RocketmqAdmin) => Promise<T>): Promise<T> {
    try {
      return await fn(this.admin);
    } catch (err) {
      const text = describeError(err);
      if (/ECONNREFUSED|ETIMEDOUT|EHOSTUNREACH|did not answer|closed the connection/.test(text)) {
        throw new BrokerUnreachableError([this.tuning.brokerAddress], `${what}: ${text} (RocketMQ admin: driver.config.brokerAddress)`, 'check the address and that the broker runs; for the local one run `npx mqload local up --broker rocketmq`');
      }
      throw new Error(`${what}: ${text}`);
    }
  }

  /** Checks the broker answers its admin protocol (topics, groups and lag need it). */
  async probe(timeoutMs: number): Promise<BrokerInfo> {
    const probeAdmin = new RocketmqAdmin({ ...this.admin.opts, timeoutMs: Math.max(1000, timeoutMs) });
    await this.managed('broker runtime info', () => probeAdmin.runtimeInfo());
    return { brokers: rocketmqEndpoints(this.config), clusterId: this.tuning.cluster };
  }

  private queuesOf(topic: string, settings?: Readonly<Record<string, unknown>>): number {
    const q = (settings ?? this.config.topology?.[topic])?.['queues'];
    return typeof q === 'number' ? q : this.tuning.queues;
  }

  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    for (const t of topics) await this.managed(`create topic ${t.name}`, (a) => a.createTopic(t.name, this.queuesOf(t.name, t.settings)));
  }

  async deleteTopics(names: string[]): Promise<void> {
    for (const name of names) await this.managed(`delete topic ${name}`, (a) => a.deleteTopic(name));
  }

  /** Creates each group and sets its offset on every queue: the queue's end (`run`) or 0 (`earliest`). */
  async prepareGroups(groups: GroupRequest[]): Promise<void> {
    await Promise.all(
      groups.map(async (g) => {
        await this.managed(`create group ${g.groupId}`, (a) => a.createGroup(g.groupId));
        const queues = this.queuesOf(g.topic);
        for (let q = 0; q < queues; q++) {
          const offset = g.startFrom === 'run' ? await this.managed(`offsets of ${g.topic}`, (a) => a.maxOffset(g.topic, q)) : 0;
          await this.managed(`start offset of ${g.groupId}`, (a) => a.setOffset(g.groupId, g.topic, q, offset));
        }
      }),
    );
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    for (const g of groupIds) await this.managed(`delete group ${g}`, (a) => a.deleteGroup(g));
  }

  /** Consumer lag of each group: broker offset − consumer offset, summed over the topic's queues (a group the broker does not know reads 0). */
  async backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>): Promise<BacklogReading[]> {
    return Promise.all(
      groups.map(async (g) => {
        const queues = await this.managed(`lag of ${g.groupId}`, (a) => a.progress(g.groupId, g.topic));
        const messages = queues.reduce((sum, q) => sum + Math.max(0, q.brokerOffset - Math.max(0, q.consumerOffset)), 0);
        // Lag counts what no consumer received; received-but-unacknowledged messages are invisible, not lag.
        return { groupId: g.groupId, topic: g.topic, messages, heldUncounted: true };
      }),
    );
  }

  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    return RocketmqProducer.open(
      { endpoints: this.endpoints, topic: opts.topic, mode: opts.mode, requestTimeoutMs: this.tuning.requestTimeoutMs, maxAttempts: opts.mode === 'oneway' ? 1 : this.tuning.maxAttempts, logDir: this.logDir },
      listener,
      (reason) => this.emit(reason),
    );
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const t = this.tuning;
    return new RocketmqConsumer(
      {
        endpoints: this.endpoints,
        groupId: opts.groupId,
        topic: opts.topic,
        commit: opts.commit,
        consumerBatch: t.consumerBatch,
        receivers: t.receivers,
        invisibleMs: t.invisibleMs,
        pollMs: t.pollMs,
        requestTimeoutMs: t.requestTimeoutMs,
        logDir: this.logDir,
        onBatch: opts.onBatch,
        ...(opts.onAssignment ? { onAssignment: opts.onAssignment } : {}),
      },
      (reason) => this.emit(reason),
    );
  }

  /** Producers and consumers close themselves; the admin client holds no connection between calls. */
  async close(): Promise<void> {}
}
