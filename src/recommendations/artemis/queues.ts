/** Titles and recommendations for Artemis queue findings (KB §8 AR2), keyed by finding id. */
import { formatMs, formatNumber, formatRate } from '../../reports/format.js';
import type { FindingText } from '../text.js';

/** "run at least 8 consumers on `q` (now 2)", or that the count already suffices. */
export function artemisConsumersOn(queue: string, consumers: number | null, needed: number | null): string {
  if (needed === null) return `add consumers on \`${queue}\` (consumers.perGroup)`;
  if (consumers !== null && needed <= consumers) return `the ${consumers} consumers on \`${queue}\` suffice at their measured rate once nothing else holds them back`;
  return `run at least ${needed} consumers on \`${queue}\` (consumers.perGroup${consumers !== null ? `, now ${consumers}` : ''})`;
}

/** Artemis queue finding texts, by finding id. */
export const artemisQueueTexts = {
  'artemis-consumers-limit': (p: {
    queue: string;
    growthPerSec: number;
    endDepth: number;
    consumers: number | null;
    addedPerSec: number | null;
    perConsumerRate: number | null;
    targetRate: number;
    neededConsumers: number | null;
  }): FindingText => ({
    title: `Queue \`${p.queue}\` grows by ${formatRate(p.growthPerSec)} (${formatNumber(p.endDepth)} messages at the end): consumers are the limit`,
    recommendation:
      `Messages are routed into the queue${p.addedPerSec !== null ? ` at ${formatRate(p.addedPerSec)}` : ''} faster than its consumers acknowledge them${p.perConsumerRate !== null ? ` (${formatRate(p.perConsumerRate)} each, acknowledged rate ÷ ${p.consumers ?? '?'} consumers)` : ''}. ` +
      `To keep up with ${formatRate(p.targetRate)}, ${artemisConsumersOn(p.queue, p.consumers, p.neededConsumers)}` +
      (p.neededConsumers !== null ? ` — ⌈${formatNumber(p.targetRate)} ÷ ${formatNumber(p.perConsumerRate)}⌉` : '') +
      '; or make the per-message work cheaper. A queue that keeps growing ends at the address limit, where the address-full-policy pages, blocks, fails or drops.',
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
        ? `They run at their processing ceiling, so a larger window does not help: ${artemisConsumersOn(p.queue, p.consumers, p.neededConsumers)} to reach ${formatRate(p.targetRate)}.`
        : p.suggestedCredit !== null && p.suggestedCredit > p.credit
          ? `Raise driver.config.prefetch from ${p.credit} to ${p.suggestedCredit} (≈ 2 × ${p.perConsumerRate !== null ? formatRate(p.perConsumerRate) : 'the per-consumer rate'} × (${p.rttMs !== null ? formatMs(p.rttMs) : 'the'} round trip + processing), at most ${p.creditMax}: a crashed consumer's window comes again), or ${artemisConsumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
          : p.neededConsumers !== null && p.neededConsumers > p.consumers
            ? `A window of ${p.credit} already covers the round trip${p.rttMs !== null ? ` (${formatMs(p.rttMs)})` : ''}: ${artemisConsumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}.`
            : `A window of ${p.credit} covers the round trip and at their measured rate the ${p.consumers} consumers keep up with ${formatRate(p.targetRate)}: the waiting messages are a backlog being drained. Faster handlers drain it sooner.`),
  }),
} as const;
