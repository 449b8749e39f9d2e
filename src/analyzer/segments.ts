/**
 * Judging the generators of a merged record (`mqload merge`) one execution segment at a time:
 * its generator-side samples (host, process, client) come from N machines, and a rule that reads
 * them as one series would mix hosts. Rules marked `perGenerator` run once per segment on a
 * window holding that segment's generator samples (with the instances its own record gave them)
 * and every broker-side sample; each finding names its segment, so one saturated segment among
 * healthy ones is found and named.
 */
import { GENERATOR_SOURCES, SEGMENT_LABEL, ownInstance } from '../record/segment.js';
import type { Sample } from '../record/format.js';
import type { Finding } from './finding-types.js';
import type { AnalysisWindow } from './window.js';

/** The segment of a generator-side sample of a merged record, or null for any other sample. */
function segmentOf(s: Sample): number | null {
  if (!GENERATOR_SOURCES.has(s.source)) return null;
  const v = s.labels?.[SEGMENT_LABEL];
  const k = v === undefined ? NaN : Number(v);
  return Number.isInteger(k) && k > 0 ? k : null;
}

/** The segments whose generator samples a record holds, ascending; empty for a record of one run. */
export function segmentIndexes(samples: readonly Sample[]): number[] {
  const out = new Set<number>();
  for (const s of samples) {
    const k = segmentOf(s);
    if (k !== null) out.add(k);
  }
  return [...out].sort((a, b) => a - b);
}

/** The window as segment `k`'s own generator saw it: its generator samples, restored, and the broker's. */
export function segmentWindow(window: AnalysisWindow, k: number): AnalysisWindow {
  const samples: Sample[] = [];
  for (const s of window.samples) {
    if (!GENERATOR_SOURCES.has(s.source)) samples.push(s);
    else if (segmentOf(s) === k) {
      const { [SEGMENT_LABEL]: _segment, ...labels } = s.labels ?? {};
      const instance = ownInstance(k, s.source, s.instance);
      const own: Sample = { t: s.t, ts: s.ts, source: s.source, values: s.values };
      if (instance !== undefined) own.instance = instance;
      if (Object.keys(labels).length > 0) own.labels = labels;
      samples.push(own);
    }
  }
  return { ...window, samples };
}

/** A finding of segment `k`'s generator, named so. */
export function forSegment(f: Finding, k: number): Finding {
  return { ...f, title: `Segment ${k}: ${f.title}`, segment: k };
}
