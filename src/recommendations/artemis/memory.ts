/** Titles and recommendations for Artemis address memory and paging findings (KB §8 AR1), keyed by finding id. */
import { formatBytes, formatNumber, formatPercent, formatRate, formatSeconds } from '../../reports/format.js';
import type { FindingText } from '../text.js';
import { consumersOn } from '../queue-consumers.js';

/** What the paging and address-full findings share (see `rules/artemis/paging.ts`). */
interface AddressParams {
  address: string;
  deepestQueueMessages: number;
  backlogBytes: number;
  /** The address's own max-size-bytes; null when the global limit applies. */
  maxSizeBytes: number | null;
  globalMaxBytes: number | null;
  heapMaxBytes: number | null;
  suggestedLimitBytes: number | null;
  /** Heap that gives the suggested limit as global-max-size (half of -Xmx); null when the address has a limit of its own. */
  suggestedHeapBytes: number | null;
  slowQueue: string | null;
  consumers: number | null;
  perConsumerRate: number | null;
  targetRate: number;
  neededConsumers: number | null;
}

/** The limit that applied: "max-size-bytes 10 MiB" or "global-max-size 256 MiB (half of the 512 MiB heap)". */
function limitName(p: AddressParams): string {
  if (p.maxSizeBytes !== null) return `max-size-bytes ${formatBytes(p.maxSizeBytes)}`;
  return `global-max-size${p.globalMaxBytes !== null ? ` ${formatBytes(p.globalMaxBytes)}` : ''}${p.heapMaxBytes !== null ? ` (of a ${formatBytes(p.heapMaxBytes)} heap)` : ''}`;
}

/** How to make room for the backlog: a larger max-size-bytes, or a heap that gives a larger global-max-size. */
function roomFor(p: AddressParams): string {
  if (p.suggestedLimitBytes === null) return 'give the address more room';
  const backlog = `the backlog seen (${formatNumber(p.deepestQueueMessages)} messages ≈ ${formatBytes(p.backlogBytes)})`;
  if (p.suggestedHeapBytes === null) return `raise its max-size-bytes to about ${formatBytes(p.suggestedLimitBytes)} so ${backlog} fits at 80 %`;
  return `give the broker -Xmx ≈ ${formatBytes(p.suggestedHeapBytes)} (global-max-size, half of the heap, becomes ≈ ${formatBytes(p.suggestedLimitBytes)}) so ${backlog} fits at 80 %, or set global-max-size directly`;
}

/** The consumers clause: drain the backlog instead of storing it. */
function drain(p: AddressParams): string {
  if (p.slowQueue === null) return 'Faster or more consumers keep the queue short';
  return `Better, keep it short: at ${formatRate(p.perConsumerRate)} per consumer, ${consumersOn(p.slowQueue, p.consumers, p.neededConsumers)} for ${formatRate(p.targetRate)}`;
}

const POLICY_EFFECT = {
  BLOCK: 'producers are blocked (sends wait without credit until consumers free memory)',
  FAIL: 'sends are refused with an error',
  DROP: 'new messages are dropped silently: the run\'s acknowledged count is not what consumers can get',
} as const;

/** Artemis address memory and paging texts, by finding id. */
export const artemisMemoryTexts = {
  'artemis-address-paging': (p: AddressParams & { pagingSec: number; maxPages: number | null }): FindingText => ({
    title: `Address \`${p.address}\` paged to disk for ${formatSeconds(p.pagingSec)}${p.maxPages !== null ? ` (${formatNumber(p.maxPages)} page files)` : ''}: it reached ${limitName(p)}`,
    recommendation:
      'With address-full-policy PAGE the broker keeps accepting, but writes new messages to page files and consumers read them back from disk, so latency and disk I/O rise. ' +
      `To keep it in memory, ${roomFor(p)}. ${drain(p)}.`,
  }),
  'artemis-address-full': (p: AddressParams & { policy: 'BLOCK' | 'FAIL' | 'DROP'; fullSec: number }): FindingText => ({
    title: `Address \`${p.address}\` was full for ${formatSeconds(p.fullSec)} (${limitName(p)}, address-full-policy ${p.policy})`,
    recommendation:
      `At the limit ${POLICY_EFFECT[p.policy]}. To accept the load, ${roomFor(p)}, or switch the address to address-full-policy PAGE so it spills to disk. ${drain(p)}.`,
  }),
  'artemis-global-memory': (p: {
    peakPercent: number;
    full: boolean;
    peakBytes: number | null;
    globalMaxBytes: number | null;
    heapMaxBytes: number | null;
    suggestedGlobalMaxBytes: number | null;
    suggestedHeapBytes: number | null;
  }): FindingText => ({
    title: `Artemis address memory ${p.full ? 'reached' : 'stayed near'} global-max-size: ${formatPercent(p.peakPercent)}${p.globalMaxBytes !== null ? ` of ${formatBytes(p.globalMaxBytes)}` : ''} at the peak`,
    recommendation:
      (p.full ? 'At the global limit every address without a max-size-bytes of its own applies its address-full-policy (PAGE: to disk; BLOCK, FAIL, DROP: producers stall, sends fail or messages vanish). ' : 'Little memory is left before every address applies its address-full-policy. ') +
      (p.suggestedHeapBytes !== null && p.suggestedGlobalMaxBytes !== null
        ? `To hold the peak at 80 %, global-max-size ≈ ${formatBytes(p.suggestedGlobalMaxBytes)}: by default half of the heap, so -Xmx ≈ ${formatBytes(p.suggestedHeapBytes)}${p.heapMaxBytes !== null ? ` (now ${formatBytes(p.heapMaxBytes)})` : ''}${p.full ? ' at least, since the peak was capped by the limit' : ''}. `
        : 'Give the broker more heap (global-max-size defaults to half of -Xmx). ') +
      'Faster consumers keep queues short, which needs no memory at all.',
  }),
} as const;
