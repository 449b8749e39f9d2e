/**
 * The exported series naming of every broker kind's own sample sources (a registry: each kind's
 * `series-naming.ts`), for the Prometheus exporter. Kept apart from `index.ts` so the exporter
 * does not load the collectors themselves.
 */
import type { SourceNaming } from './series-naming.js';
import { RABBITMQ_SERIES_NAMING } from './rabbitmq/series-naming.js';
import { ARTEMIS_SERIES_NAMING } from './artemis/series-naming.js';
import { ACTIVEMQ_SERIES_NAMING } from './activemq/series-naming.js';
import { ROCKETMQ_SERIES_NAMING } from './rocketmq/series-naming.js';

/** Naming by sample source, for the sources of broker collectors. */
export const KIND_SERIES_NAMING: Readonly<Record<string, SourceNaming>> = {
  ...RABBITMQ_SERIES_NAMING,
  ...ARTEMIS_SERIES_NAMING,
  ...ACTIVEMQ_SERIES_NAMING,
  ...ROCKETMQ_SERIES_NAMING,
};
