/** ActiveMQ Classic's own finding texts (the `activemq` rule pack, KB AC1–AC2), by finding id. */
import { formatBytes, formatNumber, formatRate } from '../../reports/format.js';
import type { FindingText } from '../text.js';
import { consumersLimitText, consumersOn, type QueueGrowthParams } from '../queue-consumers.js';

/** What reaching each limit blocks, and what to change. */
const USAGE_ADVICE: Readonly<Record<'memory' | 'store' | 'temp', string>> = {
  memory:
    'At 100 % producer flow control blocks every send until consumers free memory. Raise the memory limit (systemUsage memoryUsage; the local broker: 64 MiB) with a heap well above it, or keep queues short with faster or more consumers.',
  store: 'At 100 % persistent sends block. Raise the store limit (storeUsage) or free disk, and keep queues short so KahaDB can clean up its journal files.',
  temp: 'At 100 % non-persistent sends block. Raise the temp limit (tempUsage), or keep queues short: non-persistent messages spill to the temp store when memory is full.',
};

/** ActiveMQ Classic finding texts, by finding id. */
export const activemqTexts = {
  'activemq-usage-high': (p: { usage: 'memory' | 'store' | 'temp'; peakPercent: number; full: boolean; limitBytes: number | null }): FindingText => ({
    title: `Broker ${p.usage} usage ${p.full ? 'reached' : 'stayed near'} its limit (peak ${formatNumber(p.peakPercent)} %${p.limitBytes !== null ? ` of ${formatBytes(p.limitBytes)}` : ''})${p.full ? ': producer flow control blocked sends' : ''}`,
    recommendation: USAGE_ADVICE[p.usage],
  }),
  'activemq-consumers-limit': (p: QueueGrowthParams): FindingText =>
    consumersLimitText(p, {
      held: 'messages',
      drainVerb: 'dequeues',
      drainRate: 'queue dequeue rate',
      consequence: 'A growing queue also fills the broker memory limit, after which producer flow control slows the producers.',
    }),
  'activemq-consumers-at-prefetch': (p: { queue: string; inFlight: number; consumers: number; prefetch: number; perConsumerRate: number | null; processingBound: boolean; targetRate: number; neededConsumers: number | null }): FindingText => ({
    title: `Consumers of \`${p.queue}\` sit at their prefetch: ${formatNumber(p.inFlight)} in flight of ${p.consumers} × ${p.prefetch} while messages wait`,
    recommendation:
      'Every delivery a consumer may hold is taken and more wait behind them, so the handlers are the limit. ' +
      (p.processingBound
        ? `They run at their processing ceiling, so a larger prefetch does not help: ${consumersOn(p.queue, p.consumers, p.neededConsumers)} to reach ${formatRate(p.targetRate)}.`
        : `${consumersOn(p.queue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}, or raise driver.config.prefetch above ${p.prefetch} when the handlers wait on the round trip (long jobs want a small prefetch instead, so one consumer does not hoard messages).`),
  }),
} as const;
