/**
 * The outage producers see during a fault. Each producer's sends are watched per batch, O(1):
 * a batch that fails, or is acknowledged {@link BLOCKED_MS} or more after it was sent, opens a
 * window at its send time, or at the producer's last acknowledgement before it when that came
 * later (a batch long in flight on a slow broker does not date the outage back to its send: the
 * producer still had acknowledgements until then); the first acknowledgement after that closes it. A failure of a batch
 * sent before the window closed reopens it (sends were still failing). Workers ship their
 * windows; the coordinator attributes them to the injected faults and combines them per fault
 * ({@link attributeOutages}). Times are epoch ms.
 */

/** A send acknowledged this long (ms) after it was sent counts as blocked. */
export const BLOCKED_MS = 1000;
/** A new window starting within this many ms of the previous one's end extends it. */
const MERGE_GAP_MS = 1000;
/** Windows kept per producer; older ones are dropped beyond this. */
const MAX_WINDOWS = 200;
/** A window may start this long before the fault and still belong to it (sends caught in flight), ms. */
export const ATTRIBUTION_SLACK_MS = 2000;

/** One outage seen by producers. */
export interface OutageWindow {
  /** Send time of the first failed or blocked batch, epoch ms. */
  startWall: number;
  /** First acknowledgement after it, epoch ms; null when none came. */
  endWall: number | null;
  /** Messages whose send failed in the window. */
  errors: number;
}

/** Watches the sends of the producers of one worker. */
export class OutageTracker {
  private readonly byProducer = new Map<string, OutageWindow[]>();
  /** Each producer's latest acknowledgement, epoch ms. */
  private readonly lastAck = new Map<string, number>();

  /** Where an outage seen by a batch sent at `sentWall` begins: its send, or the last acknowledgement after it. */
  private startOf(producerId: string, sentWall: number): number {
    return Math.max(sentWall, this.lastAck.get(producerId) ?? sentWall);
  }

  private windowsOf(producerId: string): OutageWindow[] {
    let w = this.byProducer.get(producerId);
    if (!w) {
      w = [];
      this.byProducer.set(producerId, w);
    }
    return w;
  }

  private push(windows: OutageWindow[], w: OutageWindow): void {
    windows.push(w);
    if (windows.length > MAX_WINDOWS) windows.shift();
  }

  /** A batch sent at `sentWall` was acknowledged at `ackWall`. */
  acked(producerId: string, sentWall: number, ackWall: number): void {
    const from = this.startOf(producerId, sentWall);
    this.lastAck.set(producerId, Math.max(this.lastAck.get(producerId) ?? ackWall, ackWall));
    const windows = this.byProducer.get(producerId);
    const last = windows?.[windows.length - 1];
    if (last && last.endWall === null) {
      last.endWall = ackWall;
      if (ackWall - sentWall >= BLOCKED_MS) last.startWall = Math.min(last.startWall, from);
      return;
    }
    if (ackWall - sentWall < BLOCKED_MS) return;
    if (last && last.endWall !== null && sentWall <= last.endWall + MERGE_GAP_MS) {
      if (sentWall > last.endWall) last.endWall = ackWall;
      return;
    }
    this.push(windows ?? this.windowsOf(producerId), { startWall: from, endWall: ackWall, errors: 0 });
  }

  /** A batch of `n` messages sent at `sentWall` failed. */
  failed(producerId: string, sentWall: number, n: number): void {
    const from = this.startOf(producerId, sentWall);
    const windows = this.windowsOf(producerId);
    const last = windows[windows.length - 1];
    // A failure reopens an open window or a recent one of failures; after a window of slow
    // acknowledgements only, it starts its own (a fault striking a slow broker is not dated back).
    if (last && (last.endWall === null || (last.errors > 0 && sentWall <= last.endWall + MERGE_GAP_MS))) {
      last.startWall = Math.min(last.startWall, from);
      last.endWall = null;
      last.errors += n;
      return;
    }
    this.push(windows, { startWall: from, endWall: null, errors: n });
  }

  /** Copies of every producer's windows. */
  windows(): OutageWindow[] {
    return [...this.byProducer.values()].flat().map((w) => ({ ...w }));
  }
}

/** A fault as injected, for attribution (epoch ms). */
export interface InjectedFault {
  atWall: number;
  /** When it was repaired; null if never. */
  endWall: number | null;
}

/** What producers saw during one fault. */
export interface FaultOutage {
  startWall: number | null;
  endWall: number | null;
  errors: number;
}

/**
 * Assigns producers' windows to faults: a window belongs to the latest fault injected at or before
 * its start (+ {@link ATTRIBUTION_SLACK_MS}), or whose injection it spans (it was open when the
 * fault struck); the windows of one fault are combined (earliest start, latest end, null when one
 * stayed open, errors summed). `faults` must be in injection order.
 */
export function attributeOutages(faults: readonly InjectedFault[], windows: readonly OutageWindow[]): FaultOutage[] {
  const out: FaultOutage[] = faults.map(() => ({ startWall: null, endWall: null, errors: 0 }));
  const spans = (w: OutageWindow, f: InjectedFault) => w.startWall <= f.atWall && (w.endWall === null || w.endWall >= f.atWall);
  // Each producer's windows on their own: a slow window of one producer before the fault must not
  // merge with another's outage and date it back.
  for (const w of windows) {
    let owner = -1;
    for (let i = 0; i < faults.length; i++) if (faults[i]!.atWall - ATTRIBUTION_SLACK_MS <= w.startWall || spans(w, faults[i]!)) owner = i;
    if (owner < 0) continue;
    const o = out[owner]!;
    const open = o.startWall !== null && o.endWall === null;
    o.startWall = o.startWall === null ? w.startWall : Math.min(o.startWall, w.startWall);
    o.endWall = open || w.endWall === null ? null : Math.max(o.endWall ?? w.endWall, w.endWall);
    o.errors += w.errors;
  }
  return out;
}
