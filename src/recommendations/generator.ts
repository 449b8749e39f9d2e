/** Titles and recommendations for the load-generator findings (KB C1–C6), keyed by finding id. */
import { formatMs, formatNumber, formatPercent, formatRate, formatRatio } from '../reports/format.js';
import { capitalize, type FindingText } from './text.js';

/** Suggested worker step: double the current count, capped at the core count; null when workers already equal the cores. */
function workerStep(workers: number | null, cores: number | null): string | null {
  if (cores !== null && workers !== null && workers >= cores) return null;
  if (cores !== null) return `raise workers to ${workers === null ? cores : Math.min(cores, Math.max(workers * 2, workers + 1))} (now ${workers ?? 'unknown'}, ceiling ${cores}: one per core)`;
  return `raise workers towards one per core (now ${workers ?? 'unknown'})`;
}

/** "a", "a or b", "a, b, or c". */
function anyOf(options: readonly string[]): string {
  if (options.length <= 2) return options.join(' or ');
  return `${options.slice(0, -1).join(', ')}, or ${options.at(-1)}`;
}

/**
 * More generator capacity, each step said once: raise workers while they are fewer than the
 * cores, else say they already equal them; then `alternatives` (default: more generator machines).
 */
function moreCapacity(workers: number | null, cores: number | null, alternatives: readonly string[] = ['add generator machines']): string {
  const step = workerStep(workers, cores);
  if (step !== null) return anyOf([step, ...alternatives]);
  return `workers already equal the ${cores} core${cores === 1 ? '' : 's'}, so ${anyOf(alternatives)}`;
}

