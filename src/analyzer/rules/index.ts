/** Every analyzer rule, in the order they run. Ranking is separate; findings that tie in rank keep this order. */
import type { Rule } from '../types.js';
import { generatorHostCpu } from './generator-host-cpu.js';
import { generatorProcessCpu } from './generator-process-cpu.js';
import { generatorEventLoop } from './generator-event-loop.js';
import { generatorMemory } from './generator-memory.js';
import { generatorSchedule } from './generator-schedule.js';
import { generatorDroppedSends } from './generator-dropped-sends.js';
import { rateNotMet } from './rate-not-met.js';
import { noThroughput } from './no-throughput.js';
import { brokerCpuRule } from './broker-cpu.js';
import { brokerMemory } from './broker-memory.js';
import { brokerNetwork } from './broker-network.js';
import { brokerDisk } from './broker-disk.js';
import { requestHandlerIdle } from './request-handler-idle.js';
import { networkProcessorIdle } from './network-processor-idle.js';
import { requestTimeBreakdown } from './request-time-breakdown.js';
import { jvmHeap } from './jvm-heap.js';
import { jvmGcTime } from './jvm-gc-time.js';
import { jvmOldGc } from './jvm-old-gc.js';
import { replication } from './replication.js';
import { underMinIsr } from './under-min-isr.js';
import { consumerLag } from './consumer-lag.js';
import { consumerTimeLag } from './consumer-time-lag.js';
import { consumerIdle } from './consumer-idle.js';
import { partitionSkew } from './partition-skew.js';
import { consumerProcessing } from './consumer-processing.js';
import { tinyBatches } from './tiny-batches.js';
import { syncRoundTrip } from './sync-round-trip.js';
import { producerErrors } from './producer-errors.js';
import { delivery } from './delivery.js';

/** All rules. */
export const RULES: readonly Rule[] = [
  generatorHostCpu,
  generatorProcessCpu,
  generatorEventLoop,
  generatorMemory,
  generatorSchedule,
  generatorDroppedSends,
  noThroughput,
  rateNotMet,
  brokerCpuRule,
  brokerMemory,
  brokerNetwork,
  brokerDisk,
  requestHandlerIdle,
  networkProcessorIdle,
  requestTimeBreakdown,
  jvmHeap,
  jvmGcTime,
  jvmOldGc,
  underMinIsr,
  replication,
  consumerLag,
  consumerTimeLag,
  consumerIdle,
  partitionSkew,
  consumerProcessing,
  tinyBatches,
  syncRoundTrip,
  producerErrors,
  delivery,
];
