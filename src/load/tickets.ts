/**
 * Fixed-size slots for a producer's outstanding messages, addressed by ticket (the slot index
 * handed to the driver with each message). O(1) take and release, no allocation per message:
 * typed arrays hold each slot's sequence number, intended and actual send times (epoch ms) and
 * warm-up flag. Capacity is the producer's window, so `take` never fails while the window has room.
 */
export class TicketSlots {
  /** Sequence number per slot. */
  readonly seq: Float64Array;
  /** Intended send time per slot, epoch ms. */
  readonly intended: Float64Array;
  /** Actual hand-over time per slot, epoch ms. */
  readonly sent: Float64Array;
  /** 1 when the slot's message was intended during warm-up. */
  readonly warm: Uint8Array;
  private readonly free: Int32Array;
  private top: number;

  constructor(readonly capacity: number) {
    this.seq = new Float64Array(capacity);
    this.intended = new Float64Array(capacity);
    this.sent = new Float64Array(capacity);
    this.warm = new Uint8Array(capacity);
    this.free = new Int32Array(capacity);
    for (let i = 0; i < capacity; i++) this.free[i] = capacity - 1 - i;
    this.top = capacity;
  }

  /** Slots in use. */
  get used(): number {
    return this.capacity - this.top;
  }

  /** Takes a free slot for a message; throws when all are in use (the caller bounds its window). */
  take(seq: number, intendedMs: number, sentMs: number, warm: boolean): number {
    if (this.top === 0) throw new Error(`all ${this.capacity} ticket slots are in use`);
    const t = this.free[--this.top]!;
    this.seq[t] = seq;
    this.intended[t] = intendedMs;
    this.sent[t] = sentMs;
    this.warm[t] = warm ? 1 : 0;
    return t;
  }

  /** Returns a slot. Releasing a slot twice is a driver bug (a ticket reported twice) and throws. */
  release(t: number): void {
    if (this.top >= this.capacity || this.seq[t]! < 0) throw new Error(`ticket ${t} reported twice`);
    this.seq[t] = -1;
    this.free[this.top++] = t;
  }
}
