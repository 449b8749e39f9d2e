/**
 * Open-model arrival schedule for one producer: the intended send time of every message.
 * The whole-run rate is piecewise linear (plan segments); a producer carries `share` of it.
 * Message i (0-based) is intended at the time t where the integrated rate reaches i + 1, solved
 * exactly per segment (quadratic on ramps), so ramps, zero-rate stretches and fractional rates
 * are handled without drift. Times are ms since load start.
 */
import type { RateSegment } from '../plan/types.js';

/** What the schedule says about the next message. */
export type NextSend =
  | { kind: 'at'; tMs: number }
  /** Unthrottled (max-throughput) until `untilMs`: send whenever the window has room. */
  | { kind: 'unthrottled'; untilMs: number }
  | { kind: 'done' };

export class ArrivalSchedule {
  /** Messages scheduled before the start of each segment (this producer's share). */
  private readonly before: number[] = [];
  private seg = 0;
  private index = 0;

  constructor(
    private readonly segments: RateSegment[],
    private readonly share: number,
  ) {
    let acc = 0;
    for (const s of segments) {
      this.before.push(acc);
      if (s.fromRate !== null && s.toRate !== null) acc += (share * ((s.fromRate + s.toRate) / 2) * (s.endMs - s.startMs)) / 1000;
    }
  }

  /** Number of messages already taken from the schedule. */
  get taken(): number {
    return this.index;
  }

  /** The next intended send, without consuming it. Unthrottled segments don't advance the count. */
  peek(nowMs: number): NextSend {
    while (this.seg < this.segments.length) {
      const s = this.segments[this.seg]!;
      if (s.fromRate === null || s.toRate === null) {
        if (nowMs < s.endMs) return { kind: 'unthrottled', untilMs: s.endMs };
        this.advanceSegment();
        continue;
      }
      const t = this.timeOf(this.index + 1, this.seg);
      if (t !== null) return { kind: 'at', tMs: t };
      this.advanceSegment();
    }
    return { kind: 'done' };
  }

  /** Consumes the message returned by `peek` (only for `at`). */
  take(): void {
    this.index++;
  }

  private advanceSegment(): void {
    this.seg++;
    // Count continuity: messages in later segments are numbered after what this producer was due so far.
    if (this.seg < this.segments.length) this.index = Math.max(this.index, Math.floor(this.before[this.seg]!));
  }

  /** Time at which the cumulative count reaches n within segment k, or null if not in k. */
  private timeOf(n: number, k: number): number | null {
    const s = this.segments[k]!;
    const base = this.before[k]!;
    const need = n - base; // messages into this segment
    const dur = (s.endMs - s.startMs) / 1000;
    const a = this.share * s.fromRate!; // msg/s at segment start
    const b = (this.share * (s.toRate! - s.fromRate!)) / dur; // msg/s²
    const total = a * dur + (b * dur * dur) / 2;
    if (need <= 0) return s.startMs;
    if (need > total + 1e-9) return null;
    let tau: number;
    if (Math.abs(b) < 1e-12) {
      if (a <= 0) return null;
      tau = need / a;
    } else {
      // b/2 τ² + a τ − need = 0 → τ = (−a + √(a² + 2 b need)) / b
      const disc = a * a + 2 * b * need;
      tau = (-a + Math.sqrt(Math.max(0, disc))) / b;
    }
    return s.startMs + Math.min(dur, Math.max(0, tau)) * 1000;
  }
}

/** Total target rate (msg/s, all producers) at time t, or null when unthrottled; 0 outside the schedule. */
export function targetRateAt(segments: RateSegment[], tMs: number): number | null {
  for (const s of segments) {
    if (tMs >= s.startMs && tMs < s.endMs) {
      if (s.fromRate === null || s.toRate === null) return null;
      return s.fromRate + ((s.toRate - s.fromRate) * (tMs - s.startMs)) / (s.endMs - s.startMs);
    }
  }
  return 0;
}
