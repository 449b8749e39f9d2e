/**
 * Every threshold the analyzer compares against, in one table, each with its unit and the source
 * key of /work/shared/ANALYZER-KB.md it comes from (`L` marks a heuristic to calibrate against
 * real runs). Rules read values from here; no rule carries a magic number of its own.
 */

/** One threshold: a value, its unit, and where the number comes from. */
export interface Threshold {
  readonly value: number;
  /** `ratio` is 0–1, `%` is 0–100, `samples` counts consecutive readings. */
  readonly unit: string;
  /** Source keys from the KB (e.g. `KO, RH`), `L` for a local heuristic. */
  readonly source: string;
}

/** The analyzer's thresholds. */
export const THRESHOLDS = {
  // --- window and sustained conditions ---
  /** Shortest trimmed window a rule will judge. */
  minWindowSec: { value: 10, unit: 's', source: 'L' },
  /** A condition is sustained when it holds in at least this share of the window's readings… */
  sustainedShare: { value: 0.6, unit: 'ratio', source: 'L' },
  /** …and in at least this many consecutive readings. */
  sustainedMinConsecutive: { value: 5, unit: 'samples', source: 'L' },

  // --- load generator (C1–C6) ---
  generatorHostCpuMax: { value: 80, unit: '%', source: 'K6L, BS (C1)' },
  generatorCoreSaturated: { value: 95, unit: '%', source: 'C2' },
  /** Node process CPU (percent of one core) counted as "this process is the hot one". */
  generatorProcessCpuHot: { value: 90, unit: '% of one core', source: 'C2, L' },
  eventLoopDelayP99Max: { value: 70, unit: 'ms', source: 'TB (C3)' },
  eventLoopUtilizationMax: { value: 0.9, unit: 'ratio', source: 'NODE, L (C3)' },
  generatorMemoryUsedMax: { value: 0.8, unit: 'ratio', source: 'BS (C4)' },
  /** Publish delay below this is timer jitter, whatever the send interval (C6 floor). */
  publishDelayFloorMs: { value: 10, unit: 'ms', source: 'L (C6)' },
  /** Publish-delay p50 trend above this counts as "falling behind schedule". */
  publishDelayGrowthMsPerSec: { value: 1, unit: 'ms/s', source: 'L (C6)' },
  /** Achieved ÷ target below this is "target rate not met". */
  rateAchievedMin: { value: 0.95, unit: 'ratio', source: 'K6I, C6' },
  /** Achieved below this share of the target rate makes a rate finding critical (rate-not-met, sync-round-trip). */
  rateAchievedCritical: { value: 0.8, unit: 'ratio', source: 'L (C6)' },
  /** Dropped sends at or above this share of the offered messages are critical. */
  droppedCriticalShare: { value: 0.01, unit: 'ratio', source: 'L' },

  // --- is the broker idle? (for blaming the generator) ---
  brokerIdleCpuMax: { value: 0.5, unit: 'ratio', source: 'L' },
  brokerIdleHandlerMin: { value: 0.5, unit: 'ratio', source: 'L' },

  // --- broker host (H1–H6) ---
  brokerCpuWarn: { value: 0.7, unit: 'ratio', source: 'CC (H1 planning limit)' },
  brokerCpuCritical: { value: 0.9, unit: 'ratio', source: 'NX (H1)' },
  brokerLoadPerCoreMax: { value: 2, unit: 'load1 per core', source: 'NX (H2)' },
  diskBusyMax: { value: 0.9, unit: 'ratio', source: 'NX, L (H3: busy ≈ 1.0)' },
  nicUtilisationMax: { value: 0.8, unit: 'ratio', source: 'CC (H5)' },
  /** A NIC peak at or above this makes the network finding critical. */
  nicUtilisationCritical: { value: 0.95, unit: 'ratio', source: 'L (H5)' },
  brokerMemAvailableMin: { value: 0.1, unit: 'ratio', source: 'NX (H6)' },

  // --- Kafka broker internals (K1–K9) ---
  requestHandlerIdleMin: { value: 0.3, unit: 'ratio', source: 'KO, RH (K1)' },
  requestHandlerIdleCritical: { value: 0.1, unit: 'ratio', source: 'RH (K1: add threads near 0 %)' },
  networkProcessorIdleMin: { value: 0.3, unit: 'ratio', source: 'KO, RH (K2)' },
  networkProcessorIdleCritical: { value: 0.1, unit: 'ratio', source: 'L (K2)' },
  requestQueueShareMax: { value: 0.5, unit: 'ratio', source: 'K3' },
  localTimeShareMax: { value: 0.5, unit: 'ratio', source: 'K4' },
  remoteTimeShareMax: { value: 0.5, unit: 'ratio', source: 'K5' },
  responseShareMax: { value: 0.3, unit: 'ratio', source: 'K6' },
  /** Produce p99 below this is fast whatever its breakdown (K3–K6 stay quiet). */
  requestTimeMinTotalMs: { value: 10, unit: 'ms', source: 'L' },
  underReplicatedMax: { value: 0, unit: 'partitions', source: 'CFJ, STZ (K8)' },
  isrShrinksMax: { value: 0, unit: '/s', source: 'KO (K8)' },
  /** Fewer ISR shrinks than this over the window (counted from a rate) are rounding noise of the rate, not a shrink. */
  isrShrinksMinCount: { value: 0.5, unit: 'count', source: 'L (K8)' },
  underMinIsrMax: { value: 0, unit: 'partitions', source: 'KO, STZ (K9)' },

  // --- JVM (J1–J3) ---
  gcTimeRatioMax: { value: 0.077, unit: 'ratio', source: 'ORA (J1: GCTimeRatio=12)' },
  oldGcCountMax: { value: 0, unit: 'collections', source: 'KO (J2)' },
  heapOldWarn: { value: 0.75, unit: 'ratio', source: 'ES (J3)' },
  /** A suggested heap puts the live set (old gen after GC) at this share of -Xmx. */
  heapLiveSetShare: { value: 0.6, unit: 'ratio', source: 'L (J3)' },
  heapOldCritical: { value: 0.85, unit: 'ratio', source: 'ES (J3)' },

  // --- consumers and lag (L1–L5, C10, C11) ---
  /** Burrow `allowed-lag`: lag at or below this is OK. */
  burrowAllowedLag: { value: 0, unit: 'messages', source: 'BUR' },
  /** Burrow window: the number of commits evaluated. */
  burrowIntervals: { value: 10, unit: 'commits', source: 'BUR' },
  /** Lag growth counts when its trend exceeds this share of the produce rate… */
  lagGrowthMinShareOfRate: { value: 0.01, unit: 'ratio', source: 'L (L2)' },
  /** …and this absolute rate. */
  lagGrowthMinPerSec: { value: 1, unit: 'msg/s', source: 'L (L2)' },
  /** Lag growth above this share of the produce rate is critical. */
  lagGrowthCriticalShareOfRate: { value: 0.1, unit: 'ratio', source: 'L (L2)' },
  /** End-to-end objective when the profile sets none. */
  e2eObjectiveDefaultMs: { value: 1000, unit: 'ms', source: 'L (L3)' },
  partitionSkewMax: { value: 3, unit: 'max ÷ mean', source: 'L (L5)' },
  /** Skew is not judged while mean partition lag is below this. */
  partitionSkewMinMeanLag: { value: 100, unit: 'messages', source: 'L (L5)' },
  /** e2e p50 ÷ publish p50 above this: latency comes from the consuming side. */
  e2eOverPublishMin: { value: 5, unit: 'ratio', source: 'L' },
  /** Per-consumer rate above this share of 1000 ÷ delayMs: consumers are busy processing. */
  processingSaturationShare: { value: 0.85, unit: 'ratio', source: 'L (C10)' },

  // --- client (C8, sync mode, errors) ---
  messagesPerRequestMin: { value: 10, unit: 'messages/request', source: 'C8' },
  /** Below this many produce requests per second tiny requests cost nothing worth fixing (≈ 0.1 ms of broker CPU each: under 2.5 % of a core). */
  produceRequestsPerSecMin: { value: 250, unit: 'requests/s', source: 'L (C8)' },
  /** Achieved rate within this relative distance of producers ÷ latency: sync round trips are the cap. */
  syncLimitTolerance: { value: 0.25, unit: 'ratio', source: 'L' },
  producerFailedCriticalShare: { value: 0.01, unit: 'ratio', source: 'L' },

  // --- RabbitMQ (KB §2 R1–R9, §6 R10–R21) ---
  /** Memory or disk alarm gauge at or above this: publishers are blocked. */
  rabbitAlarmRaised: { value: 1, unit: '0/1 gauge', source: 'RAL (R1, R2, R11)' },
  /** Recommended relative memory watermark (`vm_memory_high_watermark`), low end… */
  rabbitWatermarkMin: { value: 0.4, unit: 'ratio of RAM', source: 'RPC (R1)' },
  /** …and high end. */
  rabbitWatermarkMax: { value: 0.7, unit: 'ratio of RAM', source: 'RPC (R1)' },
  /** A suggested memory limit keeps the observed peak at this share of it. */
  rabbitMemPeakShareOfLimit: { value: 0.8, unit: 'ratio', source: 'L (R1)' },
  /** Connections (or channels) in `state: flow` above this count, sustained: credit-flow back-pressure. */
  rabbitFlowMax: { value: 0, unit: 'connections', source: 'RFC, RB14 (R3, R10)' },
  /** Ready messages of a run queue growing faster than this, sustained: consumers slower than publishers. */
  rabbitReadyGrowthMinPerSec: { value: 1, unit: 'msg/s', source: 'L (R4)' },
  /** Consumer capacity below this with ready > 0: the queue waits on its consumers. */
  rabbitConsumerCapacityFull: { value: 1, unit: 'ratio', source: 'RCO (R5, R12)' },
  /** Unacked at or above this share of consumers × prefetch (with ready > 0): handlers are the limit. */
  rabbitUnackedAtPrefetchShare: { value: 0.9, unit: 'ratio', source: 'L (R13)' },
  /** Prefetch beyond this rarely helps a classic queue. */
  rabbitPrefetchMax: { value: 300, unit: 'messages', source: 'RCF (R6, R13)' },
  /** Quorum queues cap prefetch here. */
  rabbitQuorumPrefetchCap: { value: 2000, unit: 'messages', source: 'RCF (R13)' },
  /** Smallest prefetch the analyzer suggests. */
  rabbitPrefetchFloor: { value: 10, unit: 'messages', source: 'L (R13)' },

  // --- ActiveMQ Classic (AC1, AC2) ---
  /** Broker memory, store or temp usage sustained at or above this, % of its limit: flow control is near. */
  activemqUsageHighPercent: { value: 70, unit: '%', source: 'GAMQ (AC1)' },
  /** At this usage the broker blocks sends (producer flow control). */
  activemqUsageFullPercent: { value: 100, unit: '%', source: 'CCF (AC1)' },
  /** In-flight at or above this share of consumers × prefetch (with messages waiting): handlers are the limit. */
  activemqInFlightAtPrefetchShare: { value: 0.9, unit: 'ratio', source: 'CPR (AC2)' },
  /** Publish-confirm p99 above this on a quorum or durable+persistent queue: fsync-bound confirms ("a few hundred ms" is normal). */
  rabbitConfirmP99HighMs: { value: 500, unit: 'ms', source: 'RCF (R8, R14)' },
  /** One run queue carrying at least this share of the run's delivered messages is "the hot queue". */
  rabbitHotQueueShareMin: { value: 0.8, unit: 'ratio', source: 'L (R7, R19)' },
  /** Broker process CPU at or above this share of one core: the single queue process is the ceiling. */
  rabbitOneCoreShareMin: { value: 0.85, unit: 'ratio of one core', source: 'RQ, L (R7, R19)' },
  /** Redeliveries at or above this rate warn… */
  rabbitRedeliverWarnPerSec: { value: 20, unit: 'msg/s', source: 'RDB (R21)' },
  /** …and at or above this are critical. */
  rabbitRedeliverCriticalPerSec: { value: 100, unit: 'msg/s', source: 'RDB (R21)' },
  /** Messages dropped or dead-lettered by max-length, or dropped unroutable, above this rate: the run's counts are not throughput. */
  rabbitDroppedMaxPerSec: { value: 0, unit: 'msg/s', source: 'RSRV, RML (R20)' },

  // --- Artemis (KB §8 AR1, AR2, AR3) ---
  /** Depth of a run queue growing faster than this, sustained: consumers slower than producers. */
  artemisDepthGrowthMinPerSec: { value: 1, unit: 'msg/s', source: 'L (AR2)' },
  /** Delivering at or above this share of consumers × credit window while messages wait: consumers hold all the credit they have. */
  artemisDeliveringAtCreditShare: { value: 0.9, unit: 'ratio', source: 'AFC, L (AR2)' },
  /** Smallest credit window (prefetch) the analyzer suggests. */
  artemisCreditFloor: { value: 10, unit: 'messages', source: 'L (AR2)' },
  /** Largest credit window the analyzer suggests (a consumer crash redelivers its whole window). */
  artemisCreditMax: { value: 2000, unit: 'messages', source: 'AAM, L (AR2)' },
  /** Address size at or above this share of its limit applies the address-full-policy. */
  artemisAddressFullPercent: { value: 100, unit: '%', source: 'APG, AMC (AR1)' },
  /** Address memory at or above this share of global-max-size, sustained, warns… */
  artemisGlobalMemoryWarnPercent: { value: 90, unit: '%', source: 'L (AR1)' },
  /** …and at 100 % every address pages, blocks, fails or drops by its policy. */
  artemisGlobalMemoryFullPercent: { value: 100, unit: '%', source: 'APG, AMC (AR1)' },
  /** A suggested limit keeps the observed peak at this share of it. */
  artemisPeakShareOfLimit: { value: 0.8, unit: 'ratio', source: 'L (AR1)' },
  /** global-max-size defaults to this share of the JVM's -Xmx. */
  artemisGlobalMaxShareOfHeap: { value: 0.5, unit: 'ratio', source: 'APG, AMC (AR1)' },
  /** Publish p99 of durable (persistent) sends above this, sustained, on a NIO journal: the sends wait for the journal's syncs. */
  artemisDurablePublishP99HighMs: { value: 20, unit: 'ms', source: 'APS, L (AR3)' },
  /** journal-buffer-timeout Artemis picks for ASYNCIO (500 000 ns) when the broker is created with --aio. */
  artemisAioBufferTimeoutMs: { value: 0.5, unit: 'ms', source: 'APS (AR3)' },
  /** …and for NIO (3 333 333 ns). */
  artemisNioBufferTimeoutMs: { value: 3.333333, unit: 'ms', source: 'APS (AR3)' },

  // --- RocketMQ (KB §7 RK1–RK3) ---
  /** Publish p99 above this in a sustained stretch on a SYNC_FLUSH broker: receipts wait on the commit log's fsync. */
  rocketmqSyncFlushP99HighMs: { value: 50, unit: 'ms', source: 'RKS, L (RK3)' },
  /** An ASYNC_FLUSH broker flushes its commit log every flushIntervalCommitLog: what a host crash may lose. */
  rocketmqAsyncFlushIntervalMs: { value: 500, unit: 'ms', source: 'RKC (RK3)' },
  /** Sends refused as broker busy (SYSTEM_BUSY, TOO_MANY_REQUESTS, … after the client's retries): any is flow control. */
  rocketmqBusyFailuresMax: { value: 0, unit: 'messages', source: 'RKF (RK2)' },

  // --- scaling (KB §3) ---
  ccCpuThreshold: { value: 0.7, unit: 'ratio', source: 'CC' },
  ccNetworkThreshold: { value: 0.8, unit: 'ratio', source: 'CC' },
} as const satisfies Record<string, Threshold>;

/** Name of one threshold in {@link THRESHOLDS}. */
export type ThresholdName = keyof typeof THRESHOLDS;
