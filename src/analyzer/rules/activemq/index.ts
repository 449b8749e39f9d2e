/**
 * The ActiveMQ Classic rule pack: the broker's usage limits (memory, store, temp → producer flow
 * control), queue depth growing, consumers at their prefetch (KB §8, AC1–AC2). The broker JVM's
 * heap and GC are judged by the core JVM rules (the collector writes them under source
 * `jolokia`); KahaDB sync cost (AC3) has no metric to judge.
 */
import { rulePack, type RulePack } from '../pack.js';
import { activemqUsageLimits } from './usage-limits.js';
import { activemqQueueGrowing } from './queue-growing.js';
import { activemqPrefetchRule } from './prefetch.js';

/** ActiveMQ Classic's JMX metrics: usage limits, queue depth and prefetch. */
export const ACTIVEMQ_PACK: RulePack = rulePack({
  name: 'activemq',
  applies: (b) => b.kind === 'activemq',
  stages: {
    broker: [activemqUsageLimits],
    consumers: [activemqQueueGrowing, activemqPrefetchRule],
  },
});
