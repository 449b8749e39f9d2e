/**
 * The Kafka driver. One instance per process or worker thread. Admin work (probe, topics,
 * offsets, groups) goes through one lazily connected kafkajs admin client whatever
 * `driver.client` is; producers and consumers come from the chosen client library
 * ({@link KAFKA_CLIENTS}), loaded on first use. Instrumentation events of every producer and
 * consumer go to the registered {@link ClientEvent} listeners.
 */
import type { Admin, ConfigResourceTypes, Kafka } from 'kafkajs';
import { BrokerUnreachableError, EnvironmentError, describeError } from '../../errors.js';
import type {
  BacklogReading,
  BrokerInfo,
  ClientEvent,
  ConsumerOptions,
  Driver,
  DriverConfig,
  DriverConsumer,
  DriverCapabilities,
  DriverProducer,
  GroupPartitionOffset,
  GroupRequest,
  OffsetAdmin,
  PartitionOffsets,
  ProducerOptions,
  SendListener,
  TopicRequest,
} from '../types.js';
import { SHARED_GROUP_WAIT_MS } from '../types.js';
import { createKafkaClient } from './kafkajs/client.js';
import type { KafkaClient } from './client-api.js';
import { KAFKA_CLIENTS, kafkaClientOf, requireInstalled } from './clients.js';

/** How long an admin read retries an error Kafka marks retriable (a leader election after a topic was just created or a broker restarted), ms. */
const ADMIN_RETRY_MS = 10_000;

/**
 * Runs an admin read again while it fails with an error kafkajs marks `retriable`
 * (NOT_LEADER_OR_FOLLOWER, UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE…), up to
 * {@link ADMIN_RETRY_MS}; kafkajs's own retry gives up on these quicker than a fresh topic's
 * leadership settles. Other errors, and the last retriable one, are thrown.
 */
