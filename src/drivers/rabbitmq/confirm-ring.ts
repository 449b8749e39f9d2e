/**
 * Delivery tag → ticket for a confirm channel's outstanding publishes, without a closure or an
 * object per message. RabbitMQ numbers the publishes of a confirm channel 1, 2, 3, … and confirms
 * them with `basic.ack`/`basic.nack`, one tag or (`multiple`) every tag up to one, possibly out of
 * order for single tags. Slots live in typed arrays indexed by `tag & mask`; the span of
 * outstanding tags (lowest unsettled … newest) can exceed the load layer's window when a low tag
 * stays unconfirmed while later ones settle, so the ring doubles when the span outgrows it.
 */

const EMPTY = 0;
const PENDING = 1;
/** Pending, and the broker returned it as unroutable (mandatory): its confirm reports a failure. */
const RETURNED = 2;

export class ConfirmRing {
  private tickets: Int32Array;
  private state: Uint8Array;
  private mask: number;
  /** Lowest tag not settled yet (every tag below it is settled). */
  private low = 1;
  /** The tag the next publish gets. */
  private next = 1;
  private pending = 0;

  /** `capacity`: expected most outstanding publishes (rounded up to a power of two). */
  constructor(capacity: number) {
    let size = 16;
    while (size < capacity) size *= 2;
    this.tickets = new Int32Array(size);
    this.state = new Uint8Array(size);
    this.mask = size - 1;
  }

  /** Publishes not confirmed yet. */
  get size(): number {
    return this.pending;
  }

  /** The tag the next {@link push} assigns (the broker's delivery tag of the next publish). */
  get nextTag(): number {
    return this.next;
  }

  /** Records the next publish's ticket; returns its delivery tag. */
  push(ticket: number): number {
    if (this.next - this.low >= this.tickets.length) this.grow();
    const tag = this.next++;
    const i = tag & this.mask;
    this.tickets[i] = ticket;
    this.state[i] = PENDING;
    this.pending++;
    return tag;
  }

  /** Marks a pending tag as returned unroutable; false when the tag is not pending. */
  markReturned(tag: number): boolean {
    if (tag < this.low || tag >= this.next) return false;
    const i = tag & this.mask;
    if (this.state[i] !== PENDING) return false;
    this.state[i] = RETURNED;
    return true;
  }

  /**
   * Settles `tag` (or, `multiple`, every pending tag ≤ `tag`): tickets of pending tags go to
   * `settled`, of returned ones to `returned`. Tags already settled or unknown are ignored.
   */
  settle(tag: number, multiple: boolean, settled: number[], returned: number[]): void {
    if (tag >= this.next) tag = this.next - 1;
    if (multiple) {
      for (let t = this.low; t <= tag; t++) this.take(t, settled, returned);
      if (tag + 1 > this.low) this.low = tag + 1;
    } else if (tag >= this.low) {
      this.take(tag, settled, returned);
    }
    while (this.low < this.next && this.state[this.low & this.mask] === EMPTY) this.low++;
  }

  /** Every outstanding ticket (the channel closed: none of them will be confirmed), into `out`; the ring is empty after. */
  drain(out: number[]): void {
    for (let t = this.low; t < this.next; t++) this.take(t, out, out);
    this.low = this.next;
  }

  private take(tag: number, settled: number[], returned: number[]): void {
    const i = tag & this.mask;
    const s = this.state[i];
    if (s === EMPTY) return;
    (s === RETURNED ? returned : settled).push(this.tickets[i]!);
    this.state[i] = EMPTY;
    this.pending--;
  }

  private grow(): void {
    const size = this.tickets.length * 2;
    const tickets = new Int32Array(size);
    const state = new Uint8Array(size);
    const mask = size - 1;
    for (let t = this.low; t < this.next; t++) {
      tickets[t & mask] = this.tickets[t & this.mask]!;
      state[t & mask] = this.state[t & this.mask]!;
    }
    this.tickets = tickets;
    this.state = state;
    this.mask = mask;
  }
}
