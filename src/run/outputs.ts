/**
 * Live outputs of a run (console progress, Prometheus exporter, ...): consumers of the same
 * stream of interval entries, samples and events. Calls are synchronous and must return
 * quickly; an output never slows the run (the load itself runs in worker threads).
 */
import type { RunEvent, Sample, TimelineEntry } from '../record/format.js';
import type { RunSummary } from '../record/summary.js';
import type { RunPlan } from '../plan/types.js';
import type { Cumulative } from './aggregate.js';

export interface RunOutput {
  /** Called once before load starts. */
  begin?(plan: RunPlan, dir: string): void | Promise<void>;
  /** Called after every interval with the new entry and the cumulative figures so far. */
  interval?(entry: TimelineEntry, cumulative: Cumulative): void;
  samples?(samples: Sample[]): void;
  event?(event: RunEvent): void;
  /** Called once with the final summary; may linger (e.g. keep serving metrics). */
  end?(summary: RunSummary): void | Promise<void>;
}
