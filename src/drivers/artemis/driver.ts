/**
 * The Apache Artemis driver: AMQP 1.0 producers and consumers (rhea, `../amqp10/`) and Jolokia
 * management. One instance per process or worker thread. Topics are addresses; consumer groups
 * are queues on them (see topology.ts): `<address>.<groupId>` on a multicast address, the
 * address's own queue on an anycast one. Addresses and queues are created through Jolokia (not
 * auto-created, so the broker never deletes a group's queue by itself while a consumer is away),
 * and backlog is queue depth: `MessageCount` (which includes what consumers hold unsettled) and
 * `DeliveringCount`, exact at the moment of the read.
 */
import { UsageError } from '../../errors.js';
import type { BacklogReading, BrokerInfo, ClientEvent, ConsumerOptions, Driver, DriverCapabilities, DriverConfig, DriverConsumer, DriverProducer, GroupRequest, ProducerOptions, SendListener, TopicRequest } from '../types.js';
import { closeAmqp10, openAmqp10, type Amqp10Endpoint } from '../amqp10/connection.js';
import { Amqp10Producer } from '../amqp10/producer.js';
import { Amqp10Consumer } from '../amqp10/consumer.js';
import { artemisTuningOf, jolokiaUrlOf } from './config.js';
import { managementCall } from '../amqp10/management-call.js';
import { amqp10Capabilities } from '../amqp10/capabilities.js';
import { JolokiaClient } from '../jolokia.js';
import { ArtemisManagement } from './management.js';
import { artemisGroupQueue, artemisTopicOf, consumerSource, parseArtemisTopic, targetCapability, type ArtemisTopicSettings } from './topology.js';
import { artemisAddresses, endpointOf, redactArtemisUrl, DEFAULT_ARTEMIS_URL } from './url.js';

/**
 * What Artemis over AMQP 1.0 can do: no partitions or offsets, a queue per group, acks 0
 * (pre-settled) and 1 (the accepted disposition; a single broker, so no replica level), no
 * idempotent producer (duplicate ids are not sent), no compression, a redelivery flag (the
 * `delivery-count` header), backlog as queue depth.
 */
export function artemisCapabilities(): DriverCapabilities {
  return amqp10Capabilities();
}

/** Management timeout per Jolokia request, ms. */
const MANAGEMENT_TIMEOUT_MS = 10_000;

/** The AMQP endpoint of a config (credentials resolved, see url.ts). Throws UsageError when the URL does not parse. */
export function artemisEndpoint(config: DriverConfig): Amqp10Endpoint {
  const url = config.url ?? DEFAULT_ARTEMIS_URL;
  const e = endpointOf(config);
  if (!e) throw new UsageError(`driver.url ${redactArtemisUrl(url)} is not an amqp:// or amqps:// URL`, 'e.g. amqp://user:password@127.0.0.1:5673');
  const t = artemisTuningOf(config);
  return { ...e, idleTimeoutMs: t.idleTimeoutMs, connectTimeoutMs: t.connectionTimeoutMs, rejectUnauthorized: t.tlsRejectUnauthorized, shown: redactArtemisUrl(url) };
}

