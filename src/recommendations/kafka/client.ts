/** Titles and recommendations for Kafka's client batching finding (tiny produce requests), keyed by finding id. */
import type { FindingText } from '../text.js';

/** Kafka client finding texts, by finding id. */
export const kafkaClientTexts = {
  'tiny-batches': (p: { messagesPerRequest: number; lingerMs: number | null; maxRecords: number | null; suggestedLingerMs: number | null; mode: string; hot: string }): FindingText => ({
    title: `Tiny produce requests: ${p.messagesPerRequest.toFixed(1)} messages per request while ${p.hot}`,
    recommendation:
      p.mode === 'sync'
        ? 'Sync mode sends one message per request by design; use mode: async with batching (producers.batch) to cut per-request overhead.'
        : `Each request costs broker and client CPU: raise producers.batch.lingerMs from ${p.lingerMs ?? 'the default'} to ${p.suggestedLingerMs ?? 20} ms` +
          (p.maxRecords !== null && p.maxRecords >= 100 ? '' : ` and producers.batch.maxRecords from ${p.maxRecords ?? 'the default'} to at least 100`) +
          '; compression (lz4) helps once batches are larger.',
  }),
} as const;
