/**
 * Canonical sample source and value names of the ActiveMQ Classic collector (source
 * `activemq`, `instance` the Jolokia URL, never with credentials). Read through JMX
 * (`org.apache.activemq:type=Broker,…`) by `jolokia.ts`; the broker JVM's heap and GC go out
 * under source `jolokia` with the neutral JVM names, so the core JVM rules judge them.
 *
 * Sample kinds (`labels` tell them apart):
 * - broker-wide: no labels — {@link ACTIVEMQ_SAMPLE_NAMES.broker}
 * - queue:       `labels { queue }` — the neutral {@link SAMPLE_NAMES.queue} depth and consumers, and
 *   {@link ACTIVEMQ_SAMPLE_NAMES.queue}
 * Advisory and statistics destinations (`ActiveMQ.*`) are left out.
 */
import { SAMPLE_NAMES } from '../../record/sample-names.js';

/** Sample source of the ActiveMQ collector. */
export const ACTIVEMQ_SOURCE = 'activemq';

export const ACTIVEMQ_SAMPLE_NAMES = {
  broker: {
    /** Broker memory in use, % of its memory limit (producer flow control blocks senders at 100). */
    memoryPercent: 'memory_percent_usage',
    /** KahaDB store in use, % of the store limit (persistent sends block at 100). */
    storePercent: 'store_percent_usage',
    /** Temp store in use, % of the temp limit (non-persistent messages spooled to disk; sends block at 100). */
    tempPercent: 'temp_percent_usage',
    memoryLimit: 'memory_limit_bytes',
    storeLimit: 'store_limit_bytes',
    tempLimit: 'temp_limit_bytes',
    /** Messages the broker took in per second, all destinations (virtual-topic copies count each). */
    enqueueRate: 'enqueued_per_sec',
    /** Messages acknowledged per second, all destinations. */
    dequeueRate: 'dequeued_per_sec',
    connections: 'connections',
    consumers: SAMPLE_NAMES.queue.consumers,
  },
  queue: {
    /** Messages not yet acknowledged, dispatched ones included (`QueueSize`). */
    depth: SAMPLE_NAMES.queue.depth,
    consumers: SAMPLE_NAMES.queue.consumers,
    /** Dispatched to consumers and not acknowledged (`InFlightCount`): what the consumers' prefetch holds. */
    inFlight: 'in_flight_messages',
    enqueueRate: 'enqueued_per_sec',
    dequeueRate: 'dequeued_per_sec',
    /** This queue's share of the broker memory limit, %. */
    memoryPercent: 'memory_percent_usage',
  },
} as const;