export class ArtemisDriver implements Driver {
  readonly kind = 'artemis' as const;
  readonly capabilities: DriverCapabilities = artemisCapabilities();
  private readonly endpoint: Amqp10Endpoint;
  private readonly mgmt: ArtemisManagement;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];
  /** Group queues this instance created: groupId → queue and address. */
  private readonly declared = new Map<string, { queue: string; topic: string }>();

  constructor(
    private readonly config: DriverConfig,
    private readonly clientId: string,
  ) {
    this.endpoint = artemisEndpoint(config);
    this.mgmt = new ArtemisManagement(new JolokiaClient({ base: jolokiaUrlOf(config), user: this.endpoint.user, password: this.endpoint.password, timeoutMs: MANAGEMENT_TIMEOUT_MS }));
  }

  onClientEvent(listener: (event: ClientEvent) => void): void {
    this.listeners.push(listener);
  }

  private emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }

  /** Runs a management call; see {@link managementCall} (a Jolokia that does not answer is the broker being unreachable, exit 3). */
  private managed<T>(what: string, fn: (m: ArtemisManagement) => Promise<T>): Promise<T> {
    return managementCall(this.mgmt, this.endpoint, 'Artemis', what, fn);
  }

  /** Opens and closes an AMQP connection, and checks Jolokia answers (topology and backlog need it). */
  async probe(timeoutMs: number): Promise<BrokerInfo> {
    const conn = await openAmqp10(this.endpoint, `${this.clientId}-probe`, timeoutMs);
    closeAmqp10(conn);
    const broker = await this.managed('Jolokia', (m) => m.brokerMBean());
    return { brokers: artemisAddresses(this.config), clusterId: /broker="([^"]*)"/.exec(broker)?.[1] };
  }

  private settingsOf(t: TopicRequest): ArtemisTopicSettings {
    return t.settings ? parseArtemisTopic(t.settings) : artemisTopicOf(this.config, t.name);
  }

  /** Creates each address (and an anycast address's queue); an existing address without the routing type asked for is a {@link UsageError}. */
  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    for (const t of topics) {
      const s = this.settingsOf(t);
      const types = await this.managed(`address ${t.name}`, (m) => m.routingTypes(t.name));
      if (types === null) await this.managed(`create address ${t.name}`, (m) => m.createAddress(t.name, s.routing));
      else if (!types.includes(s.routing.toUpperCase())) {
        throw new UsageError(`address "${t.name}" exists with routing ${types.join(', ') || 'none'}, not ${s.routing.toUpperCase()}`, 'delete it, or match topics[].routing');
      }
      if (s.routing === 'anycast') await this.managed(`create queue ${t.name}`, (m) => m.createQueue(t.name, t.name, 'anycast', s.durable));
    }
  }

  /** Deletes the addresses with every queue on them. */
  async deleteTopics(names: string[]): Promise<void> {
    for (const name of names) {
      await this.managed(`delete address ${name}`, (m) => m.deleteAddress(name));
      for (const [g, d] of this.declared) if (d.topic === name) this.declared.delete(g);
    }
  }

  /** Creates each group's queue; startFrom `run` purges it (messages from before this run), `earliest` keeps them. */
  async prepareGroups(groups: GroupRequest[]): Promise<void> {
    await Promise.all(
      groups.map(async (g) => {
        const s = artemisTopicOf(this.config, g.topic);
        const queue = artemisGroupQueue(g.topic, g.groupId, s.routing);
        await this.managed(`create queue ${queue}`, (m) => m.createQueue(g.topic, queue, s.routing, s.durable));
        if (s.routing === 'multicast') this.declared.set(g.groupId, { queue, topic: g.topic });
        if (g.startFrom === 'run' && g.shared !== true) await this.managed(`purge queue ${queue}`, (m) => m.purgeQueue(g.topic, queue, s.routing));
      }),
    );
  }

  /** Destroys each group's queue on every multicast address of the run's topology (an anycast queue belongs to its address); missing ones are ignored. */
  async deleteGroups(groupIds: string[]): Promise<void> {
    const multicast = Object.keys(this.config.topology ?? {}).filter((t) => artemisTopicOf(this.config, t).routing === 'multicast');
    for (const groupId of groupIds) {
      const queues = new Set(multicast.map((t) => artemisGroupQueue(t, groupId, 'multicast')));
      const d = this.declared.get(groupId);
      if (d) queues.add(d.queue);
      for (const q of queues) await this.managed(`destroy queue ${q}`, (m) => m.destroyQueue(q));
      this.declared.delete(groupId);
    }
  }

  /** Each group's queue depth (MessageCount, of which DeliveringCount unsettled), exact whether consumers are attached or not; a queue that does not exist reads 0. */
  async backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>): Promise<BacklogReading[]> {
    return Promise.all(
      groups.map(async (g) => {
        const s = artemisTopicOf(this.config, g.topic);
        const depth = await this.managed(`queue depth of ${g.groupId}`, (m) => m.queueDepth(g.topic, artemisGroupQueue(g.topic, g.groupId, s.routing), s.routing));
        return { groupId: g.groupId, topic: g.topic, messages: depth?.messages ?? 0, unacked: depth?.delivering ?? 0 };
      }),
    );
  }

  createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    const s = artemisTopicOf(this.config, opts.topic);
    return Amqp10Producer.open(
      {
        endpoint: this.endpoint,
        name: `${this.clientId}-${opts.producerId}`,
        producerId: opts.producerId,
        target: { address: opts.topic, capabilities: [targetCapability(s.routing)] },
        presettled: opts.acks === 0,
        durable: s.persistent,
      },
      listener,
      (reason) => this.emit({ type: 'retry', reason }),
    );
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const s = artemisTopicOf(this.config, opts.topic);
    const t = artemisTuningOf(this.config);
    const queue = artemisGroupQueue(opts.topic, opts.groupId, s.routing);
    return new Amqp10Consumer(
      {
        endpoint: this.endpoint,
        name: `${this.clientId}-${opts.consumerId}`,
        consumerId: opts.consumerId,
        topic: opts.topic,
        source: { address: consumerSource(opts.topic, queue), capabilities: [targetCapability(s.routing)] },
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
