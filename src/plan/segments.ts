/**
 * The whole-run rate schedule: warm-up, one segment per constant phase or ramp stage, cool-down.
 * Times are ms since load start (t = 0 is the first warm-up message); rates are msg/s across
 * all producers; null = unthrottled (max-throughput).
 */
import { parseDurationMs } from '../profile/duration.js';
import type { Phase, Profile } from '../profile/schema.js';
import type { RateSegment, RunPlan } from './types.js';

/** Length of one phase, ms (a ramp: the sum of its stages). */
export function phaseDurationMs(phase: Phase): number {
  if (phase.executor === 'ramping-arrival-rate') return phase.stages.reduce((sum, s) => sum + parseDurationMs(s.duration), 0);
  return parseDurationMs(phase.duration);
}

/** The rate a phase starts at, msg/s (null for max-throughput). */
export function phaseStartRate(phase: Phase): number | null {
  switch (phase.executor) {
    case 'constant-arrival-rate':
      return phase.rate;
    case 'ramping-arrival-rate':
      return phase.startRate ?? 0;
    case 'max-throughput':
      return null;
  }
}

/**
 * Segments for a profile's load: warm-up at the first phase's starting rate (when warmup > 0),
 * each phase (constant: from = to = rate; ramp: one segment per stage from the previous target,
 * starting at startRate; max-throughput: null), then cool-down at rate 0 (producers stop,
 * consumers keep draining). Zero-length stages are skipped but still set the next stage's start.
 */
export function buildSegments(profile: Profile): RateSegment[] {
  const segments: RateSegment[] = [];
  const phases = profile.load.phases;
  let t = 0;
  const push = (lengthMs: number, fromRate: number | null, toRate: number | null, kind: RateSegment['kind'], phaseIndex: number): void => {
    if (lengthMs <= 0) return;
    segments.push({ startMs: t, endMs: t + lengthMs, fromRate, toRate, kind, phaseIndex });
    t += lengthMs;
  };
  const warmupRate = phases.length > 0 ? phaseStartRate(phases[0]!) : 0;
  push(parseDurationMs(profile.load.warmup ?? 0), warmupRate, warmupRate, 'warmup', -1);
  phases.forEach((phase, index) => {
    switch (phase.executor) {
      case 'constant-arrival-rate':
        push(parseDurationMs(phase.duration), phase.rate, phase.rate, 'load', index);
        break;
      case 'max-throughput':
        push(parseDurationMs(phase.duration), null, null, 'load', index);
        break;
      case 'ramping-arrival-rate': {
        let from = phase.startRate ?? 0;
        for (const stage of phase.stages) {
          push(parseDurationMs(stage.duration), from, stage.target, 'load', index);
          from = stage.target;
        }
        break;
      }
    }
  });
  push(parseDurationMs(profile.load.cooldown ?? 0), 0, 0, 'cooldown', -1);
  return segments;
}

/**
 * Target rate at `tMs` (ms since load start), msg/s, interpolated linearly within a segment;
 * null while unthrottled (max-throughput); 0 before the start and from the end of the plan.
 */
export function rateAt(plan: Pick<RunPlan, 'segments'>, tMs: number): number | null {
  for (const s of plan.segments) {
    if (tMs < s.startMs || tMs >= s.endMs) continue;
    if (s.fromRate === null || s.toRate === null) return null;
    return s.fromRate + ((s.toRate - s.fromRate) * (tMs - s.startMs)) / (s.endMs - s.startMs);
  }
  return 0;
}

/** The highest target rate in the plan, msg/s (null when some segment is unthrottled). */
export function peakRate(segments: readonly RateSegment[]): number | null {
  let peak = 0;
  for (const s of segments) {
    if (s.fromRate === null || s.toRate === null) return null;
    peak = Math.max(peak, s.fromRate, s.toRate);
  }
  return peak;
}
