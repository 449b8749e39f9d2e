/**
 * The Apache ActiveMQ Classic driver: AMQP 1.0 producers and consumers (rhea, `../amqp10/`) and
 * Jolokia management. One instance per process or worker thread. Consumer groups are queues
 * (see topology.ts): on a `virtual-topic` destination each group reads its own queue
 * `Consumer.<groupId>.VirtualTopic.<topic>`, on a `queue` destination the queue itself. Group
 * queues are created through Jolokia before the run (a virtual topic copies only into queues that
 * exist). Backlog is queue depth from JMX: `QueueSize` (every message not yet acknowledged,
 * including the dispatched ones) and `InFlightCount` (dispatched, unacknowledged), exact at the
 * moment of the read.
 */
import { UsageError } from '../../errors.js';
import type { BacklogReading, BrokerInfo, ClientEvent, ConsumerOptions, Driver, DriverCapabilities, DriverConfig, DriverConsumer, DriverProducer, GroupRequest, ProducerOptions, SendListener, TopicRequest } from '../types.js';
import { closeAmqp10, openAmqp10, type Amqp10Endpoint } from '../amqp10/connection.js';
import { Amqp10Producer } from '../amqp10/producer.js';
import { Amqp10Consumer } from '../amqp10/consumer.js';
import { managementCall } from '../amqp10/management-call.js';
import { amqp10Capabilities } from '../amqp10/capabilities.js';
import { JolokiaClient } from '../jolokia.js';
import { activemqJolokiaUrlOf, activemqTuningOf } from './config.js';
import { ActivemqManagement } from './management.js';
import { activemqGroupQueue, activemqTopicOf, parseActivemqTopic, producerAddress, virtualTopicName, type ActivemqTopicSettings } from './topology.js';
import { DEFAULT_ACTIVEMQ_URL, activemqAddresses, activemqEndpointOf, redactActivemqUrl } from './url.js';

/**
 * What ActiveMQ Classic over AMQP 1.0 can do: no partitions or offsets, a queue per group, acks 0
 * (pre-settled) and 1 (the accepted disposition; one broker, no replica level), no idempotent
 * producer, no compression, a redelivery flag (the `delivery-count` header Classic sets from its
 * redelivery counter), no resends (a send that failed is failed, never retried), backlog as
 * queue depth.
 */
export function activemqCapabilities(): DriverCapabilities {
  return amqp10Capabilities();
}

/** Management timeout per Jolokia request, ms. */
const MANAGEMENT_TIMEOUT_MS = 10_000;

/** The AMQP endpoint of a config (credentials resolved, see url.ts). Throws UsageError when the URL does not parse. */
export function activemqEndpoint(config: DriverConfig): Amqp10Endpoint {
  const url = config.url ?? DEFAULT_ACTIVEMQ_URL;
  const e = activemqEndpointOf(config);
  if (!e) throw new UsageError(`driver.url ${redactActivemqUrl(url)} is not an amqp:// or amqps:// URL`, 'e.g. amqp://user:password@127.0.0.1:5674');
  const t = activemqTuningOf(config);
  return { ...e, idleTimeoutMs: t.idleTimeoutMs, connectTimeoutMs: t.connectionTimeoutMs, rejectUnauthorized: t.tlsRejectUnauthorized, shown: redactActivemqUrl(url) };
}

