/**
 * The targets of the driver conformance suite: every driver, and every client or queue type
 * that changes how it sends and receives, with what the suite may expect of each. A target
 * builds the profile sections that differ between brokers (driver, topic, acknowledgement
 * setting, crash tuning) and says which scenarios apply: which consumer commit modes have a
 * defined outcome under a crash, whether competing consumers share a group, whether a broker
 * restart can be run here and how its log is read back.
 *
 * Kafka: one target per client library (`$MQLOAD_TEST_CLIENTS` or every installed one), against
 * the local Kafka (`mqload local up`). RabbitMQ: one target per queue type (classic, quorum,
 * stream) against this machine's broker (`$MQLOAD_TEST_RABBITMQ_URL`). Artemis: anycast
 * (point-to-point) and multicast (a queue per group) addresses against the local Artemis, which
 * the suite starts through its launcher when it is not running and stops again afterwards.
 * RocketMQ: normal topics against the local RocketMQ (gRPC through its proxy), started and stopped
 * the same way. ActiveMQ Classic: a queue (point-to-point) and a virtual topic (a queue per
 * group) against the local ActiveMQ, the same way. The next broker adds its targets here and
 * runs the same scenarios.
 */
import { testBrokers, uniqueName } from './broker.js';
import { testClients } from './clients.js';
import { readBackLog } from './log-readback.js';
import { RABBITMQ_URL, rabbitName, waitForRabbit } from './rabbitmq.js';
import { ARTEMIS_URL, artemisName, useLocalArtemis } from './artemis.js';
import { ROCKETMQ_ENDPOINT, rocketmqName, useLocalRocketmq, warmUpRocketmq } from './rocketmq.js';
import { ACTIVEMQ_URL, activemqName, useLocalActivemq } from './activemq.js';
import { waitForLocalBroker } from '../verify/run-helpers.js';

type Section = Record<string, unknown>;
export type CommitMode = 'auto' | 'after-process' | 'before-process';

/** What a read-back of the log with an independent client found (Kafka only). */
export interface LogReadBack {
  unique: number;
  writtenTwice: number;
}

/** How a broker restart runs against a target, where one can. */
export interface RestartScenario {
  /** Fields of the `broker-restart` fault beyond `at` and `action`. */
  readonly fault: Section;
  /** Producer fields the restart scenario uses (idempotence, retries). */
  readonly producers: Section;
  /** Each acknowledged message is in the log exactly once, read back independently, when the broker keeps a log to read. */
  readBack?(topic: string, runId: string): Promise<LogReadBack>;
  /** Whether sends during the outage fail, counted (RabbitMQ drops the channel; Kafka's producers retry through it). */
  readonly sendsFailDuringOutage: boolean;
}

export interface ConformanceTarget {
  /** "kafka platformatic", "rabbitmq quorum": the prefix of each test's name. */
  readonly name: string;
  /** false, or why this target is skipped here. */
  readonly skip: string | false;
  /** A unique topic name for one test. */
  topicName(prefix: string): string;
  /** The profile's `driver` section, with `config` added to the target's own. */
  driver(config?: Section): Section;
  /** A `topics[]` entry; `fanout` when each group must get every message through its own binding. */
  topic(name: string, opts?: { fanout?: boolean; deleteAfterRun?: boolean }): Section;
  /** The producers' acknowledgement field for a send mode (absent for one-way). */
  acks(mode: 'sync' | 'async' | 'oneway'): Section;
  /** Whether what is still queued at the end can be counted (a stream's backlog cannot be, over AMQP). */
  readonly backlogKnown: boolean;
  /** Most consumers one group may have here (a stream queue's consumers do not compete: 1). */
  readonly maxPerGroup: number;
  /** Whether a retried send may land out of order (kafkajs retries each in-flight request on its own). */
  readonly reordersOnRetry: boolean;
  /**
   * The broker keeps no order a verifier can check (RocketMQ: concurrent sends to a normal topic
   * land in its queues in any order): reordering is reported, not asserted.
   */
  readonly unordered?: boolean;
  /** Why the backlog scenario cannot be judged on this target, when it cannot. */
  readonly backlogSkip?: string;
  /** Fraction of the scenarios' standard rates (and of the counts they expect) the target runs at here; default 1. */
  readonly rateScale?: number;
  /** Driver config for the consumer-crash scenario (small fetches or prefetch, fast group rejoin). */
  readonly crashConfig: Section;
  /** Commit modes whose outcome under a consumer crash is defined for this target. */
  readonly crashCommits: readonly CommitMode[];
  /** Whether a crash with `before-process` also hands back (flagged) what the consumer held unacknowledged. */
  readonly beforeProcessRedelivers: boolean;
  /** The broker-restart scenario, where this target can run it here. */
  readonly restart?: RestartScenario;
  /** Resolves when the broker answers (a previous fault test may have restarted it). */
  ready(): Promise<void>;
  /** Registers the file-level hooks the target needs (start a local broker before the tests, stop it after). */
  setup?(): void;
}

