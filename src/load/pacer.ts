/**
 * One send pacer per worker thread: wakes the thread's producers when their next messages are
 * due, with sub-millisecond precision and without a busy loop.
 *
 * Node's timers have millisecond granularity and fire up to a millisecond or more late, which
 * alone puts a p99 publish delay above 1 ms at a few thousand messages per second. The pacer
 * sleeps with a timer until about a millisecond before the earliest due send, then finishes the
 * wait with `Atomics.wait` in slices of at most {@link FINE_SLICE_MS}, yielding to the event
 * loop (`setImmediate`: the poll phase runs I/O first) between slices, so acks and fetches are
 * never held back longer than one slice. `Atomics.wait` blocks the thread rather than spinning:
 * the wait costs no CPU. The time spent blocked is counted ({@link takeBlockedMs}) so the
 * worker can leave it out of its event-loop utilisation.
 */

/** A paced producer: issues what is due and says when it next needs to run. */
export interface Paced {
  /**
   * Issues every message due at `nowWallMs` (epoch ms) and returns when it next has something
   * due (epoch ms): `nowWallMs` or earlier for "as soon as possible" (unthrottled),
   * `Infinity` for "nothing until poked" (finished, stopped, or waiting for the window).
   */
  pump(nowWallMs: number): number;
}

/** Longest single blocking wait, ms: bounds how long I/O waits behind the pacer. */
export const FINE_SLICE_MS = 0.5;
/** Within this many ms of the due time the pacer stops using timers and finishes with fine waits. */
const FINE_WINDOW_MS = 1.5;

export class SendPacer {
  private readonly members: Paced[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  private readonly cell = new Int32Array(new SharedArrayBuffer(4));
  private blockedMs = 0;
  private stopped = false;

  constructor(private readonly now: () => number) {}

  add(p: Paced): void {
    this.members.push(p);
  }

  /** Runs every producer as soon as the event loop allows (a window slot freed, load started). */
  poke(): void {
    if (this.stopped || this.immediate) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    this.immediate = setImmediate(this.tick);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }

  /** Milliseconds spent blocked in fine waits since the last call. */
  takeBlockedMs(): number {
    const b = this.blockedMs;
    this.blockedMs = 0;
    return b;
  }

  private readonly tick = (): void => {
    this.timer = null;
    this.immediate = null;
    if (this.stopped) return;
    let now = this.now();
    let next = Infinity;
    for (const p of this.members) next = Math.min(next, p.pump(now));
    if (next === Infinity) return;
    now = this.now();
    const gap = next - now;
    if (gap <= 0) {
      this.immediate = setImmediate(this.tick);
    } else if (gap > FINE_WINDOW_MS) {
      // Wake a millisecond early: a timer may fire that late, the fine wait takes the rest.
      this.timer = setTimeout(this.tick, Math.floor(gap - 1));
    } else {
      this.immediate = setImmediate(this.fine, next);
    }
  };

  /** Blocks for at most one slice towards `due`, then runs the producers or yields again. */
  private readonly fine = (due: number): void => {
    this.immediate = null;
    if (this.stopped) return;
    const gap = due - this.now();
    if (gap > 0) {
      const slice = Math.min(gap, FINE_SLICE_MS);
      const t0 = this.now();
      Atomics.wait(this.cell, 0, 0, slice);
      this.blockedMs += this.now() - t0;
      if (gap > slice) {
        this.immediate = setImmediate(this.fine, due);
        return;
      }
    }
    this.tick();
  };
}