export class ActivemqDriver implements Driver {
  readonly kind = 'activemq' as const;
  readonly capabilities: DriverCapabilities = activemqCapabilities();
  private readonly endpoint: Amqp10Endpoint;
  private readonly mgmt: ActivemqManagement;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];

  constructor(
    private readonly config: DriverConfig,
    private readonly clientId: string,
  ) {
    this.endpoint = activemqEndpoint(config);
    this.mgmt = new ActivemqManagement(new JolokiaClient({ base: activemqJolokiaUrlOf(config), user: this.endpoint.user, password: this.endpoint.password, timeoutMs: MANAGEMENT_TIMEOUT_MS }));
  }

  onClientEvent(listener: (event: ClientEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Runs a management call; see {@link managementCall} (a Jolokia that does not answer is the broker being unreachable, exit 3). */
  private managed<T>(what: string, fn: (m: ActivemqManagement) => Promise<T>): Promise<T> {
    return managementCall(this.mgmt, this.endpoint, 'ActiveMQ', what, fn);
  }

  /** Opens and closes an AMQP connection, and checks Jolokia answers (queue creation and backlog need it). */
  async probe(timeoutMs: number): Promise<BrokerInfo> {
    const conn = await openAmqp10(this.endpoint, `${this.clientId}-probe`, timeoutMs);
    closeAmqp10(conn);
    const broker = await this.managed('Jolokia', (m) => m.brokerMBean());
    return { brokers: activemqAddresses(this.config), clusterId: /brokerName=([^,]*)/.exec(broker)?.[1] };
  }

  private settingsOf(t: TopicRequest): ActivemqTopicSettings {
    return t.settings ? parseActivemqTopic(t.settings) : activemqTopicOf(this.config, t.name);
  }

  /** Creates each `queue` destination's queue; a virtual topic needs nothing until its groups' queues (prepareGroups). */
  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    for (const t of topics) {
      if (this.settingsOf(t).routing === 'queue') await this.managed(`create queue ${t.name}`, (m) => m.addQueue(t.name));
    }
  }

  /** Deletes each destination: the queue, or the virtual topic with every group queue on it. */
  async deleteTopics(names: string[]): Promise<void> {
    for (const name of names) {
      const s = activemqTopicOf(this.config, name);
      if (s.routing === 'queue') {
        await this.managed(`remove queue ${name}`, (m) => m.removeQueue(name));
        continue;
      }
      const suffix = `.${virtualTopicName(name)}`;
      const queues = await this.managed(`queues of ${name}`, (m) => m.queuesStartingWith('Consumer.'));
      for (const q of queues.filter((x) => x.endsWith(suffix))) await this.managed(`remove queue ${q}`, (m) => m.removeQueue(q));
      await this.managed(`remove topic ${virtualTopicName(name)}`, (m) => m.removeTopic(virtualTopicName(name)));
    }
  }

  /** Creates each group's queue; startFrom `run` purges it (messages from before this run), `earliest` keeps them. */
  async prepareGroups(groups: GroupRequest[]): Promise<void> {
    for (const g of groups) {
      const s = activemqTopicOf(this.config, g.topic);
      const queue = activemqGroupQueue(g.topic, g.groupId, s.routing);
      await this.managed(`create queue ${queue}`, (m) => m.addQueue(queue));
      if (g.startFrom === 'run' && g.shared !== true) await this.managed(`purge queue ${queue}`, (m) => m.purgeQueue(queue));
    }
  }

  /** Removes each group's queue on every virtual topic of the run's topology (a `queue` destination's queue belongs to it). */
  async deleteGroups(groupIds: string[]): Promise<void> {
    const virtual = Object.keys(this.config.topology ?? {}).filter((t) => activemqTopicOf(this.config, t).routing === 'virtual-topic');
    for (const groupId of groupIds) {
      for (const t of virtual) {
        const q = activemqGroupQueue(t, groupId, 'virtual-topic');
        await this.managed(`remove queue ${q}`, (m) => m.removeQueue(q));
      }
    }
  }

  /** Each group's queue depth (QueueSize, of which InFlightCount dispatched and unacknowledged); a queue that does not exist reads 0. */
  async backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>): Promise<BacklogReading[]> {
    return Promise.all(
      groups.map(async (g) => {
        const s = activemqTopicOf(this.config, g.topic);
        const q = await this.managed(`queue depth of ${g.groupId}`, (m) => m.queueStats(activemqGroupQueue(g.topic, g.groupId, s.routing)));
        return { groupId: g.groupId, topic: g.topic, messages: q?.queueSize ?? 0, unacked: q?.inFlight ?? 0 };
      }),
    );
  }

  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    const s = activemqTopicOf(this.config, opts.topic);
    return Amqp10Producer.open(
      {
        endpoint: this.endpoint,
        name: `${this.clientId}-${opts.producerId}`,
        producerId: opts.producerId,
        target: { address: producerAddress(opts.topic, s.routing), capabilities: [] },
        presettled: opts.acks === 0,
        durable: s.persistent,
      },
      listener,
      (reason) => this.emit({ type: 'retry', reason }),
    );
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const s = activemqTopicOf(this.config, opts.topic);
    const t = activemqTuningOf(this.config);
    return new Amqp10Consumer(
      {
        endpoint: this.endpoint,
        name: `${this.clientId}-${opts.consumerId}`,
        consumerId: opts.consumerId,
        topic: opts.topic,
        source: { address: `queue://${activemqGroupQueue(opts.topic, opts.groupId, s.routing)}`, capabilities: [] },
        commit: opts.commit,
        prefetch: t.prefetch,
        consumerBatch: t.consumerBatch,
        onBatch: opts.onBatch,
        ...(opts.onAssignment ? { onAssignment: opts.onAssignment } : {}),
      },
      (reason) => this.emit({ type: 'retry', reason }),
    );
  }

  async close(): Promise<void> {}
}
