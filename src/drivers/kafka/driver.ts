/**
 * The Kafka driver (kafkajs). One instance per process or worker thread; it owns one kafkajs
 * client, a lazily connected admin, and forwards instrumentation events of every producer and
 * consumer it created to the registered {@link ClientEvent} listeners.
 */
import type { Admin, Kafka, Producer, Consumer, RequestEvent, RequestTimeoutEvent, RequestQueueSizeEvent } from 'kafkajs';
import { BrokerUnreachableError, describeError } from '../../errors.js';
import type {
  BrokerInfo,
  ClientEvent,
  ConsumerOptions,
  Driver,
  DriverConfig,
  DriverConsumer,
  DriverProducer,
  GroupPartitionOffset,
  PartitionOffsets,
  ProducerOptions,
  TopicRequest,
} from '../types.js';
import { createKafkaClient, numberProp } from './client.js';
import { KafkaProducer } from './producer.js';
import { KafkaConsumer } from './consumer.js';

export class KafkaDriver implements Driver {
  readonly kind = 'kafka' as const;
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private adminConnecting: Promise<Admin> | null = null;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];
  private readonly closables: Array<{ disconnect(): Promise<void> }> = [];
  /** Last client log errors, for diagnostics (message → count). */
  readonly clientErrors = new Map<string, number>();

  constructor(private readonly config: DriverConfig, clientId: string) {
    this.kafka = createKafkaClient(config, clientId, (level, message) => {
      if (level === 'error') this.clientErrors.set(message, (this.clientErrors.get(message) ?? 0) + 1);
      if (/retry|retrying/i.test(message)) this.emit({ type: 'retry', reason: message });
    });
  }

  private emit(e: ClientEvent): void {
    for (const l of this.listeners) l(e);
  }

  onClientEvent(listener: (event: ClientEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Wires kafkajs instrumentation events of a producer or consumer to the listeners. */
  private instrument(client: Producer | Consumer): void {
    // Producer and Consumer share these three events; kafkajs types them per client, so go through one shape.
    const c = client as unknown as {
      events: { REQUEST: string; REQUEST_TIMEOUT: string; REQUEST_QUEUE_SIZE: string };
      on(event: string, listener: (e: { payload: unknown }) => void): unknown;
    };
    c.on(c.events.REQUEST, (e) => {
      const p = e.payload as RequestEvent['payload'];
      this.emit({ type: 'request', latencyMs: p.duration, api: p.apiName, broker: p.broker, pendingDuration: p.pendingDuration });
    });
    c.on(c.events.REQUEST_TIMEOUT, (e) => {
      const p = e.payload as RequestTimeoutEvent['payload'];
      this.emit({ type: 'request-timeout', api: p.apiName, broker: p.broker });
    });
    c.on(c.events.REQUEST_QUEUE_SIZE, (e) => {
      const p = e.payload as RequestQueueSizeEvent['payload'];
      this.emit({ type: 'request-queue-size', size: p.queueSize, broker: p.broker });
    });
  }

  private getAdmin(): Promise<Admin> {
    if (this.admin) return Promise.resolve(this.admin);
    if (!this.adminConnecting) {
      const admin = this.kafka.admin({ retry: { retries: 3 } });
      this.adminConnecting = admin.connect().then(
        () => (this.admin = admin),
        (err: unknown) => {
          this.adminConnecting = null;
          throw new BrokerUnreachableError(this.config.brokers, describeError(err));
        },
      );
    }
    return this.adminConnecting;
  }

  async probe(timeoutMs: number): Promise<BrokerInfo> {
    // A client of its own whose timeouts fit inside the deadline, so a paused or busy broker
    // cannot hold the probe past `timeoutMs`.
    const perTry = Math.max(500, Math.min(3000, timeoutMs));
    const client = createKafkaClient({ ...this.config, config: { ...this.config.config, 'connections.timeout.ms': perTry, 'request.timeout.ms': perTry, retries: 0 } }, 'mqload-probe', () => undefined);
    const deadline = Date.now() + timeoutMs;
    let cancelled = false;
    let lastErr: unknown = new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`);
    const admins: Admin[] = [];
    const attempt = async (): Promise<BrokerInfo> => {
      // kafkajs gives up quickly on a refused connection; keep trying until the deadline.
      while (!cancelled && Date.now() < deadline) {
        const admin = client.admin({ retry: { retries: 0 } });
        admins.push(admin);
        try {
          await admin.connect();
          if (cancelled) break;
          const c = await admin.describeCluster();
          return { brokers: c.brokers.map((b) => `${b.host}:${b.port}`), controllerId: c.controller ?? undefined, clusterId: c.clusterId };
        } catch (err) {
          lastErr = err;
          await admin.disconnect().catch(() => undefined);
          if (!cancelled) await new Promise((r) => setTimeout(r, Math.min(500, Math.max(0, deadline - Date.now()))));
        }
      }
      throw lastErr;
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(lastErr instanceof Error ? lastErr : new Error(String(lastErr))), timeoutMs);
    });
    try {
      return await Promise.race([attempt(), timeout]);
    } catch (err) {
      throw new BrokerUnreachableError(this.config.brokers, describeError(err));
    } finally {
      cancelled = true;
      clearTimeout(timer);
      // Don't wait for sockets of an attempt still connecting; close them in the background.
      for (const a of admins) void a.disconnect().catch(() => undefined);
    }
  }

  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  }

  async deleteTopics(names: string[]): Promise<void> {
    if (names.length === 0) return;
    const admin = await this.getAdmin();
    const existing = new Set(await admin.listTopics());
    const present = names.filter((n) => existing.has(n));
    if (present.length > 0) await admin.deleteTopics({ topics: present, timeout: 10000 });
  }

  async partitionCount(topic: string): Promise<number> {
    const admin = await this.getAdmin();
    const md = await admin.fetchTopicMetadata({ topics: [topic] });
    return md.topics[0]?.partitions.length ?? 0;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const admin = await this.getAdmin();
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets
      .map((o) => ({ partition: o.partition, high: BigInt(o.high), low: BigInt(o.low) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async groupOffsets(groupId: string, topic: string): Promise<GroupPartitionOffset[]> {
    const admin = await this.getAdmin();
    const res = await admin.fetchOffsets({ groupId, topics: [topic] });
    const out: GroupPartitionOffset[] = [];
    for (const t of res) for (const p of t.partitions) out.push({ topic: t.topic, partition: p.partition, committed: BigInt(p.offset) });
    return out.sort((a, b) => a.partition - b.partition);
  }

  async setGroupOffsets(groupId: string, topic: string, offsets: Array<{ partition: number; offset: bigint }>): Promise<void> {
    const admin = await this.getAdmin();
    await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset.toString() })) });
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    if (groupIds.length === 0) return;
    const admin = await this.getAdmin();
    const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const present = groupIds.filter((g) => known.has(g));
    if (present.length > 0) await admin.deleteGroups(present);
  }

  async createProducer(opts: ProducerOptions): Promise<DriverProducer> {
    const producer = this.kafka.producer({
      allowAutoTopicCreation: false,
      idempotent: opts.idempotent,
      maxInFlightRequests: opts.idempotent ? 1 : (opts.maxInFlightRequests ?? (numberProp(this.config, 'max.in.flight.requests.per.connection', 0) || undefined)),
      retry: { retries: opts.retries, initialRetryTime: 100, maxRetryTime: 2000 },
    });
    this.instrument(producer);
    const wrapped = new KafkaProducer(producer, opts);
    await producer.connect();
    this.closables.push(producer);
    return wrapped;
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    const consumer = this.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: numberProp(this.config, 'session.timeout.ms', 30000),
      heartbeatInterval: numberProp(this.config, 'heartbeat.interval.ms', 3000),
      maxWaitTimeInMs: numberProp(this.config, 'fetch.max.wait.ms', 500),
      minBytes: numberProp(this.config, 'fetch.min.bytes', 1),
      maxBytesPerPartition: numberProp(this.config, 'max.partition.fetch.bytes', 1048576),
      retry: { retries: 10 },
    });
    this.instrument(consumer);
    this.closables.push(consumer);
    return new KafkaConsumer(
      consumer,
      opts,
      numberProp(this.config, 'auto.commit.interval.ms', 5000),
      numberProp(this.config, 'partitions.consumed.concurrently', 1),
      Math.max(1, numberProp(this.config, 'max.poll.records', 500)),
    );
  }

  async close(): Promise<void> {
    const all = this.closables.splice(0);
    await Promise.allSettled(all.map((c) => c.disconnect()));
    if (this.admin) await this.admin.disconnect().catch(() => undefined);
    this.admin = null;
    this.adminConnecting = null;
  }
}
