/**
 * The JVM part of a Jolokia bulk read, shared by every broker that runs on a JVM (Kafka's
 * Jolokia agent, Artemis's `/console/jolokia`): the read requests for heap, GC, memory pools and
 * threads, the pure mapping of their answers to gauges (`SAMPLE_NAMES.jvm`) and cumulative GC
 * counters, and {@link deriveJvmValues}, which turns successive GC counters into the cumulative
 * sample values and `gc_time_ratio`.
 *
 * Jolokia answers a POSTed array of requests with an array of responses in the same order,
 * each `{ request, value, status, timestamp }` (or `{ request, status, error_type, error }`).
 * A read of one MBean and one attribute gives the attribute value; of several attributes an
 * object keyed by attribute; of an MBean pattern an object keyed by the full MBean name.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { CounterRates } from './rates.js';

const J = SAMPLE_NAMES.jvm;

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

/** Cumulative GC counters of one JVM: collections and seconds, young and old collectors summed. */
export type JvmCounter = 'gc_young_count' | 'gc_young_seconds' | 'gc_old_count' | 'gc_old_seconds';

/** The JVM reads of a bulk request, by id. */
export const JVM_READS = {
  heap: { type: 'read', mbean: 'java.lang:type=Memory', attribute: 'HeapMemoryUsage' },
  gc: { type: 'read', mbean: 'java.lang:type=GarbageCollector,name=*', attribute: ['CollectionCount', 'CollectionTime'] },
  pools: { type: 'read', mbean: 'java.lang:type=MemoryPool,name=*', attribute: ['CollectionUsage'] },
  threads: { type: 'read', mbean: 'java.lang:type=Threading', attribute: 'ThreadCount' },
} as const satisfies Record<string, JolokiaReadRequest>;

/** Id of one JVM read. */
export type JvmReadId = keyof typeof JVM_READS;

/** The JVM reads as mutable request objects, in {@link JVM_READS} order. */
export function jvmReadRequests(): Array<[JvmReadId, JolokiaReadRequest]> {
  return (Object.keys(JVM_READS) as JvmReadId[]).map((id) => {
    const r = JVM_READS[id];
    return [id, { type: 'read', mbean: r.mbean, attribute: typeof r.attribute === 'string' ? r.attribute : [...r.attribute] }];
  });
}

/** Key properties of an MBean name: `a:type=X,name=Y` → `{ type: 'X', name: 'Y' }` (quotes removed). */
export function mbeanProperties(mbean: string): Record<string, string> {
  const out: Record<string, string> = {};
  const colon = mbean.indexOf(':');
  for (const part of mbean.slice(colon + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq)] = part.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  return out;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const finiteNumber = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Attribute `name` of a single-MBean value (object keyed by attribute, or the bare value when `single`, the only attribute read). */
export function attributeOf(value: unknown, name: string, single: boolean): unknown {
  if (single && !isRecord(value)) return value;
  return isRecord(value) ? value[name] : undefined;
}

/** Entries of a pattern read: [key properties, attributes]. */
export function patternEntries(value: unknown): Array<[Record<string, string>, Record<string, unknown>]> {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([mbean, attrs]) => (isRecord(attrs) ? [[mbeanProperties(mbean), attrs] as [Record<string, string>, Record<string, unknown>]] : []));
}

/**
 * Gauges (heap used/committed/max, old generation after GC, threads) and cumulative GC
 * counters from the answers to the JVM reads (absent ids: failed reads, nothing from them).
 * A collector is young or old by its name (G1 Young/Old Generation, PS Scavenge/MarkSweep, …);
 * others (G1 Concurrent GC: not a pause) are left out.
 */
export function mapJvmAnswers(byId: ReadonlyMap<string, unknown>): { gauges: Record<string, number>; counters: Partial<Record<JvmCounter, number>> } {
  const gauges: Record<string, number> = {};
  const counters: Partial<Record<JvmCounter, number>> = {};
  const setGauge = (name: string, v: number | undefined) => v !== undefined && (gauges[name] = v);
  const heap = byId.get('heap');
  if (isRecord(heap)) {
    setGauge(J.heapUsed, finiteNumber(heap['used']));
    setGauge(J.heapCommitted, finiteNumber(heap['committed']));
    const max = finiteNumber(heap['max']);
    if (max !== undefined && max >= 0) gauges[J.heapMax] = max;
  }
  for (const [props, attrs] of patternEntries(byId.get('gc'))) {
    const gc = props['name'] ?? '';
    const kind = /Young|Scavenge|ParNew|^Copy$|Minor/i.test(gc) ? 'young' : /Old|MarkSweep|Major|Full/i.test(gc) ? 'old' : null;
    const count = finiteNumber(attrs['CollectionCount']);
    const ms = finiteNumber(attrs['CollectionTime']);
    if (!kind || count === undefined || ms === undefined) continue;
    counters[`gc_${kind}_count`] = (counters[`gc_${kind}_count`] ?? 0) + count;
    counters[`gc_${kind}_seconds`] = (counters[`gc_${kind}_seconds`] ?? 0) + ms / 1000;
  }
  for (const [props, attrs] of patternEntries(byId.get('pools'))) {
    const usage = attrs['CollectionUsage'];
    if (/Old Gen|Tenured Gen/i.test(props['name'] ?? '') && isRecord(usage)) setGauge(J.oldGenAfterGc, finiteNumber(usage['used']));
  }
  setGauge(J.threads, finiteNumber(attributeOf(byId.get('threads'), 'ThreadCount', true)));
  return { gauges, counters };
}

/** Counter → cumulative sample value it is copied to. */
const CUMULATIVE: Array<[JvmCounter, string]> = [
  ['gc_young_count', J.gcYoungCount],
  ['gc_young_seconds', J.gcYoungSeconds],
  ['gc_old_count', J.gcOldCount],
  ['gc_old_seconds', J.gcOldSeconds],
];

/**
 * Writes the GC sample values of one reading into `out`: the cumulative counts and seconds, and
 * `gc_time_ratio` = Δ(young + old GC seconds) / Δt once `rates` has an earlier reading (pause
 * collectors only, see {@link mapJvmAnswers}).
 */
export function deriveJvmValues(counters: Partial<Record<JvmCounter, number>>, rates: CounterRates, atMs: number, out: Record<string, number>): void {
  for (const [counter, name] of CUMULATIVE) {
    const v = counters[counter];
    if (v !== undefined && Number.isFinite(v)) out[name] = v;
  }
  if (counters.gc_young_seconds !== undefined || counters.gc_old_seconds !== undefined) {
    const r = rates.rate('gc_seconds', (counters.gc_young_seconds ?? 0) + (counters.gc_old_seconds ?? 0), atMs);
    if (r !== undefined) out[J.gcTimeRatio] = r;
  }
}

/**
 * The `jolokia` sample values of one reading: gauges, cumulative GC values and `gc_time_ratio`,
 * where `answerAt(i)` is the value answered to the i-th request of {@link jvmReadRequests}
 * (undefined for a failed read, which only drops what it would give). `rates` keeps the last GC
 * counters of this JVM (one per JVM).
 */
export function jvmSampleValues(answerAt: (i: number) => unknown, rates: CounterRates, atMs: number): Record<string, number> {
  const byId = new Map<string, unknown>();
  jvmReadRequests().forEach(([id], i) => {
    const v = answerAt(i);
    if (v !== undefined) byId.set(id, v);
  });
  const jvm = mapJvmAnswers(byId);
  const out: Record<string, number> = { ...jvm.gauges };
  deriveJvmValues(jvm.counters, rates, atMs, out);
  return out;
}