async function whileRetriable<T>(read: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + ADMIN_RETRY_MS;
  for (;;) {
    try {
      return await read();
    } catch (err) {
      const retriable = typeof err === 'object' && err !== null && (err as { retriable?: unknown }).retriable === true;
      if (!retriable || Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** What Kafka can do, with the codecs of the chosen client. */
export function kafkaCapabilities(config: Pick<DriverConfig, 'client'>): DriverCapabilities {
  return {
    partitions: true,
    groups: 'shared-subscription',
    offsets: true,
    acks: [0, 1, -1],
    nativeOneWay: true,
    idempotence: true,
    compression: kafkaClientOf(config.client)?.codecs ?? ['none'],
    redeliveryFlag: false,
    resends: true,
    backlog: 'offsets',
  };
}

/** Broker settings the analysis reads (the thread pools its thread actions resize). */
const BROKER_SETTINGS = ['num.io.threads', 'num.network.threads'];

/** {@link BROKER_SETTINGS} of the first broker of the cluster (DescribeConfigs, resource type 4 = broker). */
async function readBrokerSettings(admin: Admin): Promise<Record<string, string>> {
  const nodeId = (await admin.describeCluster()).brokers[0]?.nodeId;
  if (nodeId === undefined) return {};
  const r = await admin.describeConfigs({ includeSynonyms: false, resources: [{ type: 4 as ConfigResourceTypes, name: String(nodeId), configNames: BROKER_SETTINGS }] });
  const entries = (r.resources[0]?.configEntries ?? []).filter((e) => BROKER_SETTINGS.includes(e.configName) && typeof e.configValue === 'string');
  return Object.fromEntries(entries.map((e) => [e.configName, e.configValue]));
}

export class KafkaDriver implements Driver, OffsetAdmin {
  readonly kind = 'kafka' as const;
  readonly capabilities: DriverCapabilities;
  /** Kafka positions are offsets: this driver is its own {@link OffsetAdmin}. */
  readonly offsets: OffsetAdmin = this;
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private adminConnecting: Promise<Admin> | null = null;
  private readonly listeners: Array<(e: ClientEvent) => void> = [];
  private client: Promise<KafkaClient> | null = null;
  private readonly partitionCounts = new Map<string, Promise<number>>();
  /** Last client log errors, for diagnostics (message → count). */
  readonly clientErrors = new Map<string, number>();

  constructor(
    private readonly config: DriverConfig,
    private readonly clientId: string,
  ) {
    this.capabilities = kafkaCapabilities(config);
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

  async brokerSettings(timeoutMs: number): Promise<Record<string, string>> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<Record<string, string>>((res) => (timer = setTimeout(() => res({}), timeoutMs)));
    try {
      return await Promise.race([this.getAdmin().then(readBrokerSettings).catch(() => ({})), late]);
    } finally {
      clearTimeout(timer);
    }
  }

  async ensureTopics(topics: TopicRequest[]): Promise<void> {
    const admin = await this.getAdmin();
    // A broker that has just restarted may not host its partitions yet: list and create again
    // (a retry finds what the failed attempt created and leaves it), then wait for metadata.
    await whileRetriable(async () => {
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
    });
    const md = await whileRetriable(() => admin.fetchTopicMetadata({ topics: topics.map((t) => t.name) }));
    // Kafka can add partitions to a topic (never take them away): a topic that exists with fewer
    // than the profile asks for is grown to it (what `mqload tune` relies on); more are left alone.
    const grow = topics.flatMap((t) => {
      const have = md.topics.find((m) => m.name === t.name)?.partitions.length ?? 0;
      return t.partitions !== undefined && have > 0 && t.partitions > have ? [{ topic: t.name, count: t.partitions }] : [];
    });
    if (grow.length > 0) {
      await whileRetriable(() => admin.createPartitions({ topicPartitions: grow }));
      await whileRetriable(() => admin.fetchTopicMetadata({ topics: grow.map((g) => g.topic) }));
    }
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
    const md = await whileRetriable(() => admin.fetchTopicMetadata({ topics: [topic] }));
    return md.topics[0]?.partitions.length ?? 0;
  }

  async topicOffsets(topic: string): Promise<PartitionOffsets[]> {
    const admin = await this.getAdmin();
    const offsets = await whileRetriable(() => admin.fetchTopicOffsets(topic));
    return offsets
      .map((o) => ({ partition: o.partition, high: BigInt(o.high), low: BigInt(o.low) }))
      .sort((a, b) => a.partition - b.partition);
  }

  async groupOffsets(groupId: string, topic: string): Promise<GroupPartitionOffset[]> {
    const admin = await this.getAdmin();
    const res = await whileRetriable(() => admin.fetchOffsets({ groupId, topics: [topic] }));
    const out: GroupPartitionOffset[] = [];
    for (const t of res) for (const p of t.partitions) out.push({ topic: t.topic, partition: p.partition, committed: BigInt(p.offset) });
    return out.sort((a, b) => a.partition - b.partition);
  }

  async setGroupOffsets(groupId: string, topic: string, offsets: Array<{ partition: number; offset: bigint }>): Promise<void> {
    const admin = await this.getAdmin();
    await admin.setOffsets({ groupId, topic, partitions: offsets.map((o) => ({ partition: o.partition, offset: o.offset.toString() })) });
  }

  /**
   * Commits each group's start offsets: the log end (`run`) or start (`earliest`) of every
   * partition. Slow with some clients (kafkajs waits one fetch interval), so callers overlap it
   * with worker start-up.
   */
  async prepareGroups(groups: GroupRequest[]): Promise<void> {
    await Promise.all(
      groups.map(async (g) => {
        // A shared group (execution segments): segment 1 positions it; joining while its admin commit is still a member would fail.
        if (g.shared && (await this.awaitPositioned(g.groupId, g.topic))) return;
        const offsets = await this.topicOffsets(g.topic);
        await this.setGroupOffsets(g.groupId, g.topic, offsets.map((o) => ({ partition: o.partition, offset: g.startFrom === 'earliest' ? o.low : o.high })));
      }),
    );
  }

  /**
   * Waits until every partition of `topic` has a committed offset of `groupId` (another process
   * positioned the group) and that process's positioning member has left; false after
   * {@link SHARED_GROUP_WAIT_MS} without.
   */
  private async awaitPositioned(groupId: string, topic: string): Promise<boolean> {
    const deadline = Date.now() + SHARED_GROUP_WAIT_MS;
    const partitions = await this.partitionCount(topic);
    while (Date.now() < deadline) {
      const committed = (await this.groupOffsets(groupId, topic)).filter((o) => o.committed >= 0n);
      if (partitions > 0 && committed.length >= partitions && !(await this.positioningMemberPresent(groupId))) return true;
      await new Promise((r) => setTimeout(r, 200));
    }
    return false;
  }

  /**
   * Whether the group still has a member that is not a load consumer: kafkajs's setOffsets joins
   * the group with the coordinator's client id and its own assignor, and a consumer of another
   * protocol that joins meanwhile is refused (INCONSISTENT_GROUP_PROTOCOL).
   */
  private async positioningMemberPresent(groupId: string): Promise<boolean> {
    const admin = await this.getAdmin();
    const { groups } = await whileRetriable(() => admin.describeGroups([groupId]));
    return (groups[0]?.members ?? []).some((m) => m.clientId.endsWith('-coordinator'));
  }

  /** Lag per group: log end − committed offset summed over partitions (log start where nothing is committed). */
  async backlog(groups: ReadonlyArray<{ groupId: string; topic: string }>): Promise<BacklogReading[]> {
    return Promise.all(
      groups.map(async (g) => {
        const [ends, committed] = await Promise.all([this.topicOffsets(g.topic), this.groupOffsets(g.groupId, g.topic)]);
        const at = new Map(committed.map((c) => [c.partition, c.committed]));
        let messages = 0n;
        for (const e of ends) {
          const c = at.get(e.partition) ?? -1n;
          const from = c < 0n ? e.low : c;
          if (e.high > from) messages += e.high - from;
        }
        return { groupId: g.groupId, topic: g.topic, messages: Number(messages) };
      }),
    );
  }

  async deleteGroups(groupIds: string[]): Promise<void> {
    if (groupIds.length === 0) return;
    const admin = await this.getAdmin();
    const known = new Set((await admin.listGroups()).groups.map((g) => g.groupId));
    const present = groupIds.filter((g) => known.has(g));
    if (present.length > 0) await admin.deleteGroups(present);
  }

  /** The chosen client library, loaded once; a missing optional client is an environment error (exit 4). */
  private getClient(): Promise<KafkaClient> {
    if (!this.client) {
      const d = kafkaClientOf(this.config.client);
      if (!d) throw new EnvironmentError(`unknown Kafka client "${String(this.config.client)}"`, `use driver.client: ${Object.keys(KAFKA_CLIENTS).join(', ')}`);
      requireInstalled(d);
      this.client = d.load().then((factory) =>
        factory({
          config: this.config,
          clientId: this.clientId,
          emit: (e) => this.emit(e),
          partitionCount: (topic) => this.cachedPartitionCount(topic),
        }),
      );
    }
    return this.client;
  }

  private cachedPartitionCount(topic: string): Promise<number> {
    let p = this.partitionCounts.get(topic);
    if (!p) {
      p = this.partitionCount(topic);
      this.partitionCounts.set(topic, p);
      p.catch(() => this.partitionCounts.delete(topic));
    }
    return p;
  }

  async createProducer(opts: ProducerOptions, listener: SendListener): Promise<DriverProducer> {
    return (await this.getClient()).createProducer(opts, listener);
  }

  async createConsumer(opts: ConsumerOptions): Promise<DriverConsumer> {
    return (await this.getClient()).createConsumer(opts);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.then((c) => c.close()).catch(() => undefined);
    if (this.admin) await this.admin.disconnect().catch(() => undefined);
    this.admin = null;
    this.adminConnecting = null;
  }
}
