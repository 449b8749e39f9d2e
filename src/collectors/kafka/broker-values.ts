/**
 * Broker JVM and Kafka readings shared by the JMX-exporter and Jolokia collectors: both first
 * produce a {@link BrokerRawReading} (gauges in final units, cumulative counters), then
 * {@link BrokerValueDeriver} turns successive readings into the canonical sample values of
 * `SAMPLE_NAMES.jvm` and `SAMPLE_NAMES.kafka` (rates per second from counter deltas).
 */
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import { CounterRates } from '../rates.js';
import { deriveJvmValues, type JvmCounter } from '../jvm-jolokia.js';

const K = SAMPLE_NAMES.kafka;

/** Cumulative broker counters, in the unit named after them. */
export type BrokerCounter =
  | 'bytes_in'
  | 'bytes_out'
  | 'messages_in'
  /** RequestHandlerAvgIdlePercent meter count: idle nanoseconds divided by the handler thread count. */
  | 'request_handler_idle_ns'
  | 'produce_requests'
  | 'fetch_requests'
  | 'isr_shrinks'
  | 'isr_expands'
  | JvmCounter;

/** One reading of a broker: gauges (canonical sample names, final units) and cumulative counters. */
export interface BrokerRawReading {
  gauges: Record<string, number>;
  counters: Partial<Record<BrokerCounter, number>>;
}

/** Request names of the `<req>_<part>_time_ms_p99` values, with Kafka's `request` label value. */
export const REQUEST_TIME_REQUESTS = { produce: 'Produce', fetch_consumer: 'FetchConsumer' } as const;
/** Parts of the `<req>_<part>_time_ms_p99` values, with Kafka's RequestMetrics MBean name. */
export const REQUEST_TIME_PARTS = {
  total: 'TotalTimeMs',
  request_queue: 'RequestQueueTimeMs',
  local: 'LocalTimeMs',
  remote: 'RemoteTimeMs',
  response_queue: 'ResponseQueueTimeMs',
  response_send: 'ResponseSendTimeMs',
} as const;

/** `produce_total_time_ms_p99` etc.: the canonical name of one request-time percentile. */
export function requestTimeName(req: keyof typeof REQUEST_TIME_REQUESTS, part: keyof typeof REQUEST_TIME_PARTS): string {
  return `${req}_${part}_time_ms_p99`;
}

/** Counter → per-second sample value it becomes. */
const RATE_OF: Array<[BrokerCounter, string]> = [
  ['bytes_in', K.bytesInPerSec],
  ['bytes_out', K.bytesOutPerSec],
  ['messages_in', K.messagesInPerSec],
  ['produce_requests', K.produceRequestsPerSec],
  ['fetch_requests', K.fetchRequestsPerSec],
  ['isr_shrinks', K.isrShrinksPerSec],
  ['isr_expands', K.isrExpandsPerSec],
];

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Derives sample values from successive readings of one broker. Rates need two readings, so the
 * first reading yields gauges and cumulative GC counts only.
 *
 * - `request_handler_idle_ratio` = Δ(idle meter count) / Δt / 1e9 (the meter is marked with
 *   idle nanoseconds per handler thread; its MeanRate averages since broker start and barely
 *   moves, so it is never used). A gauge of the same name in the reading (a OneMinuteRate, 0–1)
 *   is kept when there is no count.
 *   On a combined KRaft node (process.roles=broker,controller) the broker's and the
 *   controller's handler pools mark the SAME meter, each with its own per-thread average, so the
 *   raw ratio runs up to 2 (measured: ≈2.0 on an idle Kafka 4.1 node). The broker pool's idle is
 *   then raw − (pools − 1), assuming the other pools are idle (a controller's usually are; if
 *   not, this understates the broker's idle, i.e. errs towards flagging saturation). `pools` is
 *   given for a broker known to be combined and learnt from any raw reading above 1.
 * - A rate counter missing from the readings so far counts as 0 until it first appears (Kafka
 *   registers `RequestsPerSec` per request version on first use), so its first appearance
 *   already gives a rate; one missing after it was seen gives no rate for that reading.
 * - `gc_time_ratio` = Δ(young + old GC seconds) / Δt: pause collectors only (G1 Young and Old
 *   Generation); concurrent-cycle time (`G1 Concurrent GC`) is not a pause and is excluded.
 */
export class BrokerValueDeriver {
  private readonly rates = new CounterRates();

  /** @param handlerPools request-handler pools marking the idle meter (2 on a combined KRaft node). */
  constructor(private handlerPools = 1) {}

  derive(reading: BrokerRawReading, atMs: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of Object.entries(reading.gauges)) if (Number.isFinite(v)) out[k] = v;
    const c = reading.counters;
    for (const [counter, name] of RATE_OF) {
      const v = c[counter];
      if (v === undefined) {
        this.rates.absent(counter, atMs); // not registered yet: 0 until it appears
        continue;
      }
      const r = this.rates.rate(counter, v, atMs);
      if (r !== undefined) out[name] = r;
    }
    if (c.request_handler_idle_ns !== undefined) {
      const r = this.rates.rate('request_handler_idle_ns', c.request_handler_idle_ns, atMs);
      if (r !== undefined) {
        const raw = r / 1e9;
        // A raw ratio clearly above 1 proves the controller's pool marks the meter too (a node has
        // at most two: broker and controller); jitter above 2 must not add imaginary pools.
        if (raw > 1.05) this.handlerPools = 2;
        out[K.requestHandlerIdle] = raw - (this.handlerPools - 1);
      }
    }
    if (out[K.requestHandlerIdle] !== undefined) out[K.requestHandlerIdle] = clamp01(out[K.requestHandlerIdle]);
    if (out[K.networkProcessorIdle] !== undefined) out[K.networkProcessorIdle] = clamp01(out[K.networkProcessorIdle]);
    deriveJvmValues(c, this.rates, atMs, out);
    return out;
  }
}
