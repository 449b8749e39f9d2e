/**
 * Titles and recommendations for rate, client-side, delivery and healthy findings (KB C6, sync
 * mode, producer errors, delivery verification), keyed by finding id; Kafka's batching text (C8)
 * is in `kafka/client.ts`.
 */
import { formatMs, formatNumber, formatRate, formatRatio } from '../reports/format.js';
import type { FindingText } from './text.js';
import type { BrokerKind } from '../drivers/types.js';
import { adviceFor } from './advice.js';

/** Rate, client, delivery and healthy finding texts, by finding id. */
export const clientTexts = {
  'rate-not-met': (p: { achieved: number; target: number; ratio: number; blame: 'broker' | 'undetermined' | 'unmeasured'; broker: BrokerKind | null }): FindingText => ({
    title: `Target rate not met: ${formatRate(p.achieved)} of ${formatRate(p.target)} (${formatRatio(p.ratio)})`,
    recommendation:
      p.blame === 'broker'
        ? 'The broker was busy while the rate fell short: the system under test is at its limit at this load. Fix the broker bottleneck named in the other findings (or scale per the capacity estimate), then re-run.'
        : p.blame === 'undetermined'
          ? adviceFor(p.broker).rateUndetermined
          : `No generator or broker metrics tell which side limited the rate. Enable the host and process collectors and ${adviceFor(p.broker).brokerCollectors}, then re-run.`,
  }),
  'generator-no-load': (p: { dropped: number; windowSec: number }): FindingText => ({
    title: `No messages were sent during ${formatNumber(p.windowSec)} s of load`,
    recommendation:
      `The generator offered no load${p.dropped > 0 ? ` (${formatNumber(p.dropped)} sends dropped)` : ''}, so this run says nothing about the system. ` +
      'Check events.jsonl and the console for worker errors or a stalled producer start, then re-run.',
  }),
  'no-acks': (p: { sent: number; failed: number; top: string | null; broker: BrokerKind | null }): FindingText => ({
    title: `None of ${formatNumber(p.sent)} sends was acknowledged during load${p.top ? `: ${p.top}` : ''}`,
    recommendation: `The broker acknowledged nothing (${formatNumber(p.failed)} sends failed). Check that the broker is up and ${adviceFor(p.broker).noAcksCheck}, then re-run.`,
  }),
  'sync-round-trip-limit': (p: { producers: number; latencyMs: number; maxRate: number; achieved: number; target: number; neededProducers: number }): FindingText => ({
    title: `Sync round trips cap the rate at ${formatRate(p.maxRate)} (${p.producers} producers ÷ ${formatMs(p.latencyMs)} per send)`,
    recommendation: `A sync producer sends one message per acknowledgement, so ${p.producers} producers cannot exceed ${formatRate(p.maxRate)}. To reach ${formatRate(p.target)} raise producers.count from ${p.producers} to at least ${p.neededProducers}, or use mode: async.`,
  }),
  'producer-errors': (p: { failed: number; sent: number; share: number; top: string | null }): FindingText => ({
    title: `${formatNumber(p.failed)} sends failed (${formatRatio(p.share)} of ${formatNumber(p.sent)})${p.top ? `: ${p.top}` : ''}`,
    recommendation:
      'Failed sends are not counted as throughput and hide the broker\'s real behaviour. Fix the cause named in the errors first; for timeouts raise request.timeout.ms only after checking the broker findings, since a busy broker is the usual cause.',
  }),
  'client-timeouts': (p: { timeouts: number; retries: number | null }): FindingText => ({
    title: `${formatNumber(p.timeouts)} client request timeout${p.timeouts === 1 ? '' : 's'}${p.retries !== null ? ` and ${formatNumber(p.retries)} retries` : ''}`,
    recommendation: 'Requests took longer than request.timeout.ms: usually a busy broker (see the broker findings) or too many requests in flight; cap producers.maxInFlight before raising the timeout.',
  }),
  'delivery-loss': (p: { group: string; lost: number; lostUnacked: number; acked: number; broker: BrokerKind | null }): FindingText => ({
    title: `${formatNumber(p.lost)} acknowledged messages never reached group ${p.group}${p.lostUnacked > 0 ? ` (plus ${formatNumber(p.lostUnacked)} unacknowledged)` : ''}`,
    recommendation: adviceFor(p.broker).deliveryLoss,
  }),
  'delivery-backlog': (p: { group: string; undelivered: number }): FindingText => ({
    title: `${formatNumber(p.undelivered)} acknowledged messages were still queued for group ${p.group} when the run ended (not lost)`,
    recommendation:
      'The broker kept them; the consumers had not reached them within the run plus verify.graceMs. See the consumer-lag findings for why; to verify full delivery of a backlog, raise verify.graceMs above the drain time or add a cool-down.',
  }),
  'delivery-duplicates': (p: { group: string; duplicated: number; broker: BrokerKind | null }): FindingText => ({
    title: `${formatNumber(p.duplicated)} messages were written twice to the log read by group ${p.group}`,
    recommendation:
      `The producer side doubled them: a send was retried after its first attempt had landed, so the log holds two copies. ${adviceFor(p.broker).duplicates}`,
  }),
  'delivery-redelivered': (p: { group: string; redelivered: number }): FindingText => ({
    title: `${formatNumber(p.redelivered)} messages were delivered again to group ${p.group} (each is in the log once)`,
    recommendation:
      'The consumer side replayed them: a consumer stopped before committing or acknowledging what it had processed, and the broker delivered those positions again. This is at-least-once delivery working; make processing idempotent (an upsert sink, a processed-id table), and commit or acknowledge more often to shrink the replay.',
  }),
  'delivery-reordering': (p: { group: string; reordered: number; broker: BrokerKind | null }): FindingText => ({
    title: `${formatNumber(p.reordered)} messages out of order within a key for group ${p.group}`,
    recommendation: adviceFor(p.broker).ordering,
  }),
  'limit-unidentified': (p: { rate: number; headroom: string[]; unmeasured: string[]; broker: BrokerKind | null }): FindingText => ({
    title: `Max-throughput peaked at ${formatRate(p.rate)}, but no measured resource was saturated${p.headroom.length > 0 ? ` (${p.headroom.join(', ')})` : ''}`,
    recommendation:
      `Something limited the rate that the collectors did not see: ${adviceFor(p.broker).clientLimit}` +
      (p.unmeasured.length > 0 ? ` Not measured: ${p.unmeasured.join(', ')}; enable those collectors and re-run.` : ''),
  }),
  healthy: (p: { rate: number; headroom: string[]; unmeasured: string[]; broker: BrokerKind | null }): FindingText => ({
    title: `No bottleneck found up to ${formatRate(p.rate)}${p.headroom.length > 0 ? `; headroom: ${p.headroom.join(', ')}` : ''}`,
    recommendation:
      `The system kept up with this load. Raise the target rate (or run a ramping-arrival-rate profile) to find the saturation point.` +
      (p.unmeasured.length > 0 ? ` Not measured: ${p.unmeasured.join(', ')}; enable those collectors for a complete picture.` : ''),
  }),
} as const;