const FAST_GROUPS = { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 1000 };
/** Kafka clients that may reorder within a partition when they retry a produce request. */
const REORDERS_ON_RETRY: ReadonlySet<string> = new Set(['kafkajs']);

function kafkaTargets(): ConformanceTarget[] {
  return testClients().map(({ name: client, skipReason }) => ({
    name: `kafka ${client}`,
    skip: skipReason,
    topicName: (prefix) => uniqueName(prefix),
    driver: (config = {}) => ({ type: 'kafka', brokers: testBrokers(), client, config }),
    topic: (name, opts = {}) => ({ name, partitions: 3, replicationFactor: 1, deleteAfterRun: opts.deleteAfterRun ?? true }),
    acks: (mode) => (mode === 'oneway' ? {} : { acks: 'all' }),
    backlogKnown: true,
    maxPerGroup: 3,
    reordersOnRetry: REORDERS_ON_RETRY.has(client),
    crashConfig: { 'max.partition.fetch.bytes': 16384, ...FAST_GROUPS },
    crashCommits: ['before-process', 'after-process'],
    beforeProcessRedelivers: false,
    restart: {
      fault: {},
      producers: { idempotent: true, retries: 30 },
      readBack: readBackLog,
      sendsFailDuringOutage: false,
    },
    ready: () => waitForLocalBroker(),
  }));
}

const RABBITMQ_QUEUE_TYPES = ['classic', 'quorum', 'stream'] as const;

function rabbitTargets(): ConformanceTarget[] {
  return RABBITMQ_QUEUE_TYPES.map((queueType) => ({
    name: `rabbitmq ${queueType}`,
    skip: false,
    topicName: (prefix) => rabbitName(prefix),
    driver: (config = {}) => ({ type: 'rabbitmq', url: RABBITMQ_URL, config }),
    topic: (name, opts = {}) => ({
      name,
      queueType,
      persistent: true,
      ...(opts.fanout ? { exchangeType: 'fanout' } : {}),
      deleteAfterRun: opts.deleteAfterRun ?? true,
    }),
    acks: (mode) => (mode === 'oneway' ? {} : { acks: 1 }),
    backlogKnown: queueType !== 'stream',
    maxPerGroup: queueType === 'stream' ? 1 : 3,
    reordersOnRetry: false,
    crashConfig: { prefetch: 100, consumerBatch: 20 },
    // A stream keeps every message whatever a consumer acknowledges: a crash has no outcome to check.
    crashCommits: queueType === 'stream' ? [] : ['auto', 'before-process', 'after-process'],
    beforeProcessRedelivers: true,
    // The machine's RabbitMQ is shared: stop_app/start_app only where the profile allows it, and
    // once per suite (classic stands for the others; a restart takes the whole node down).
    ...(queueType === 'classic'
      ? { restart: { fault: { downFor: '1s', allowSharedBroker: true }, producers: { retries: 0 }, sendsFailDuringOutage: true } }
      : {}),
    ready: waitForRabbit,
  }));
}

