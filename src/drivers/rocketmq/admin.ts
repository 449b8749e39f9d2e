/**
 * RocketMQ administration over the remoting protocol (see remoting.ts): what `mqadmin`
 * updateTopic / deleteTopic / updateSubGroup / deleteSubGroup / consumerProgress do, without a
 * JVM. Topics are created on the one broker mqload talks to (its remoting address) with the
 * attribute `+message.type=NORMAL` that gRPC producers of normal messages need, and removed from
 * the broker and the name server.
 */
import { invokeOk, parseConsumeStats, remotingAddress, RequestCode, ResponseCode, type QueueProgress, type RemotingAddress } from './remoting.js';

/** Read and write permission of a topic (PermName.PERM_READ | PERM_WRITE). */
const PERM_READ_WRITE = 6;

export interface RocketmqAdminOptions {
  /** Broker remoting address `host:port` (default port 10911). */
  broker: string;
  /** Name server address `host:port` (default port 9876). */
  namesrv: string;
  /** Cluster the broker belongs to (`brokerClusterName`). */
  cluster: string;
  /** Per-request timeout, ms. */
  timeoutMs: number;
}

export class RocketmqAdmin {
  readonly broker: RemotingAddress;
  readonly namesrv: RemotingAddress;

  constructor(readonly opts: RocketmqAdminOptions) {
    this.broker = remotingAddress(opts.broker);
    this.namesrv = remotingAddress(opts.namesrv);
  }

  private call(addr: RemotingAddress, code: number, ext: Record<string, string>, more: { body?: Buffer; alsoOk?: readonly number[] } = {}) {
    return invokeOk(addr, code, ext, { timeoutMs: this.opts.timeoutMs, ...more });
  }

  /** The broker's runtime counters (GET_BROKER_RUNTIME_INFO: `putTps`, `getTransferredTps`, `commitLogDiskRatio`, …), all as strings. */
  async runtimeInfo(): Promise<Record<string, string>> {
    const r = await this.call(this.broker, RequestCode.GET_BROKER_RUNTIME_INFO, {});
    const body = JSON.parse(r.body.toString('utf8') || '{}') as { table?: Record<string, string> };
    return body.table ?? {};
  }

  /**
   * The broker's configuration as it runs (GET_BROKER_CONFIG: every `BrokerConfig`,
   * `MessageStoreConfig`, … field as `key=value` lines, e.g. `flushDiskType=ASYNC_FLUSH`,
   * `brokerRole=ASYNC_MASTER`), all as strings.
   */
  async brokerConfig(): Promise<Record<string, string>> {
    const r = await this.call(this.broker, RequestCode.GET_BROKER_CONFIG, {});
    return parseProperties(r.body.toString('utf8'));
  }

  /** Whether the name server has a route for the topic (GET_ROUTEINFO_BY_TOPIC; TOPIC_NOT_EXIST: no). */
  async hasRoute(topic: string): Promise<boolean> {
    const r = await this.call(this.namesrv, RequestCode.GET_ROUTEINFO_BY_TOPIC, { topic }, { alsoOk: [ResponseCode.TOPIC_NOT_EXIST] });
    return r.code === ResponseCode.SUCCESS;
  }

  /**
   * Creates (or updates) a topic on the broker and waits, up to `routeWaitMs` (default 10 s), until
   * the name server routes it: the broker registers a new topic there on its own time, and a
   * client that starts before that gives up ("Failed to fetch topic routes").
   */
  async createTopic(topic: string, queues: number, routeWaitMs = 10_000): Promise<void> {
    await this.createTopicOnBroker(topic, queues);
    const deadline = Date.now() + routeWaitMs;
    while (!(await this.hasRoute(topic))) {
      if (Date.now() > deadline) throw new Error(`the name server has no route for topic ${topic} ${Math.round(routeWaitMs / 1000)} s after the broker created it`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** Creates (or updates) a normal-message topic with `queues` read and write queues on the broker. */
  private async createTopicOnBroker(topic: string, queues: number): Promise<void> {
    await this.call(this.broker, RequestCode.UPDATE_AND_CREATE_TOPIC, {
      topic,
      defaultTopic: 'TBW102',
      readQueueNums: String(queues),
      writeQueueNums: String(queues),
      perm: String(PERM_READ_WRITE),
      topicFilterType: 'SINGLE_TAG',
      topicSysFlag: '0',
      order: 'false',
      attributes: '+message.type=NORMAL',
    });
  }

  /** Deletes a topic from the broker, then from the name server (a missing one is no error). */
  async deleteTopic(topic: string): Promise<void> {
    await this.call(this.broker, RequestCode.DELETE_TOPIC_IN_BROKER, { topic }, { alsoOk: [ResponseCode.TOPIC_NOT_EXIST] });
    await this.call(this.namesrv, RequestCode.DELETE_TOPIC_IN_NAMESRV, { topic, clusterName: this.opts.cluster }, { alsoOk: [ResponseCode.TOPIC_NOT_EXIST] });
  }

  /** Creates (or updates) a subscription group that consumes, with retries to its retry topic. */
  async createGroup(group: string): Promise<void> {
    const body = Buffer.from(JSON.stringify({ groupName: group, consumeEnable: true, consumeFromMinEnable: true, consumeBroadcastEnable: false, retryQueueNums: 1, retryMaxTimes: 16, brokerId: 0, whichBrokerWhenConsumeSlowly: 1, notifyConsumerIdsChangedEnable: true }), 'utf8');
    await this.call(this.broker, RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP, {}, { body });
  }

  /** Deletes a subscription group and its offsets (a missing one is no error). */
  async deleteGroup(group: string): Promise<void> {
    await this.call(this.broker, RequestCode.DELETE_SUBSCRIPTIONGROUP, { groupName: group, cleanOffset: 'true' }, { alsoOk: [ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST] });
  }

  /** Next offset the broker will write on a queue. */
  async maxOffset(topic: string, queueId: number): Promise<number> {
    const r = await this.call(this.broker, RequestCode.GET_MAX_OFFSET, { topic, queueId: String(queueId) });
    return Number(r.extFields['offset'] ?? 0);
  }

  /** Sets a group's committed offset on one queue. */
  async setOffset(group: string, topic: string, queueId: number, offset: number): Promise<void> {
    await this.call(this.broker, RequestCode.UPDATE_CONSUMER_OFFSET, { consumerGroup: group, topic, queueId: String(queueId), commitOffset: String(offset) });
  }

  /**
   * Per-queue broker and consumer offsets of a group on a topic and on the group's retry topics
   * (`%RETRY%<group>…`: a message received and not acknowledged within its invisible duration is
   * revived there, and the topic's own offset moves past it); empty when the broker knows no
   * offsets of the group.
   */
  async progress(group: string, topic: string): Promise<QueueProgress[]> {
    const r = await this.call(this.broker, RequestCode.GET_CONSUME_STATS, { consumerGroup: group }, { alsoOk: [ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, ResponseCode.TOPIC_NOT_EXIST, 1] });
    return r.code === ResponseCode.SUCCESS ? parseConsumeStats(r.body).filter((q) => q.topic === topic || q.topic.startsWith(`%RETRY%${group}`)) : [];
  }
}

/** `key=value` lines (Java properties as RocketMQ's `MixAll.properties2String` writes them: no escapes, `#` comments). */
export function parseProperties(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const eq = line.indexOf('=');
    if (eq <= 0 || line.startsWith('#')) continue;
    out[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
  }
  return out;
}
