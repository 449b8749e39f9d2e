/**
 * Fault windows for the reports: pairs `fault` / `fault-end` events into time spans and keeps
 * `consumer-crash` and `interrupt` as instants, so charts can shade them and tables list them.
 */
import type { RunEvent } from '../record/format.js';

/** A span (or instant, when `to === from`) to mark on charts. Seconds since run start. */
export interface FaultWindow {
  from: number;
  /** End of the fault; equals `from` for instants; `null` when the fault never ended in the record. */
  to: number | null;
  label: string;
  kind: RunEvent['kind'];
}

const INSTANT_KINDS: ReadonlySet<RunEvent['kind']> = new Set(['consumer-crash', 'interrupt']);

/** Key that ties a `fault-end` to its `fault`: data.id, else data.action, else ''. */
function faultKey(e: RunEvent): string {
  const id = e.data?.id ?? e.data?.action;
  return id === undefined || id === null ? '' : String(id);
}

/**
 * Fault windows in time order. A `fault-end` closes the oldest open fault with the same key
 * (data.id or data.action), or the oldest open fault when it carries neither.
 */
export function faultWindows(events: RunEvent[]): FaultWindow[] {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const open: Array<{ key: string; window: FaultWindow }> = [];
  const out: FaultWindow[] = [];
  for (const e of sorted) {
    if (e.kind === 'fault') {
      const window: FaultWindow = { from: e.t, to: null, label: e.message, kind: e.kind };
      open.push({ key: faultKey(e), window });
      out.push(window);
    } else if (e.kind === 'fault-end') {
      const key = faultKey(e);
      const idx = key === '' ? (open.length > 0 ? 0 : -1) : open.findIndex((o) => o.key === key || o.key === '');
      if (idx >= 0) {
        open[idx]!.window.to = e.t;
        open.splice(idx, 1);
      }
    } else if (INSTANT_KINDS.has(e.kind)) {
      out.push({ from: e.t, to: e.t, label: e.message, kind: e.kind });
    }
  }
  return out;
}

/** Events worth listing in the fault table: faults, their ends, crashes, rebalances, collector gaps, interrupts. */
export function notableEvents(events: RunEvent[]): RunEvent[] {
  const kinds: ReadonlySet<RunEvent['kind']> = new Set(['fault', 'fault-end', 'consumer-crash', 'rebalance', 'collector-gap', 'collector-unavailable', 'collector-recovered', 'interrupt']);
  return events.filter((e) => kinds.has(e.kind)).sort((a, b) => a.t - b.t);
}
