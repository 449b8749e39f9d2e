/**
 * The Jolokia bulk read mqload sends (JVM and Kafka MBeans) and the mapping of Jolokia's JSON
 * answer to a {@link BrokerRawReading}. Pure; the HTTP side is in `jolokia.ts`, the JVM reads and
 * their mapping (shared with other JVM brokers) in `../jvm-jolokia.ts`.
 */
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import { REQUEST_TIME_PARTS, REQUEST_TIME_REQUESTS, requestTimeName, type BrokerCounter, type BrokerRawReading } from './broker-values.js';
import { attributeOf as attr, finiteNumber as num, jvmReadRequests, mapJvmAnswers, patternEntries, type JolokiaReadRequest } from '../jvm-jolokia.js';

export { mbeanProperties, type JolokiaReadRequest, type JolokiaResponse } from '../jvm-jolokia.js';

const K = SAMPLE_NAMES.kafka;

/** What each Kafka request of the bulk read is for, in order. */
const KAFKA_READS = [
  ['handlerIdle', 'kafka.server:type=KafkaRequestHandlerPool,name=RequestHandlerAvgIdlePercent', ['Count', 'OneMinuteRate']],
  ['networkIdle', 'kafka.network:type=SocketServer,name=NetworkProcessorAvgIdlePercent', 'Value'],
  // `name=*` without `,*` matches only the broker-wide MBeans (no topic key).
  ['topicMeters', 'kafka.server:type=BrokerTopicMetrics,name=*', ['Count']],
  ['requestQueue', 'kafka.network:type=RequestChannel,name=RequestQueueSize', 'Value'],
  ['requestRates', 'kafka.network:type=RequestMetrics,name=RequestsPerSec,request=*,version=*', ['Count']],
  ['produceTimes', 'kafka.network:type=RequestMetrics,name=*TimeMs,request=Produce', ['99thPercentile']],
  ['fetchTimes', 'kafka.network:type=RequestMetrics,name=*TimeMs,request=FetchConsumer', ['99thPercentile']],
  ['underReplicated', 'kafka.server:type=ReplicaManager,name=UnderReplicatedPartitions', 'Value'],
  ['underMinIsr', 'kafka.server:type=ReplicaManager,name=UnderMinIsrPartitionCount', 'Value'],
  ['isrShrinks', 'kafka.server:type=ReplicaManager,name=IsrShrinksPerSec', 'Count'],
  ['isrExpands', 'kafka.server:type=ReplicaManager,name=IsrExpandsPerSec', 'Count'],
] as const;

/** Every read of the bulk request, the JVM's first, as [id, request]. */
const READS: Array<[string, JolokiaReadRequest]> = [
  ...jvmReadRequests(),
  ...KAFKA_READS.map(([id, mbean, attribute]): [string, JolokiaReadRequest] => [id, { type: 'read', mbean, attribute: typeof attribute === 'string' ? attribute : [...attribute] }]),
];

/** The bulk request body mqload POSTs to a Jolokia agent. */
export const JOLOKIA_BULK_READ: JolokiaReadRequest[] = READS.map(([, r]) => r);

/**
 * Maps Jolokia's answer to {@link JOLOKIA_BULK_READ} to a raw broker reading. Failed entries
 * (status ≠ 200, e.g. an MBean this broker does not have) are skipped. Throws when the answer
 * is not an array of the expected length (not a Jolokia agent, or a different request).
 */
export function mapJolokiaResponses(responses: unknown): BrokerRawReading {
  if (!Array.isArray(responses) || responses.length !== READS.length) {
    throw new Error(`unexpected Jolokia answer: expected an array of ${READS.length} responses`);
  }
  const byId = new Map<string, unknown>();
  READS.forEach(([id], i) => {
    const r = responses[i] as { status?: number; value?: unknown } | undefined;
    if (r && r.status === 200) byId.set(id, r.value);
  });
  const jvm = mapJvmAnswers(byId);
  const gauges: Record<string, number> = jvm.gauges;
  const counters: Partial<Record<BrokerCounter, number>> = { ...jvm.counters };
  const setGauge = (name: string, v: number | undefined) => v !== undefined && (gauges[name] = v);
  const setCounter = (name: BrokerCounter, v: number | undefined) => v !== undefined && (counters[name] = v);

  const idle = byId.get('handlerIdle');
  const idleCount = num(attr(idle, 'Count', false));
  if (idleCount !== undefined) counters.request_handler_idle_ns = idleCount;
  else setGauge(K.requestHandlerIdle, num(attr(idle, 'OneMinuteRate', false)));
  setGauge(K.networkProcessorIdle, num(attr(byId.get('networkIdle'), 'Value', true)));
  setGauge(K.requestQueueSize, num(attr(byId.get('requestQueue'), 'Value', true)));

  const meters: Record<string, BrokerCounter> = { BytesInPerSec: 'bytes_in', BytesOutPerSec: 'bytes_out', MessagesInPerSec: 'messages_in' };
  for (const [props, attrs] of patternEntries(byId.get('topicMeters'))) {
    const counter = meters[props['name'] ?? ''];
    if (counter && props['topic'] === undefined) setCounter(counter, num(attrs['Count']));
  }
  const requestCounts: Record<string, number> = {};
  for (const [props, attrs] of patternEntries(byId.get('requestRates'))) {
    const c = num(attrs['Count']);
    if (c !== undefined && props['request']) requestCounts[props['request']] = (requestCounts[props['request']] ?? 0) + c;
  }
  setCounter('produce_requests', requestCounts['Produce']);
  setCounter('fetch_requests', requestCounts['FetchConsumer'] ?? requestCounts['Fetch']);

  for (const [id, req] of [['produceTimes', 'produce'], ['fetchTimes', 'fetch_consumer']] as const) {
    for (const [props, attrs] of patternEntries(byId.get(id))) {
      if (props['request'] !== REQUEST_TIME_REQUESTS[req]) continue;
      const part = (Object.keys(REQUEST_TIME_PARTS) as Array<keyof typeof REQUEST_TIME_PARTS>).find((p) => REQUEST_TIME_PARTS[p] === props['name']);
      if (part) setGauge(requestTimeName(req, part), num(attrs['99thPercentile']));
    }
  }
  setGauge(K.underReplicated, num(attr(byId.get('underReplicated'), 'Value', true)));
  setGauge(K.underMinIsr, num(attr(byId.get('underMinIsr'), 'Value', true)));
  setCounter('isr_shrinks', num(attr(byId.get('isrShrinks'), 'Count', true)));
  setCounter('isr_expands', num(attr(byId.get('isrExpands'), 'Count', true)));
  return { gauges, counters };
}
