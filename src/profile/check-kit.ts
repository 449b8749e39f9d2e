/**
 * What a named cross-field profile check is, and the guarded readers checks use. Checks run on
 * raw (possibly schema-invalid) data, so every read goes through {@link at}, {@link arr},
 * {@link entries} or {@link obj}, which return undefined or empty for a wrong shape instead of
 * throwing. Shared by the common checks (`checks.ts`) and each driver module's own checks.
 */
import type { ProfileProblem } from '../errors.js';

/** A named cross-field rule: every problem it sees in a raw profile, [] when none. */
export interface ProfileCheck {
  /** Stable kebab-case name (tests and docs refer to it). */
  name: string;
  check: (p: unknown) => ProfileProblem[];
}

/** Value at a key path, or undefined when any step is not an object/array. */
export function at(x: unknown, ...keys: Array<string | number>): unknown {
  let cur = x;
  for (const k of keys) {
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/** `x` when it is an array, else []. */
export function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

/** Entries of `x` when it is a plain mapping, else []. */
export function entries(x: unknown): Array<[string, unknown]> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? Object.entries(x) : [];
}

/** `x` as a mapping, or undefined when it is not one. */
export function obj(x: unknown): Record<string, unknown> | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : undefined;
}

const MODES = new Set(['sync', 'async', 'oneway']);

/** The send mode of a raw profile, or undefined when it is not a valid one. */
export function sendModeOf(p: unknown): 'sync' | 'async' | 'oneway' | undefined {
  const mode = at(p, 'producers', 'mode');
  return typeof mode === 'string' && MODES.has(mode) ? (mode as 'sync' | 'async' | 'oneway') : undefined;
}
