/**
 * The core rule pack: judged the same for every broker (generator, host, JVM, lag/backlog,
 * delivery, latency, rate); the only pack of a record whose broker is unknown.
 */
import { rulePack, type RulePack } from '../pack.js';
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
import { jvmHeap } from './jvm-heap.js';
import { jvmGcTime } from './jvm-gc-time.js';
import { jvmOldGc } from './jvm-old-gc.js';
import { consumerLag } from './consumer-lag.js';
import { consumerTimeLag } from './consumer-time-lag.js';
import { consumerProcessing } from './consumer-processing.js';
import { syncRoundTrip } from './sync-round-trip.js';
import { producerErrors } from './producer-errors.js';
import { delivery } from './delivery.js';

/** Judged the same for every broker; the only pack of a record whose broker is unknown. */
export const CORE_PACK: RulePack = rulePack({
  name: 'core',
  applies: () => true,
  stages: {
    generator: [generatorHostCpu, generatorProcessCpu, generatorEventLoop, generatorMemory, generatorSchedule, generatorDroppedSends],
    throughput: [noThroughput, rateNotMet],
    broker: [brokerCpuRule, brokerMemory, brokerNetwork, brokerDisk],
    jvm: [jvmHeap, jvmGcTime, jvmOldGc],
    consumers: [consumerLag, consumerTimeLag],
    processing: [consumerProcessing],
    producers: [syncRoundTrip, producerErrors],
    delivery: [delivery],
  },
});
