/** Titles and recommendations for Artemis queue findings (KB §8 AR2), keyed by finding id. */
import { formatMs, formatNumber, formatRate } from '../../reports/format.js';
import type { FindingText } from '../text.js';
import { consumersLimitText, consumersOn, type QueueGrowthParams } from '../queue-consumers.js';

/** Artemis queue finding texts, by finding id. */
export const artemisQueueTexts = {
  'artemis-consumers-limit': (p: QueueGrowthParams): FindingText =>
    consumersLimitText(p, {
      held: 'messages',
      drainVerb: 'acknowledges',
      drainRate: 'acknowledged rate',
      consequence: 'A queue that keeps growing ends at the address limit, where the address-full-policy pages, blocks, fails or drops.',
    }),
  'artemis-consumers-at-credit': (p: {
    queue: string;
    delivering: number;
    consumers: number;
    credit: number;
    perConsumerRate: number | null;
    rttMs: number | null;
    suggestedCredit: number | null;
    creditMax: number;
    processingBound: boolean;
    targetRate: number;
    neededConsumers: number | null;
  }): FindingText => ({
    title: `Consumers of \`${p.queue}\` hold their whole credit window: ${formatNumber(p.delivering)} delivering of ${p.consumers} × ${p.credit} while more messages wait`,
    recommendation:
      'Every delivery a consumer may hold unsettled is out and the queue has more behind them, so the handlers are the limit. ' +
      (p.processingBound
        ? `They run at their processing ceiling, so a larger window does not help: ${consumersOn(p.queue, p.consumers, p.neededConsumers)} to reach ${formatRate(p.targetRate)}.`
        : p.suggestedCredit !== null && p.suggestedCredit > p.credit
          ? `Raise driver.config.prefetch from ${p.credit} to ${p.suggestedCredit} (≈ 2 × ${p.perConsumerRate !== null ? formatRate(p.perConsumerRate) : 'the per-consumer rate'} × (${p.rttMs !== null ? formatMs(p.rttMs) : 'the'} round trip + processing), at most ${p.creditMax}: a crashed consumer's window comes again), or ${consumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
          : p.neededConsumers !== null && p.neededConsumers > p.consumers
            ? `A window of ${p.credit} already covers the round trip${p.rttMs !== null ? ` (${formatMs(p.rttMs)})` : ''}: ${consumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
            : `A window of ${p.credit} covers the round trip and at their measured rate the ${p.consumers} consumers keep up with ${formatRate(p.targetRate)}: the waiting messages are a backlog being drained. Faster handlers drain it sooner.`),
  }),
} as const;
