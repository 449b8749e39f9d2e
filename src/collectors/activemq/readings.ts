/**
 * The Jolokia bulk read of the ActiveMQ collector and the mapping of its answer to samples.
 * Pure; the HTTP side is in `jolokia.ts`. The JVM part is the first four reads of the Kafka
 * collector's bulk read (heap, GC, memory pools, threads: plain `java.lang` MBeans), mapped by
 * the same code, so the broker JVM's names are the ones every JVM rule reads.
 */
import { JOLOKIA_BULK_READ, mapJolokiaResponses, mbeanProperties, type JolokiaReadRequest, type JolokiaResponse } from '../kafka/jolokia-mapping.js';
import type { BrokerRawReading } from '../kafka/broker-values.js';
import { CounterRates } from '../rates.js';
import { ACTIVEMQ_SAMPLE_NAMES } from './names.js';

const B = ACTIVEMQ_SAMPLE_NAMES.broker;
const Q = ACTIVEMQ_SAMPLE_NAMES.queue;

/** The `java.lang` reads (heap, GC, memory pools, threads): the head of the Kafka bulk read. */
const JVM_READS = JOLOKIA_BULK_READ.slice(0, 4);

const BROKER_ATTRIBUTES = ['MemoryPercentUsage', 'StorePercentUsage', 'TempPercentUsage', 'MemoryLimit', 'StoreLimit', 'TempLimit', 'TotalEnqueueCount', 'TotalDequeueCount', 'TotalConsumerCount', 'CurrentConnectionsCount'];
const QUEUE_ATTRIBUTES = ['QueueSize', 'ConsumerCount', 'InFlightCount', 'EnqueueCount', 'DequeueCount', 'MemoryPercentUsage'];

/** The bulk request: JVM, broker (`brokerName=*`: any broker name), every queue. */
export const ACTIVEMQ_BULK_READ: JolokiaReadRequest[] = [
  ...JVM_READS,
  { type: 'read', mbean: 'org.apache.activemq:type=Broker,brokerName=*', attribute: BROKER_ATTRIBUTES },
  { type: 'read', mbean: 'org.apache.activemq:type=Broker,brokerName=*,destinationType=Queue,destinationName=*', attribute: QUEUE_ATTRIBUTES },
];

/** One interval's mapped reading, before rates. */
export interface ActivemqReading {
  /** JVM gauges and counters, as the Kafka collector's deriver takes them. */
  jvm: BrokerRawReading;
  /** Broker gauges and cumulative counters (`TotalEnqueueCount`, `TotalDequeueCount`); null when the broker MBean did not answer. */
  broker: Record<string, number> | null;
  /** Per queue name: its attributes as numbers. */
  queues: Map<string, Record<string, number>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (o: Record<string, unknown>): Record<string, number> => Object.fromEntries(Object.entries(o).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1])));

/** Maps Jolokia's answer to {@link ACTIVEMQ_BULK_READ}. Throws when it is not an array of that length. */
export function mapActivemqResponses(responses: unknown): ActivemqReading {
  if (!Array.isArray(responses) || responses.length !== ACTIVEMQ_BULK_READ.length) throw new Error(`unexpected Jolokia answer: expected an array of ${ACTIVEMQ_BULK_READ.length} responses`);
  const jvmPart = responses.slice(0, JVM_READS.length) as JolokiaResponse[];
  // The Kafka mapping wants its whole read: the Kafka MBeans this JVM lacks read as not found.
  const padded = [...jvmPart, ...JOLOKIA_BULK_READ.slice(JVM_READS.length).map((): JolokiaResponse => ({ status: 404 }))];
  const jvm = mapJolokiaResponses(padded);
  const ok = (r: unknown): unknown => (isRecord(r) && r['status'] === 200 ? r['value'] : undefined);
  const brokerValue = ok(responses[JVM_READS.length]);
  const brokers = isRecord(brokerValue) ? Object.values(brokerValue).filter(isRecord) : [];
  const queues = new Map<string, Record<string, number>>();
  const queueValue = ok(responses[JVM_READS.length + 1]);
  if (isRecord(queueValue)) {
    for (const [mbean, attrs] of Object.entries(queueValue)) {
      const name = mbeanProperties(mbean)['destinationName'];
      if (name && !name.startsWith('ActiveMQ.') && isRecord(attrs)) queues.set(name, numbers(attrs));
    }
  }
  return { jvm, broker: brokers[0] ? numbers(brokers[0]) : null, queues };
}

/** Turns readings into sample values: gauges as read, counters as per-second rates between readings. */
export class ActivemqValueDeriver {
  private readonly rates = new CounterRates();

  /** Broker-wide values; rates appear from the second reading on. */
  broker(b: Record<string, number>, atMs: number): Record<string, number> {
    const out: Record<string, number> = {};
    const gauge = (name: string, v: number | undefined) => v !== undefined && (out[name] = v);
    gauge(B.memoryPercent, b['MemoryPercentUsage']);
    gauge(B.storePercent, b['StorePercentUsage']);
    gauge(B.tempPercent, b['TempPercentUsage']);
    gauge(B.memoryLimit, b['MemoryLimit']);
    gauge(B.storeLimit, b['StoreLimit']);
    gauge(B.tempLimit, b['TempLimit']);
    gauge(B.connections, b['CurrentConnectionsCount']);
    gauge(B.consumers, b['TotalConsumerCount']);
    if (b['TotalEnqueueCount'] !== undefined) gauge(B.enqueueRate, this.rates.rate('broker:enq', b['TotalEnqueueCount'], atMs));
    if (b['TotalDequeueCount'] !== undefined) gauge(B.dequeueRate, this.rates.rate('broker:deq', b['TotalDequeueCount'], atMs));
    return out;
  }

  /** One queue's values. */
  queue(name: string, q: Record<string, number>, atMs: number): Record<string, number> {
    const out: Record<string, number> = {};
    const gauge = (n: string, v: number | undefined) => v !== undefined && (out[n] = v);
    gauge(Q.depth, q['QueueSize']);
    gauge(Q.consumers, q['ConsumerCount']);
    gauge(Q.inFlight, q['InFlightCount']);
    gauge(Q.memoryPercent, q['MemoryPercentUsage']);
    if (q['EnqueueCount'] !== undefined) gauge(Q.enqueueRate, this.rates.rate(`q:${name}:enq`, q['EnqueueCount'], atMs));
    if (q['DequeueCount'] !== undefined) gauge(Q.dequeueRate, this.rates.rate(`q:${name}:deq`, q['DequeueCount'], atMs));
    return out;
  }
}