function artemisTarget(): ConformanceTarget {
  return {
    name: 'artemis',
    skip: false,
    topicName: (prefix) => artemisName(prefix),
    driver: (config = {}) => ({ type: 'artemis', url: ARTEMIS_URL, config }),
    // Point-to-point on an anycast address (its one queue); fan-out on a multicast address, a queue per group.
    topic: (name, opts = {}) => ({ name, routing: opts.fanout ? 'multicast' : 'anycast', persistent: true, deleteAfterRun: opts.deleteAfterRun ?? true }),
    acks: (mode) => (mode === 'oneway' ? {} : { acks: 1 }),
    backlogKnown: true,
    maxPerGroup: 3,
    reordersOnRetry: false,
    crashConfig: { prefetch: 100, consumerBatch: 20 },
    crashCommits: ['auto', 'before-process', 'after-process'],
    beforeProcessRedelivers: true,
    restart: { fault: {}, producers: { retries: 0 }, sendsFailDuringOutage: false },
    ready: () => Promise.resolve(),
    setup: useLocalArtemis,
  };
}

function rocketmqTarget(): ConformanceTarget {
  return {
    name: 'rocketmq',
    skip: false,
    topicName: (prefix) => rocketmqName(prefix),
    driver: (config = {}) => ({ type: 'rocketmq', brokers: [ROCKETMQ_ENDPOINT], config }),
    // Every group of a topic gets every message (a group is a subscription), so fan-out needs nothing more.
    topic: (name, opts = {}) => ({ name, deleteAfterRun: opts.deleteAfterRun ?? true }),
    acks: (mode) => (mode === 'oneway' ? {} : { acks: 1 }),
    backlogKnown: true,
    maxPerGroup: 3,
    reordersOnRetry: false,
    unordered: true,
    // Through the proxy, one gRPC call per message: about 300 messages/s on this shared 2-core machine.
    rateScale: 0.5,
    backlogSkip:
      'messages the slow consumer holds unacknowledged when the run stops are invisible for invisibleMs (>= 10 s): until the broker revives them into the retry topic they are neither lag nor received, and the 1 s grace sees them as lost',
    // The proxy refuses invisible durations under 10 s: a crashed batch comes back after that.
    crashConfig: { invisibleMs: 10000, consumerBatch: 8 },
    crashCommits: ['auto', 'before-process', 'after-process'],
    beforeProcessRedelivers: false,
    // No restart scenario: stopping and starting both JVMs takes 30–40 s on this machine, longer
    // than the scenario's 30 s of load, so "acknowledged again after the restart" could not be seen.
    ready: warmUpRocketmq,
    setup: useLocalRocketmq,
  };
}

/** ActiveMQ Classic: the Artemis scenarios on the same AMQP 1.0 driver; a queue point-to-point, a virtual topic (a queue per group) for fan-out. */
function activemqTarget(): ConformanceTarget {
  return {
    ...artemisTarget(),
    name: 'activemq',
    topicName: (prefix) => activemqName(prefix),
    driver: (config = {}) => ({ type: 'activemq', url: ACTIVEMQ_URL, config }),
    topic: (name, opts = {}) => ({ name, routing: opts.fanout ? 'virtual-topic' : 'queue', persistent: true, deleteAfterRun: opts.deleteAfterRun ?? true }),
    setup: useLocalActivemq,
  };
}

/**
 * Every conformance target, Kafka's first; `MQLOAD_CONFORMANCE_BROKERS=activemq,rocketmq` keeps
 * only those brokers' targets (the first word of their names), so a filtered run starts no other
 * local broker.
 */
export function conformanceTargets(): ConformanceTarget[] {
  const all = [...kafkaTargets(), ...rabbitTargets(), artemisTarget(), rocketmqTarget(), activemqTarget()];
  const only = (process.env['MQLOAD_CONFORMANCE_BROKERS'] ?? '').split(',').map((b) => b.trim()).filter((b) => b !== '');
  return only.length === 0 ? all : all.filter((t) => only.includes(t.name.split(' ')[0]!));
}
