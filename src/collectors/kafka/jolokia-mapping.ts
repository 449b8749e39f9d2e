/**
 * The Jolokia bulk read mqload sends (JVM and Kafka MBeans) and the mapping of Jolokia's JSON
 * answer to a {@link BrokerRawReading}. Pure; the HTTP side is in `jolokia.ts`.
 *
 * Jolokia answers a POSTed array of requests with an array of responses in the same order,
 * each `{ request, value, status, timestamp }` (or `{ request, status, error_type, error }`).
 * A read of one MBean and one attribute gives the attribute value; of several attributes an
 * object keyed by attribute; of an MBean pattern an object keyed by the full MBean name.
 */
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import { REQUEST_TIME_PARTS, REQUEST_TIME_REQUESTS, requestTimeName, type BrokerCounter, type BrokerRawReading } from './broker-values.js';

const J = SAMPLE_NAMES.jvm;
const K = SAMPLE_NAMES.kafka;

/** One Jolokia `read` request. */
export interface JolokiaReadRequest {
  type: 'read';
  mbean: string;
  attribute?: string | string[];
}

/** One entry of Jolokia's answer to a bulk request. */
export interface JolokiaResponse {
  request?: JolokiaReadRequest;
  status: number;
  value?: unknown;
  error?: string;
  error_type?: string;
  timestamp?: number;
}

/** What each request of the bulk read is for, in order. */
const READS = [
  ['heap', 'java.lang:type=Memory', 'HeapMemoryUsage'],
  ['gc', 'java.lang:type=GarbageCollector,name=*', ['CollectionCount', 'CollectionTime']],
  ['pools', 'java.lang:type=MemoryPool,name=*', ['CollectionUsage']],
  ['threads', 'java.lang:type=Threading', 'ThreadCount'],
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

type ReadId = (typeof READS)[number][0];

/** The bulk request body mqload POSTs to a Jolokia agent. */
export const JOLOKIA_BULK_READ: JolokiaReadRequest[] = READS.map(([, mbean, attribute]) => ({
  type: 'read',
  mbean,
  attribute: typeof attribute === 'string' ? attribute : [...attribute],
}));

/** Key properties of an MBean name: `a:type=X,name=Y` → `{ type: 'X', name: 'Y' }`. */
export function mbeanProperties(mbean: string): Record<string, string> {
  const out: Record<string, string> = {};
  const colon = mbean.indexOf(':');
  for (const part of mbean.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Attribute `attr` of a single-MBean value (object keyed by attribute, or the bare value when `attr` is the only one read). */
function attr(value: unknown, name: string, single: boolean): unknown {
  if (single && !isRecord(value)) return value;
  return isRecord(value) ? value[name] : undefined;
}

/** Entries of a pattern read: [key properties, attributes]. */
function patternEntries(value: unknown): Array<[Record<string, string>, Record<string, unknown>]> {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([mbean, attrs]) => (isRecord(attrs) ? [[mbeanProperties(mbean), attrs] as [Record<string, string>, Record<string, unknown>]] : []));
}

/**
 * Maps Jolokia's answer to {@link JOLOKIA_BULK_READ} to a raw broker reading. Failed entries
 * (status ≠ 200, e.g. an MBean this broker does not have) are skipped. Throws when the answer
 * is not an array of the expected length (not a Jolokia agent, or a different request).
 */
export function mapJolokiaResponses(responses: unknown): BrokerRawReading {
  if (!Array.isArray(responses) || responses.length !== READS.length) {
    throw new Error(`unexpected Jolokia answer: expected an array of ${READS.length} responses`);
  }
  const byId = new Map<ReadId, unknown>();
  READS.forEach(([id], i) => {
    const r = responses[i] as JolokiaResponse | undefined;
    if (r && r.status === 200) byId.set(id, r.value);
  });
  const gauges: Record<string, number> = {};
  const counters: Partial<Record<BrokerCounter, number>> = {};
  const setGauge = (name: string, v: number | undefined) => v !== undefined && (gauges[name] = v);
  const setCounter = (name: BrokerCounter, v: number | undefined) => v !== undefined && (counters[name] = v);

  const heap = byId.get('heap');
  if (isRecord(heap)) {
    setGauge(J.heapUsed, num(heap['used']));
    setGauge(J.heapCommitted, num(heap['committed']));
    const max = num(heap['max']);
    if (max !== undefined && max >= 0) gauges[J.heapMax] = max;
  }
  for (const [props, attrs] of patternEntries(byId.get('gc'))) {
    const gc = props['name'] ?? '';
    const kind = /Young|Scavenge|ParNew|^Copy$|Minor/i.test(gc) ? 'young' : /Old|MarkSweep|Major|Full/i.test(gc) ? 'old' : null;
    const count = num(attrs['CollectionCount']);
    const ms = num(attrs['CollectionTime']);
    if (!kind || count === undefined || ms === undefined) continue;
    counters[`gc_${kind}_count`] = (counters[`gc_${kind}_count`] ?? 0) + count;
    counters[`gc_${kind}_seconds`] = (counters[`gc_${kind}_seconds`] ?? 0) + ms / 1000;
  }
  for (const [props, attrs] of patternEntries(byId.get('pools'))) {
    const usage = attrs['CollectionUsage'];
    if (/Old Gen|Tenured Gen/i.test(props['name'] ?? '') && isRecord(usage)) setGauge(J.oldGenAfterGc, num(usage['used']));
  }
  setGauge(J.threads, num(attr(byId.get('threads'), 'ThreadCount', true)));

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
