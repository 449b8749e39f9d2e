/**
 * The outage producers see during a fault. Each producer's sends are watched per batch, O(1):
 * a batch that fails, or is acknowledged {@link BLOCKED_MS} or more after it was sent, opens a
 * window at its send time; the first acknowledgement after that closes it. A failure of a batch
 * sent before the window closed reopens it (sends were still failing). Workers ship their
 * windows; the coordinator merges them across producers ({@link mergeOutages}) and attributes
 * them to the injected faults ({@link attributeOutages}). Times are epoch ms.
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
    const windows = this.byProducer.get(producerId);
    const last = windows?.[windows.length - 1];
    if (last && last.endWall === null) {
      last.endWall = ackWall;
      if (ackWall - sentWall >= BLOCKED_MS) last.startWall = Math.min(last.startWall, sentWall);
      return;
    }
    if (ackWall - sentWall < BLOCKED_MS) return;
    if (last && last.endWall !== null && sentWall <= last.endWall + MERGE_GAP_MS) {
      if (sentWall > last.endWall) last.endWall = ackWall;
      return;
    }
    this.push(windows ?? this.windowsOf(producerId), { startWall: sentWall, endWall: ackWall, errors: 0 });
  }

  /** A batch of `n` messages sent at `sentWall` failed. */
  failed(producerId: string, sentWall: number, n: number): void {
    const windows = this.windowsOf(producerId);
    const last = windows[windows.length - 1];
    if (last && (last.endWall === null || sentWall <= last.endWall + MERGE_GAP_MS)) {
      last.startWall = Math.min(last.startWall, sentWall);
      last.endWall = null;
      last.errors += n;
      return;
    }
    this.push(windows, { startWall: sentWall, endWall: null, errors: n });
  }

  /** Copies of every producer's windows. */
  windows(): OutageWindow[] {
    return [...this.byProducer.values()].flat().map((w) => ({ ...w }));
  }
}

/**
 * Union of windows from several producers: overlapping windows (an open one reaches to the end
 * of the run) become one, whose end is the latest end (null if any was open) and whose errors add up.
 */
export function mergeOutages(all: readonly OutageWindow[]): OutageWindow[] {
  const sorted = [...all].sort((a, b) => a.startWall - b.startWall);
  const out: OutageWindow[] = [];
  for (const w of sorted) {
    const last = out[out.length - 1];
    if (last && (last.endWall === null || w.startWall <= last.endWall)) {
      last.endWall = last.endWall === null || w.endWall === null ? null : Math.max(last.endWall, w.endWall);
      last.errors += w.errors;
    } else out.push({ ...w });
  }
  return out;
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
 * Assigns merged windows to faults: a window belongs to the latest fault injected at or before
 * its start (+ {@link ATTRIBUTION_SLACK_MS}); several windows of one fault are combined.
 * `faults` must be in injection order.
 */
export function attributeOutages(faults: readonly InjectedFault[], windows: readonly OutageWindow[]): FaultOutage[] {
  const out: FaultOutage[] = faults.map(() => ({ startWall: null, endWall: null, errors: 0 }));
  for (const w of mergeOutages(windows)) {
    let owner = -1;
    for (let i = 0; i < faults.length; i++) if (faults[i]!.atWall - ATTRIBUTION_SLACK_MS <= w.startWall) owner = i;
    if (owner < 0) continue;
    const o = out[owner]!;
    const open = o.startWall !== null && o.endWall === null;
    o.startWall = o.startWall === null ? w.startWall : Math.min(o.startWall, w.startWall);
    o.endWall = open || w.endWall === null ? null : Math.max(o.endWall ?? w.endWall, w.endWall);
    o.errors += w.errors;
  }
  return out;
}
