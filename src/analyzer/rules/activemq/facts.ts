/**
 * What the ActiveMQ Classic rules read: series of the ActiveMQ collector
 * ({@link ACTIVEMQ_SAMPLE_NAMES}, source `activemq`) broker-wide and per run queue, and the
 * profile's prefetch. A broker may carry other traffic, so queue rules judge the run's own
 * queues: a topic's queue (`<topic>`) or its groups' virtual-topic queues
 * (`Consumer.<group>.VirtualTopic.<topic>`).
 */
import type { Profile } from '../../../profile/schema.js';
import { ACTIVEMQ_SAMPLE_NAMES, ACTIVEMQ_SOURCE } from '../../../collectors/activemq/names.js';
import { DEFAULT_ACTIVEMQ_TUNING } from '../../../drivers/activemq/config.js';
import type { AnalysisWindow } from '../../window.js';
import type { Point } from '../../stats.js';

export const AB = ACTIVEMQ_SAMPLE_NAMES.broker;
export const AQ = ACTIVEMQ_SAMPLE_NAMES.queue;

/** True when the window holds any sample of the ActiveMQ collector. */
export function hasActivemqSamples(window: AnalysisWindow): boolean {
  return window.samples.some((s) => s.source === ACTIVEMQ_SOURCE);
}

/** The reason given when no ActiveMQ collector sample is in the window. */
export const NO_ACTIVEMQ_SAMPLES = 'no ActiveMQ collector samples (its Jolokia did not answer: driver.config.managementUrl)';

/** True when `queue` belongs to one of the run's topics (every queue when there is no profile). */
export function isRunQueue(queue: string, topics: readonly string[]): boolean {
  return topics.length === 0 || topics.some((t) => queue === t || queue.endsWith(`.VirtualTopic.${t}`));
}

/** Per run queue series of a queue value (key: queue name), or null when none has it. */
export function queueSeries(window: AnalysisWindow, profile: Profile | null, name: string): Map<string, Point[]> | null {
  const topics = profile ? profile.topics.map((t) => t.name) : [];
  const out = new Map<string, Point[]>();
  for (const s of window.samples) {
    const q = s.labels?.['queue'];
    if (s.source !== ACTIVEMQ_SOURCE || q === undefined || typeof s.values[name] !== 'number' || !isRunQueue(q, topics)) continue;
    let list = out.get(q);
    if (!list) out.set(q, (list = []));
    list.push({ t: s.t, v: s.values[name]! });
  }
  return out.size > 0 ? out : null;
}

/** Broker-wide series (samples without labels) of a broker value, or null. */
export function brokerSeries(window: AnalysisWindow, name: string): Point[] | null {
  const pts = window.samples.filter((s) => s.source === ACTIVEMQ_SOURCE && !s.labels && typeof s.values[name] === 'number').map((s) => ({ t: s.t, v: s.values[name]! }));
  return pts.length > 0 ? pts : null;
}

/** Consumer prefetch (`driver.config.prefetch`, the AMQP credit window; default 500), messages. */
export function activemqPrefetch(profile: Profile | null): number {
  const v = profile?.driver.config?.['prefetch'];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_ACTIVEMQ_TUNING.prefetch;
}

export { valueAt } from '../rabbitmq/facts.js';
