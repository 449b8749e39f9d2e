/**
 * Parameter choices for every finding template in src/recommendations, so a test can render
 * every text the code can produce. Each field lists the values worth trying (null and the
 * branches a template switches on); {@link findingVariants} takes their cartesian product.
 * The table is typed by finding id, so a new template without choices fails to compile.
 */
import type { FindingId, FindingParams } from '../../src/recommendations/index.js';
import { BROKER_ADVICE } from '../../src/recommendations/advice.js';
import type { BrokerKind } from '../../src/drivers/types.js';

/** For each field of `T`, the values to try. */
export type Choices<T> = { [F in keyof T]-?: readonly T[F][] };

/** Worker and core counts: every workers-vs-cores branch, unknown included. */
const COUNTS = [null, 1, 2, 3, 4] as const;
const INSTANCE = ['broker-1:9404'] as const;
const GROUP = ['g1'] as const;
const TOPIC = ['orders'] as const;
const SHARE_P99: Choices<FindingParams<'produce-time-local'>> = { instance: INSTANCE, share: [0.6], totalP99Ms: [42] };
/** Every broker kind a core text has advice for, unknown included. */
const KINDS: readonly (BrokerKind | null)[] = [null, ...(Object.keys(BROKER_ADVICE) as BrokerKind[])];
const PEAK: Choices<FindingParams<'healthy'>> = { rate: [5000], headroom: [[], ['broker CPU 30 %', 'disk 10 %']], unmeasured: [[], ['network']], broker: KINDS };
const SCALE = { partitions: [null, 4, 8], consumers: [null, 2, 8], neededConsumers: [null, 2, 6, 16] } as const;

/** What the Artemis paging and address-full texts share: own limit or the global one, with and without consumer figures. */
const ARTEMIS_ADDRESS = {
  address: ['orders'], deepestQueueMessages: [200000], backlogBytes: [2.05e8], maxSizeBytes: [null, 1.05e7], globalMaxBytes: [null, 2.68e8], heapMaxBytes: [null, 5.36e8],
  suggestedLimitBytes: [null, 2.56e8], suggestedHeapBytes: [null, 5.12e8], slowQueue: [null, 'orders.g0'], consumers: [null, 2], perConsumerRate: [null, 300], targetRate: [1000], neededConsumers: [null, 4],
} as const;

