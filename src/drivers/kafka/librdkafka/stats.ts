/**
 * librdkafka statistics (emitted every `statistics.interval.ms` when set in `driver.config`) →
 * mqload client events: each broker's requests waiting to be sent or answered as a
 * `request-queue-size` event. librdkafka reports request latency only as per-interval averages
 * (`rtt`), which do not fit the per-request `request` event, so those are not forwarded.
 */
import type { ClientEvent } from '../../types.js';

interface BrokerStats {
  nodename?: string;
  outbuf_cnt?: number;
  waitresp_cnt?: number;
}

/** Parses one statistics JSON document and emits its events; a malformed document emits nothing. */
export function statsEvents(json: string, emit: (e: ClientEvent) => void): void {
  let doc: { brokers?: Record<string, BrokerStats> };
  try {
    doc = JSON.parse(json) as typeof doc;
  } catch {
    return; // librdkafka writes valid JSON; a truncated document is not worth an error
  }
  for (const [name, b] of Object.entries(doc.brokers ?? {})) {
    if (name.includes('GroupCoordinator') || name.startsWith(':0/internal')) continue;
    emit({ type: 'request-queue-size', size: (b.outbuf_cnt ?? 0) + (b.waitresp_cnt ?? 0), broker: b.nodename ?? name });
  }
}
