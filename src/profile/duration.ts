/**
 * Durations as written in profiles and flags: `500ms`, `30s`, `1.5m`, `1h` (one number, one unit,
 * the same grammar as the schema's `Duration` pattern) or a plain number of seconds.
 */
import { UsageError } from '../errors.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION_RE = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m|h)$/;

/** The longest duration a profile may give (7 days): longer ones are typos, and timers cannot wait that long reliably. */
export const MAX_DURATION_MS = 7 * 24 * 3_600_000;

/** Hint shown whenever a duration does not parse. */
export const DURATION_HINT = 'write a number and a unit, e.g. "500ms", "30s", "5m", "1h", or a plain number of seconds';

/**
 * Milliseconds for a duration spec. A number means seconds. The result is rounded to a whole
 * millisecond. Throws {@link UsageError} for anything else (negative numbers, `10 sec`, `1m30s`).
 */
export function parseDurationMs(d: string | number): number {
  if (typeof d === 'number') {
    if (!Number.isFinite(d) || d < 0) throw new UsageError(`invalid duration ${d}: must be a non-negative number of seconds`, DURATION_HINT);
    return Math.round(d * 1000);
  }
  const m = DURATION_RE.exec(d.trim());
  if (!m) throw new UsageError(`invalid duration "${d}"`, DURATION_HINT);
  return Math.round(Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]);
}

/** True when {@link parseDurationMs} would accept `d`. */
export function isDuration(d: unknown): d is string | number {
  if (typeof d === 'number') return Number.isFinite(d) && d >= 0;
  return typeof d === 'string' && DURATION_RE.test(d.trim());
}

/**
 * Human-readable text for a duration in ms, for summaries and logs: `250ms`, `1.5s`, `30s`,
 * `1m30s`, `2h`, `1h5m`. Not meant to be parsed back (compound forms are not profile syntax);
 * use {@link durationSpec} to write a duration into a profile.
 */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) {
    const s = Math.round(ms / 100) / 10;
    return s === 60 ? '1m' : `${s}s`;
  }
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s ? `${s}s` : ''}` || '0s';
}

/** A profile duration string for `ms` that {@link parseDurationMs} reads back exactly (`90s`, `1500ms`). */
export function durationSpec(ms: number): string {
  const whole = Math.round(ms);
  if (whole % 3_600_000 === 0 && whole > 0) return `${whole / 3_600_000}h`;
  if (whole % 60_000 === 0 && whole > 0) return `${whole / 60_000}m`;
  if (whole % 1000 === 0) return `${whole / 1000}s`;
  return `${whole}ms`;
}