/** Load-generator finding texts, by finding id. */
export const generatorTexts = {
  'generator-host-cpu': (p: {
    medianPercent: number;
    limitPercent: number;
    brokerLocal: boolean;
    /** Set when other processes took most of the host while mqload kept its schedule. */
    sharedBy: { mqloadPercent: number; brokerPercent: number; otherPercent: number } | null;
  }): FindingText =>
    p.sharedBy
      ? {
          title: `Generator host CPU at ${formatPercent(p.medianPercent)}, mostly other processes (${formatPercent(p.sharedBy.otherPercent)}); mqload kept its schedule`,
          recommendation:
            `mqload used ${formatPercent(p.sharedBy.mqloadPercent)} of the host${p.brokerLocal ? ` and the local broker ${formatPercent(p.sharedBy.brokerPercent)}` : ''} and sent on time, so its figures hold; ` +
            `but ${p.brokerLocal ? 'the broker and consumers on this host' : 'the consumers on this host'} competed for CPU with other processes. For figures that carry to production, run on a machine the test has to itself.`,
        }
      : {
          title: `Load-generator host CPU at ${formatPercent(p.medianPercent)} (limit ${p.limitPercent} %)`,
          recommendation:
            `The machine running mqload is CPU-bound, so rates and latencies understate the system. ` +
            (p.brokerLocal ? 'The local broker shares this host: run the broker and the generator on separate machines, or spread' : 'Spread') +
            ` the load over more generator machines, each below ${p.limitPercent} % CPU.`,
        },
  'generator-process-cpu': (p: { maxCorePercent: number; hostPercent: number; processPercent: number; workers: number | null; cores: number | null }): FindingText => ({
    title: `One generator core saturated (${formatPercent(p.maxCorePercent)}) while the host is at ${formatPercent(p.hostPercent)}`,
    recommendation:
      `mqload's process used ${formatPercent(p.processPercent)} of a core: one JavaScript thread is the limit, not the machine. ` +
      `${capitalize(moreCapacity(p.workers, p.cores))}; keep one client per worker and move compression and serialisation off the event loop.`,
  }),
  'generator-event-loop': (p: { instance: string; delayP99Ms: number | null; utilization: number | null; workers: number | null; cores: number | null }): FindingText => ({
    title:
      p.delayP99Ms !== null
        ? `Generator event loop blocked: delay p99 ${formatMs(p.delayP99Ms)} (limit 70 ms) in ${p.instance}`
        : `Generator event loop busy ${formatRatio(p.utilization)} of the time in ${p.instance}`,
    recommendation:
      `Timestamps and callbacks ran late, so measured latencies include the generator's own queueing. ` +
      `${capitalize(moreCapacity(p.workers, p.cores))}; avoid large synchronous work per message (payload building, compression).`,
  }),
  'generator-memory': (p: { usedRatio: number; limitRatio: number; brokerLocal: boolean }): FindingText => ({
    title: `Load-generator host memory ${formatRatio(p.usedRatio)} used (limit ${formatRatio(p.limitRatio)})`,
    recommendation:
      `Memory pressure makes garbage collection steal generator CPU. Reuse payload buffers, lower producers.maxInFlight if it is large, ` +
      (p.brokerLocal ? 'run the broker on another machine (it shares this host), ' : '') +
      'or add generator machines.',
  }),
  'generator-behind-schedule': (p: {
    delayP99Ms: number;
    limitMs: number;
    sendIntervalMs: number;
    growthMsPerSec: number | null;
    mode: string;
    producers: number;
    neededProducers: number | null;
    workers: number | null;
    cores: number | null;
  }): FindingText => ({
    title:
      p.growthMsPerSec !== null
        ? `Sends fall further behind schedule (+${formatNumber(p.growthMsPerSec)} ms/s; p99 delay ${formatMs(p.delayP99Ms)})`
        : `Sends issued late: publish-delay p99 ${formatMs(p.delayP99Ms)} (limit ${formatMs(p.limitMs)}, send interval ${formatMs(p.sendIntervalMs)})`,
    recommendation:
      p.mode === 'sync'
        ? `Each sync producer waits for its acknowledgement before the next send, so it cannot keep a ${formatMs(p.sendIntervalMs)} interval. ` +
          (p.neededProducers !== null ? `Raise producers.count from ${p.producers} to at least ${p.neededProducers}, or use mode: async.` : 'Add producers or use mode: async.')
        : `The generator could not issue sends at their intended times: ${moreCapacity(p.workers, p.cores)}.`,
  }),
  'generator-dropped-sends': (p: {
    dropped: number;
    share: number;
    mode: string;
    maxInFlight: number | null;
    suggestedMaxInFlight: number | null;
    publishP99Ms: number | null;
  }): FindingText => ({
    title: `${formatNumber(p.dropped)} sends dropped (${formatRatio(p.share)} of the offered load): the window of outstanding messages was full`,
    recommendation:
      `The offered load was never sent, so the broker saw less than the target. ` +
      (p.mode === 'async' && p.suggestedMaxInFlight !== null
        ? `With publish p99 ${formatMs(p.publishP99Ms)}, each producer needs about ${p.suggestedMaxInFlight} messages in flight (Little's law, ×2 margin): raise producers.maxInFlight from ${p.maxInFlight ?? 'the default'} to ${p.suggestedMaxInFlight}, or add producers. If acknowledgements are slow because the broker is busy, see the broker findings.`
        : 'Add producers or workers, or lower the target rate to what the generator can offer.'),
  }),
  'generator-rate-not-met': (p: {
    achieved: number;
    target: number;
    ratio: number;
    because: 'generator-hot' | 'broker-idle';
    mode: string;
    workers: number | null;
    cores: number | null;
  }): FindingText => ({
    title: `Target ${formatRate(p.target)} not reached (${formatRate(p.achieved)}, ${formatRatio(p.ratio)}) while ${p.because === 'generator-hot' ? 'the generator was saturated' : 'the broker was idle'}`,
    recommendation:
      'The limit is the test, not the system under test. ' +
      (p.mode === 'sync' && p.because === 'broker-idle'
        ? 'In sync mode each producer waits for every acknowledgement: raise producers.count or use mode: async (see the sync finding for the count).'
        : `${capitalize(moreCapacity(p.workers, p.cores, ['add generator machines', 'use another client']))}, until the target is reached or the broker becomes the busy side.`),
  }),
} as const;