/** Parameter choices by finding id. */
export const FINDING_CHOICES: { [K in FindingId]: Choices<FindingParams<K>> } = {
  'generator-host-cpu': { medianPercent: [95], limitPercent: [90], brokerLocal: [false, true], sharedBy: [null, { mqloadPercent: 12, brokerPercent: 20, otherPercent: 63 }] },
  'generator-process-cpu': { maxCorePercent: [99], hostPercent: [40], processPercent: [98], workers: COUNTS, cores: COUNTS },
  'generator-event-loop': { instance: ['worker-0'], delayP99Ms: [null, 120], utilization: [null, 0.95], workers: COUNTS, cores: COUNTS },
  'generator-memory': { usedRatio: [0.95], limitRatio: [0.9], brokerLocal: [false, true] },
  'generator-behind-schedule': {
    delayP99Ms: [80], limitMs: [50], sendIntervalMs: [1], growthMsPerSec: [null, 12], mode: ['sync', 'async'],
    producers: [2], neededProducers: [null, 8], workers: COUNTS, cores: COUNTS,
  },
  'generator-dropped-sends': {
    dropped: [1200], share: [0.12], mode: ['sync', 'async'], maxInFlight: [null, 64], suggestedMaxInFlight: [null, 256], publishP99Ms: [null, 30],
  },
  'generator-rate-not-met': {
    achieved: [800], target: [1000], ratio: [0.8], because: ['generator-hot', 'broker-idle'], mode: ['sync', 'async'], workers: COUNTS, cores: COUNTS,
  },
  'broker-cpu-high': {
    instance: INSTANCE, medianRatio: [0.92], origin: ['node', 'broker-process'], loadPerCore: [null, 1.5], brokers: [null, 3], brokersToAdd: [null, -1, 0, 1, 2], broker: KINDS },
  'broker-memory-low': { instance: INSTANCE, availableRatio: [0.05], limitRatio: [0.1], broker: KINDS },
  'broker-network-saturated': { instance: INSTANCE, utilisation: [0.85], limitRatio: [0.7] },
  'broker-disk-busy': { instance: INSTANCE, busyRatio: [0.9], broker: KINDS },
  'request-handler-saturated': { instance: INSTANCE, idleMedian: [0.1], cpuHeadroom: [null, false, true], brokers: [null, 3], threads: [null, 8], suggestedThreads: [null, 11] },
  'network-processor-saturated': { instance: INSTANCE, idleMedian: [0.1], messagesPerRequest: [null, 1.2], threads: [null, 3], suggestedThreads: [null, 4] },
  'produce-time-request-queue': SHARE_P99,
  'produce-time-local': SHARE_P99,
  'produce-time-remote': SHARE_P99,
  'produce-time-response': SHARE_P99,
  'jvm-heap-pressure': { instance: INSTANCE, ratio: [0.9], oldGenBytes: [0.9 * 1024 ** 3, 6 * 1024 ** 3], heapMaxBytes: [1024 ** 3, 8 * 1024 ** 3], suggestedHeapGiB: [2, 10], broker: KINDS },
  'jvm-gc-time': { instance: INSTANCE, ratio: [0.2], limit: [0.1], broker: KINDS },
  'jvm-old-gc': { instance: INSTANCE, collections: [1, 3], seconds: [null, 2.5], broker: KINDS },
  'under-replicated-partitions': { instance: INSTANCE, maxUrp: [12], faultsInWindow: [false, true] },
  'isr-shrinks': { instance: INSTANCE, shrinks: [1, 4], faultsInWindow: [false, true] },
  'under-min-isr': { instance: INSTANCE, maxCount: [1, 5] },
  'consumer-lag-growing': {
    group: GROUP, topic: TOPIC, growthPerSec: [150], endLag: [90000], burrow: [null, 'OK', 'WARN'], drainAfterStopSec: [null, 600], ...SCALE, broker: KINDS },
  'consumer-stalled': { group: GROUP, topic: TOPIC, status: ['STOP', 'STALL', 'REWIND'], partitions: [['0'], ['0', '3']], lag: [5000] },
  'consumer-time-lag': { statistic: ['p99'], measuredMs: [2500], objectiveMs: [1000], objectiveFrom: ['profile', 'default'], source: ['e2e', 'time-lag'] },
  'consumer-idle': { topic: TOPIC, perGroup: [8], partitions: [1, 4], groups: [1, 2] },
  'consumer-rebalances': { count: [1, 6], faults: [false, true] },
  'partition-skew': { group: GROUP, topic: TOPIC, ratio: [3.2], hottest: ['2'], keys: [null, 'hot', 'random'], hotShare: [null, 0.8] },
  'consumer-processing-bound': {
    group: [null, 'g1'], topic: TOPIC, delayMs: [5], perConsumerRate: [190], capacityPerConsumer: [200], e2eP50Ms: [null, 400], publishP50Ms: [null, 3], ...SCALE, broker: KINDS },
  'rate-not-met': { achieved: [800], target: [1000], ratio: [0.8], blame: ['broker', 'undetermined', 'unmeasured'], broker: KINDS },
  'generator-no-load': { dropped: [0, 50], windowSec: [60] },
  'no-acks': { sent: [1000], failed: [1000], top: [null, 'UNKNOWN_TOPIC_OR_PARTITION'], broker: KINDS },
  'tiny-batches': {
    messagesPerRequest: [1.1], lingerMs: [null, 0], maxRecords: [null, 10, 500], suggestedLingerMs: [null, 10], mode: ['sync', 'async'], hot: ['broker CPU is high'],
  },
  'sync-round-trip-limit': { producers: [2], latencyMs: [4], maxRate: [500], achieved: [480], target: [1000], neededProducers: [5] },
  'producer-errors': { failed: [20], sent: [1000], share: [0.02], top: [null, 'REQUEST_TIMED_OUT'] },
  'client-timeouts': { timeouts: [1, 7], retries: [null, 3] },
  'delivery-loss': { group: GROUP, lost: [10], lostUnacked: [0, 4], acked: [1000], broker: KINDS },
  'delivery-backlog': { group: GROUP, undelivered: [300] },
  'delivery-duplicates': { group: GROUP, duplicated: [12], broker: KINDS },
  'delivery-redelivered': { group: GROUP, redelivered: [1, 40] },
  'delivery-reordering': { group: GROUP, reordered: [3], broker: KINDS },
  'rabbitmq-memory-alarm': {
    node: ['rabbit@host'], alarmSec: [12], peakUsedBytes: [3.2e9], limitBytes: [3e9], peakRatio: [1.07], neededLimitBytes: [4e9],
    ramBytes: [null, 8e9, 5e9], suggestedWatermark: [null, 0.5, 0.8], watermarkMin: [0.4], watermarkMax: [0.7], blockedConnections: [null, 0, 6],
  },
  'rabbitmq-disk-alarm': { node: ['rabbit@host'], alarmSec: [8], minFreeBytes: [4e7], limitBytes: [5e7, 4e9], memLimitBytes: [null, 3e9] },
  'rabbitmq-flow-control': { flowConnections: [1, 4], share: [0.8], flowChannels: [null, 3], flowQueues: [[], ['q1'], ['q1', 'q2', 'q3', 'q4', 'q5']], stage: ['connection', 'channel', 'queue'] },
  'rabbitmq-messages-dropped': { cause: ['max-length', 'unroutable'], total: [1500], peakPerSec: [300], overflow: [null, 'drop-head', 'reject-publish'], maxLength: [null, 1000] },
  'rabbitmq-consumers-limit': {
    queue: ['orders.g0'], growthPerSec: [380], endDepth: [6000], addedPerSec: [null], capacity: [null, 0.2], consumers: [null, 2, 8], perConsumerRate: [null, 200], targetRate: [800], neededConsumers: [null, 2, 4],
  },
  'rabbitmq-unacked-at-prefetch': {
    queue: ['orders.g0'], unacked: [2], consumers: [2], prefetch: [1, 500], perConsumerRate: [null, 250], rttMs: [null, 3], suggestedPrefetch: [null, 10],
    prefetchCap: [300], quorumCap: [null, 2000], processingBound: [false, true], targetRate: [800], neededConsumers: [null, 2, 4],
  },
  'rabbitmq-confirm-latency': {
    p99Ms: [900], limitMs: [500], queueType: ['classic', 'quorum', 'stream'], persistent: [false, true], targetRate: [2000], neededInFlight: [1800], producers: [2], perProducerInFlight: [900], maxInFlight: [null, 500],
  },
  'rabbitmq-hot-queue': { queue: ['orders.g0'], share: [0.95], queueRate: [20000], coreShare: [0.97], hostCpuRatio: [null, 0.4], cores: [8], targetRate: [50000], queuesNeeded: [null, 1, 3] },
  'rabbitmq-redeliveries': { ratePerSec: [35], peakPerSec: [120], limitPerSec: [20], queue: [null, 'orders.g0'], verifiedRedelivered: [null, 0, 400] },
  'artemis-consumers-limit': {
    queue: ['orders.g0'], growthPerSec: [380], endDepth: [6000], consumers: [null, 2, 8], addedPerSec: [null, 1000], capacity: [null], perConsumerRate: [null, 200], targetRate: [800], neededConsumers: [null, 2, 4],
  },
  'artemis-consumers-at-credit': {
    queue: ['orders.g0'], delivering: [1000], consumers: [2], credit: [1, 500], perConsumerRate: [null, 250], rttMs: [null, 3], suggestedCredit: [null, 10],
    creditMax: [2000], processingBound: [false, true], targetRate: [800], neededConsumers: [null, 2, 4],
  },
  'artemis-address-paging': { ...ARTEMIS_ADDRESS, pagingSec: [14], maxPages: [null, 3] },
  'artemis-address-full': { ...ARTEMIS_ADDRESS, policy: ['BLOCK', 'FAIL', 'DROP'], fullSec: [9] },
  'artemis-global-memory': {
    peakPercent: [93, 100], full: [false, true], peakBytes: [null, 2.5e8], globalMaxBytes: [null, 2.68e8], heapMaxBytes: [null, 5.36e8], suggestedGlobalMaxBytes: [null, 3.2e8], suggestedHeapBytes: [null, 6.4e8],
  },
  'artemis-journal-nio': { p99Ms: [48], limitMs: [20], topics: [['orders'], ['orders', 'audit']], os: ['Linux'], bufferTimeoutMs: [null, 3.333333], aioBufferTimeoutMs: [0.5] },
  'activemq-usage-high': { usage: ['memory', 'store', 'temp'], peakPercent: [85, 100], full: [false, true], limitBytes: [null, 67108864] },
  'activemq-consumers-limit': { queue: ['Consumer.g0.VirtualTopic.orders'], growthPerSec: [380], endDepth: [6000], addedPerSec: [null], capacity: [null], consumers: [null, 2, 8], perConsumerRate: [null, 200], targetRate: [800], neededConsumers: [null, 2, 4] },
  'activemq-consumers-at-prefetch': { queue: ['orders'], inFlight: [1000], consumers: [2], prefetch: [500], perConsumerRate: [null, 250], processingBound: [false, true], targetRate: [800], neededConsumers: [null, 2, 4] },
  'rocketmq-consumers-limit': {
    group: GROUP, topic: TOPIC, growthPerSec: [380], endLag: [6000], readyMessages: [5000], inflightMessages: [64], consumersBusy: [false, true],
    consumers: [2, 8], queues: [4, 8], perConsumerRate: [null, 200], targetRate: [800], neededConsumers: [null, 2, 4, 12],
  },
  'rocketmq-flow-control': {
    refused: [120], sent: [50000], share: [0.0024], stage: ['send-queue-wait', 'page-cache-lock', 'rejected', 'overload', 'other'], top: ['[response-code=42900] [TIMEOUT_CLEAN_QUEUE]broker busy (×120)'],
    maxAttempts: [null, 3], syncFlush: [null, false, true], sendQueuePeak: [null, 900],
  },
  'rocketmq-sync-flush-latency': { p99Ms: [180], limitMs: [50], syncReplication: [false, true], flushIntervalMs: [500], ratePerSec: [null, 2000] },
  'rocketmq-async-flush-window': { flushIntervalMs: [500], messagesAtRisk: [null, 1000], syncReplication: [false, true] },
  'limit-unidentified': PEAK,
  healthy: PEAK,
};

/** Every combination of the choices: one parameter object per element of the cartesian product. */
export function combinations<T>(choices: Choices<T>): T[] {
  let rows: Record<string, unknown>[] = [{}];
  for (const [field, values] of Object.entries(choices) as [string, readonly unknown[]][]) {
    rows = rows.flatMap((row) => values.map((value) => ({ ...row, [field]: value })));
  }
  return rows as T[];
}

/** Every parameter combination for finding `id`. */
export function findingVariants<K extends FindingId>(id: K): FindingParams<K>[] {
  return combinations(FINDING_CHOICES[id] as Choices<FindingParams<K>>);
}
