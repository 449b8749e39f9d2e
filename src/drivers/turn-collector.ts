/**
 * Collects what arrives within one turn of the event loop (deliveries of one socket read, acks of
 * one disposition frame) and hands it over together at the end of that turn (one microtask), so
 * callers see one batch instead of one call per item. Not thread-safe; one per producer or consumer.
 */
export class TurnCollector<T> {
  private items: T[] = [];
  private scheduled = false;

  /** `flush` receives every item pushed since the last flush, in order; it owns the array. */
  constructor(private readonly flush: (items: T[]) => void) {}

  /** Items waiting for the end of this turn. */
  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    this.items.push(item);
    if (!this.scheduled) {
      this.scheduled = true;
      queueMicrotask(this.run);
    }
  }

  /** Takes the waiting items out without flushing them (the caller reports them another way). */
  take(): T[] {
    const all = this.items;
    this.items = [];
    return all;
  }

  private readonly run = (): void => {
    this.scheduled = false;
    const all = this.take();
    if (all.length > 0) this.flush(all);
  };
}
