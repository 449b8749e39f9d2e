/**
 * The Artemis rule pack: the Jolokia broker, address and queue metrics (KB §8 AR1, AR2, AR3):
 * queue depth growing, consumers at their credit window, addresses paging or full by their
 * address-full-policy, address memory against global-max-size, durable sends on a NIO journal
 * on Linux. The broker JVM's heap and GC are judged by the core JVM rules from the collector's
 * `jolokia` sample.
 */
import { rulePack, type RulePack } from '../pack.js';
import { artemisGlobalMemory } from './global-memory.js';
import { artemisPaging } from './paging.js';
import { artemisQueueGrowing } from './queue-growing.js';
import { artemisCredit } from './credit.js';
import { artemisHeadroom } from './headroom.js';
import { artemisJournal } from './journal.js';

/** Artemis's Jolokia metrics: address memory, paging and full addresses, the journal, queue depth and consumer credit. */
export const ARTEMIS_PACK: RulePack = rulePack({
  name: 'artemis',
  applies: (b) => b.kind === 'artemis',
  stages: {
    broker: [artemisGlobalMemory, artemisPaging, artemisJournal],
    consumers: [artemisQueueGrowing, artemisCredit],
  },
  headroom: artemisHeadroom,
});
