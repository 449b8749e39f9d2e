/**
 * The figures of one tuning step, read from its run record: the key figures of `compare` (each
 * with its own noise estimate) and the step-table figures (throughput, publish and end-to-end
 * p99, consumer lag at the end of the load, broker GC time share).
 */
import { keyFigures, type KeyFigure } from '../reports/compare.js';
import type { ReportInput } from '../reports/input.js';
import { lagSeries, loadEndTime, summariseLag } from '../reports/lag.js';
import type { StepFigures } from './types.js';

/** The step-table figures of a run, from its key figures and lag readings. */
export function stepFigures(input: ReportInput, figures: readonly KeyFigure[]): StepFigures {
  const value = (id: string) => figures.find((f) => f.id === id)?.value ?? null;
  const lags = summariseLag(lagSeries(input.samples), loadEndTime(input.timeline))
    .map((l) => l.lagAtLoadEnd)
    .filter((v): v is number => v !== null);
  return {
    throughput: value('throughput') ?? 0,
    publishP99: value('publish-p99'),
    e2eP99: value('e2e-p99'),
    lagAtLoadEnd: lags.length > 0 ? Math.max(...lags) : null,
    gcTimeShare: value('gc-time'),
  };
}

/** Both at once: what the loop keeps of each run. */
export function runFigures(input: ReportInput): { key: KeyFigure[]; table: StepFigures } {
  const key = keyFigures(input);
  return { key, table: stepFigures(input, key) };
}
