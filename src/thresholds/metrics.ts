/**
 * The metrics a threshold can name, with their kind, unit and which aggregations they support.
 * Trend metrics are latency distributions (merged HDR histograms, milliseconds); counter metrics
 * are whole-run counts with a `rate` defined per metric (see {@link KnownMetric.rate}).
 */
import type { ThresholdAggregation } from './parse.js';

export type MetricKind = 'trend' | 'counter';

export interface KnownMetric {
  kind: MetricKind;
  /** Unit of the value aggregations return (`ms`, `messages`); `rate` is unitless or msg/s as stated. */
  unit: string;
  description: string;
  /** What `rate` means for this metric (counters only). */
  rate?: string;
}

/** Aggregations a trend metric supports. */
export const TREND_AGGREGATIONS = ['p(N)', 'avg', 'min', 'max', 'med', 'count'] as const;
/** Aggregations a counter metric supports. */
export const COUNTER_AGGREGATIONS = ['count', 'rate'] as const;

/** Every metric a profile's `thresholds` may name. */
export const KNOWN_METRICS: Readonly<Record<string, KnownMetric>> = {
  publish_latency: { kind: 'trend', unit: 'ms', description: 'intended send time → broker acknowledgement' },
  e2e_latency: { kind: 'trend', unit: 'ms', description: 'intended send time → delivery to a consumer (needs consumers)' },
  publish_delay: { kind: 'trend', unit: 'ms', description: 'intended send time → actual send (load-generator lag)' },
  stored_latency: { kind: 'trend', unit: 'ms', description: 'intended send time → row committed by the consumer sink (needs consumers.sink)' },
  send_errors: { kind: 'counter', unit: 'messages', description: 'sends that failed after client retries', rate: 'failed ÷ sent' },
  dropped_sends: {
    kind: 'counter',
    unit: 'messages',
    description: 'sends the schedule wanted but the generator could not issue (window full)',
    rate: 'dropped ÷ (sent + dropped)',
  },
  lost_messages: { kind: 'counter', unit: 'messages', description: 'acknowledged messages no consumer received (verification)', rate: 'lost ÷ acked (one-way: ÷ handed to the socket); whole run, warm-up included' },
  duplicate_messages: { kind: 'counter', unit: 'messages', description: 'messages received more than once per group (verification)', rate: 'duplicates ÷ acked' },
  reordered_messages: { kind: 'counter', unit: 'messages', description: 'messages received out of order within a key (verification)', rate: 'reordered ÷ acked' },
  throughput: { kind: 'counter', unit: 'messages', description: 'acknowledged messages over the measured window', rate: 'achieved msg/s' },
};

/** Metrics whose values only exist when the run has consumers. */
export const CONSUMER_METRICS: ReadonlySet<string> = new Set(['e2e_latency', 'stored_latency', 'lost_messages', 'duplicate_messages', 'reordered_messages']);

/** The metric's definition, or undefined for an unknown name. */
export function knownMetric(name: string): KnownMetric | undefined {
  return Object.prototype.hasOwnProperty.call(KNOWN_METRICS, name) ? KNOWN_METRICS[name] : undefined;
}

/** True when `metric`'s kind supports the aggregation. */
export function supportsAggregation(metric: KnownMetric, a: ThresholdAggregation): boolean {
  if (metric.kind === 'trend') return a.kind !== 'rate';
  return a.kind === 'count' || a.kind === 'rate';
}
