/**
 * Small numeric helpers over plain arrays. Non-finite values are ignored by every function;
 * an empty input gives NaN (or 0 for {@link sum}), never a throw.
 */

/** A value at a time (seconds since run start). */
export interface Point {
  t: number;
  v: number;
}

function finite(values: readonly number[]): number[] {
  return values.filter((v) => Number.isFinite(v));
}

/** Sum of the finite values. */
export function sum(values: readonly number[]): number {
  let s = 0;
  for (const v of values) if (Number.isFinite(v)) s += v;
  return s;
}

/** Arithmetic mean, NaN when empty. */
export function mean(values: readonly number[]): number {
  const f = finite(values);
  return f.length === 0 ? NaN : sum(f) / f.length;
}

/** Largest finite value, NaN when empty. */
export function max(values: readonly number[]): number {
  const f = finite(values);
  return f.length === 0 ? NaN : Math.max(...f);
}

/** Smallest finite value, NaN when empty. */
export function min(values: readonly number[]): number {
  const f = finite(values);
  return f.length === 0 ? NaN : Math.min(...f);
}

/** Quantile q in [0, 1] by linear interpolation between order statistics, NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  const f = finite(values).sort((a, b) => a - b);
  if (f.length === 0) return NaN;
  const pos = Math.min(Math.max(q, 0), 1) * (f.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return f[lo]! + (f[hi]! - f[lo]!) * (pos - lo);
}

/** Median (quantile 0.5). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Least-squares slope of v over t (units of v per second), NaN with fewer than 2 distinct times. */
export function slope(points: readonly Point[]): number {
  const f = points.filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v));
  if (f.length < 2) return NaN;
  const mt = mean(f.map((p) => p.t));
  const mv = mean(f.map((p) => p.v));
  let num = 0;
  let den = 0;
  for (const p of f) {
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) ** 2;
  }
  return den === 0 ? NaN : num / den;
}

/**
 * Increase of a cumulative counter over the points, counting a drop as a restart (the counter
 * begins again from zero), as Prometheus `increase()` does. 0 for fewer than 2 points.
 */
export function counterIncrease(points: readonly Point[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const prev = points[i - 1]!.v;
    const cur = points[i]!.v;
    if (!Number.isFinite(prev) || !Number.isFinite(cur)) continue;
    total += cur >= prev ? cur - prev : cur;
  }
  return total;
}

/** Value of a point series at the latest time at or before `t` (NaN when none). */
export function valueAt(points: readonly Point[], t: number): number {
  let v = NaN;
  for (const p of points) {
    if (p.t <= t + 1e-9) v = p.v;
    else break;
  }
  return v;
}
