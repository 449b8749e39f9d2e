/**
 * Time lag of a consumer group partition, estimated the way kafka-lag-exporter does it
 * (ANALYZER-KB §4 [KLE]): each interval the partition's log-end offset (LEO) is added to a
 * sliding table of (offset, time) points; the time at which a committed offset `o` was the
 * LEO is interpolated from that table, and the lag is how long ago that was.
 *
 * - at most {@link MAX_POINTS} points; the oldest is dropped;
 * - a point whose offset or time is lower than the newest point's is rejected (non-monotonic);
 * - repeated LEOs form a flat segment that keeps its first and its latest time;
 * - `o` at or beyond the newest LEO → lag 0; fewer than 2 points → NaN (unknown);
 * - inside the table: linear interpolation between the bracketing points; outside (older than
 *   the oldest point): extrapolation along the line through the oldest and newest points.
 */

/** Points kept per partition (kafka-lag-exporter's default). */
export const MAX_POINTS = 60;

export interface OffsetTimePoint {
  /** Log-end offset. */
  offset: number;
  /** When it was observed, epoch ms. */
  atMs: number;
}

export class OffsetTimeTable {
  private readonly points: OffsetTimePoint[] = [];

  constructor(private readonly maxPoints = MAX_POINTS) {}

  /** Current points, oldest first (a copy). */
  snapshot(): OffsetTimePoint[] {
    return this.points.map((p) => ({ ...p }));
  }

  /** Adds an observation of the LEO. Returns false when it was rejected as non-monotonic. */
  add(offset: number, atMs: number): boolean {
    const n = this.points.length;
    const last = this.points[n - 1];
    if (last && (offset < last.offset || atMs < last.atMs)) return false;
    if (last && offset === last.offset) {
      const beforeLast = this.points[n - 2];
      // A flat segment keeps its first and its latest time: move the latest, keep the first.
      if (beforeLast && beforeLast.offset === offset) last.atMs = atMs;
      else this.points.push({ offset, atMs });
      return true;
    }
    this.points.push({ offset, atMs });
    if (this.points.length > this.maxPoints) this.points.shift();
    return true;
  }

  /**
   * Estimated time (epoch ms) at which `offset` was the log-end offset; NaN with fewer than two
   * points or when the table cannot place it (a table that is one flat segment).
   */
  timeOf(offset: number): number {
    const pts = this.points;
    if (pts.length < 2) return Number.NaN;
    const newest = pts[pts.length - 1]!;
    if (offset >= newest.offset) return newest.atMs;
    const oldest = pts[0]!;
    if (offset < oldest.offset) {
      if (newest.offset === oldest.offset) return Number.NaN;
      return newest.atMs - ((newest.offset - offset) * (newest.atMs - oldest.atMs)) / (newest.offset - oldest.offset);
    }
    // Last point at or below `offset` (the latest time of a flat segment), and the one after it.
    let i = pts.length - 2;
    while (i > 0 && pts[i]!.offset > offset) i--;
    const l = pts[i]!;
    const r = pts[i + 1]!;
    return r.atMs - ((r.offset - offset) * (r.atMs - l.atMs)) / (r.offset - l.offset);
  }

  /**
   * Time lag in seconds of a group whose committed offset `committed` was read at
   * `observedAtMs`: 0 when it is at the newest LEO, NaN when unknown, never negative.
   */
  lagSeconds(committed: number, observedAtMs: number): number {
    if (this.points.length < 2) return Number.NaN;
    if (committed >= this.points[this.points.length - 1]!.offset) return 0;
    const t = this.timeOf(committed);
    if (Number.isNaN(t)) return Number.NaN;
    return Math.max(0, (observedAtMs - t) / 1000);
  }
}
