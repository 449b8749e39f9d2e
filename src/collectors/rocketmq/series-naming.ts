/**
 * Exported series names of the RocketMQ collector's samples (source `rocketmq`, the broker's own
 * Prometheus exporter; see {@link SourceNaming}; units are converted after the base name): area
 * `mqload_rocketmq_`, the sample's `instance` (the exporter URL) as `endpoint`. Per group samples
 * (`labels { group, topic }`) keep their `consumer_` names, broker-wide ones their own.
 */
import type { SourceNaming } from '../series-naming.js';

/** Naming of the RocketMQ source: the value names are the series names. */
export const ROCKETMQ_SERIES_NAMING: Readonly<Record<string, SourceNaming>> = {
  rocketmq: { area: 'rocketmq', instanceLabel: 'endpoint' },
};
