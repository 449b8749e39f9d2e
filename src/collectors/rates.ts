/**
 * Per-second rates from cumulative counters read at successive scrapes. A counter that went
 * down (process restart) gives no rate for that interval; the next one is measured from the
 * new value. The first reading of a key gives no rate either.
 */

interface Point {
  value: number;
  atMs: number;
  /** Recorded by {@link CounterRates.absent}: the counter did not exist yet at `atMs`. */
  absent?: true;
}

export class CounterRates {
  private readonly last = new Map<string, Point>();

  /**
   * Records `value` of counter `key` read at `atMs` (epoch ms) and returns its increase per
   * second since the previous reading, or `undefined` when there is none to compare with.
   */
  rate(key: string, value: number, atMs: number): number | undefined {
    const prev = this.last.get(key);
    if (!Number.isFinite(value)) return undefined;
    this.last.set(key, { value, atMs });
    if (!prev) return undefined;
    const dtSec = (atMs - prev.atMs) / 1000;
    if (dtSec <= 0 || value < prev.value) return undefined;
    return (value - prev.value) / dtSec;
  }

  /**
   * Records that counter `key` was absent from a reading at `atMs`, as 0 at that time, unless
   * it has been read before. For counters that come into existence at 0 on first use (Kafka registers
   * `RequestsPerSec{request,version}` on the first request of that version), so their first
   * appearance gives a rate. A counter seen before and then missing is left alone: a series
   * dropping out of one scrape must not turn into a spike when it comes back.
   */
  absent(key: string, atMs: number): void {
    const prev = this.last.get(key);
    if (!prev || prev.absent) this.last.set(key, { value: 0, atMs, absent: true });
  }

  /** Forgets every counter (after the source restarted, for example). */
  clear(): void {
    this.last.clear();
  }
}
