/**
 * Where consumers of a stream queue attach: the profile's `topics[].streamOffset` (RabbitMQ's
 * `x-stream-offset` consumer argument), or, without it, `consumers.startFrom` (`run` → `next`,
 * `earliest` → `first`).
 *
 * - `first`: the oldest message the stream still holds (older runs' messages are read and
 *   ignored by delivery verification: they carry another run id);
 * - `next`: only messages written after the consumer attached (consumers attach before the
 *   producers start, so the whole run);
 * - an offset (integer ≥ 0): the message at that stream offset and everything after it. When the
 *   offset lies beyond the stream's end when the consumer attaches, the consumer waits there and
 *   this run's messages below it are skipped;
 * - a timestamp (ISO 8601 with a zone, e.g. `2026-12-01T10:00:00Z`): the first chunk the broker
 *   wrote at or after it (a chunk may start a little earlier: the broker stores time per chunk,
 *   in whole seconds here). A time during the run skips what the run wrote before it.
 *
 * The last two may start a group after the run's first messages: {@link startsAtNamedPosition}
 * tells delivery verification so, which then counts what the start skipped as `beforeStart`,
 * not as lost (see `verify/ledger.ts`).
 */
import { Type } from '@sinclair/typebox';

/** A stream consumer's start, parsed. */
export type StreamStart = { kind: 'first' } | { kind: 'next' } | { kind: 'offset'; offset: number } | { kind: 'timestamp'; epochMs: number };

/** An ISO 8601 date-time with seconds optional, fraction optional and a zone (Z or ±hh:mm). */
export const STREAM_TIMESTAMP_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?(Z|[+-][0-9]{2}:[0-9]{2})$';

/** TypeBox schema of `topics[].streamOffset` (its description is also the message of a value of none of the four forms). */
export const StreamOffsetSchema = Type.Union(
  [
    Type.Literal('first'),
    Type.Literal('next'),
    Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
    Type.String({ pattern: STREAM_TIMESTAMP_PATTERN }),
  ],
  {
    description:
      'stream start (RabbitMQ stream queues only, x-stream-offset): first, next, an offset ≥ 0 or an ISO 8601 timestamp with a zone such as 2026-12-01T10:00:00Z; default next (startFrom run) or first (startFrom earliest)',
  },
);

/**
 * Parses a raw `streamOffset` value (schema-checked or not); undefined when absent or not one of
 * the four forms (a timestamp that matches the pattern but names no real time, say 2026-13-01).
 */
export function parseStreamStart(raw: unknown): StreamStart | undefined {
  if (raw === 'first' || raw === 'next') return { kind: raw };
  if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 0 ? { kind: 'offset', offset: raw } : undefined;
  if (typeof raw !== 'string') return undefined;
  const m = TIMESTAMP.exec(raw);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59) return undefined;
  const epochMs = Date.parse(raw);
  return Number.isFinite(epochMs) ? { kind: 'timestamp', epochMs } : undefined;
}

/** {@link STREAM_TIMESTAMP_PATTERN} with the date and time fields captured. */
const TIMESTAMP = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/;

/** The start of a stream consumer: the topic's own `streamOffset`, else the run's `startFrom`. */
export function streamStartOf(streamOffset: StreamStart | undefined, startFrom: 'run' | 'earliest'): StreamStart {
  return streamOffset ?? { kind: startFrom === 'earliest' ? 'first' : 'next' };
}

/** True for a start that may lie after some of this run's messages (an offset or a timestamp). */
export function startsAtNamedPosition(start: StreamStart): boolean {
  return start.kind === 'offset' || start.kind === 'timestamp';
}

/** An AMQP timestamp field (seconds since the epoch), as amqplib encodes it. */
interface AmqpTimestamp {
  '!': 'timestamp';
  value: number;
}

/**
 * The `x-stream-offset` argument of a subscription: after a reconnect or a pause the offset after
 * the last one seen (`resumeAfter`), else the configured start. A timestamp goes as an AMQP
 * timestamp in whole seconds, rounded down (the chunk holding that second is included).
 */
export function streamOffsetArgument(start: StreamStart, resumeAfter: number | null): string | number | AmqpTimestamp {
  if (resumeAfter !== null) return resumeAfter + 1;
  switch (start.kind) {
    case 'first':
    case 'next':
      return start.kind;
    case 'offset':
      return start.offset;
    case 'timestamp':
      return { '!': 'timestamp', value: Math.floor(start.epochMs / 1000) };
  }
}

/** The start as the profile writes it (for messages). */
export function describeStreamStart(start: StreamStart): string {
  switch (start.kind) {
    case 'first':
    case 'next':
      return start.kind;
    case 'offset':
      return `offset ${start.offset}`;
    case 'timestamp':
      return `timestamp ${new Date(start.epochMs).toISOString()}`;
  }
}
