/**
 * Bounded reconnection for the RabbitMQ producer and consumer: after the broker closed a
 * connection (a `connection-kill`, a broker restart, a network cut), a new connection is tried
 * {@link RECONNECT_ATTEMPTS} times with a growing pause ({@link RECONNECT_FIRST_DELAY_MS}
 * doubling up to {@link RECONNECT_MAX_DELAY_MS}: about a minute in all). Nothing is declared
 * again: exchanges and queues are the run's, declared before it (a transient queue lost with the
 * broker makes the reopen fail, and the attempts go on until the bound).
 */
import { describeError } from '../../errors.js';

/** Attempts before giving up. */
export const RECONNECT_ATTEMPTS = 40;
/** Pause before the first attempt, ms. */
export const RECONNECT_FIRST_DELAY_MS = 100;
/** Longest pause between attempts, ms. */
export const RECONNECT_MAX_DELAY_MS = 2000;

/**
 * Calls `open` until it resolves, at most {@link RECONNECT_ATTEMPTS} times, pausing between
 * attempts; stops early (resolving null) once `cancelled()` holds. `onFailure` hears each failed
 * attempt. Resolves with what `open` gave, or null when every attempt failed or it was cancelled.
 */
export async function reconnect<T>(open: () => Promise<T>, cancelled: () => boolean, onFailure: (attempt: number, reason: string) => void): Promise<T | null> {
  let delay = RECONNECT_FIRST_DELAY_MS;
  for (let attempt = 1; attempt <= RECONNECT_ATTEMPTS; attempt++) {
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(RECONNECT_MAX_DELAY_MS, delay * 2);
    if (cancelled()) return null;
    try {
      return await open();
    } catch (err) {
      onFailure(attempt, describeError(err));
    }
  }
  return null;
}
