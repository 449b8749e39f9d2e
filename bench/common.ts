/** Shared bench helpers: validated profiles, quiet runs into bench/results/runs, means and ratios. */
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { repoRoot } from '../src/local/paths.js';
import { validateProfile } from '../src/profile/validate.js';
import type { Profile } from '../src/profile/schema.js';
import { runProfile, type RunOptions } from '../src/run/orchestrator.js';
import type { BenchCase } from './run.js';

/** A validated bench profile; throws with every problem otherwise. */
export function benchProfile(raw: Record<string, unknown>): Profile {
  const v = validateProfile(raw, 'bench');
  if (!v.profile) throw new Error(`bench profile invalid: ${v.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
  return v.profile;
}

/** Runs an mqload profile quietly into a fresh run dir (one worker per core) and returns its result. */
export async function runQuiet(profile: Profile, tag: string, extra: Partial<RunOptions> = {}) {
  const dir = join(repoRoot(), 'bench', 'results', 'runs', `${Date.now()}-${tag}`);
  return runProfile(profile, { dir, workers: availableParallelism(), outputs: [], ...extra });
}

export const mean = (xs: number[]): number => (xs.length === 0 ? Number.NaN : xs.reduce((a, b) => a + b, 0) / xs.length);

/** a ÷ b to three decimals. */
export const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;

/** A row of mqload against a broker's own tool: means of each side's runs (msg/s) and their ratio. */
export function referenceRow(name: string, client: string, tool: string, ours: number[], theirs: number[], notes: string): BenchCase {
  return {
    name,
    client,
    mqload: { msgsPerSec: Math.round(mean(ours)), runs: ours },
    reference: { tool, msgsPerSec: Math.round(mean(theirs)), runs: theirs },
    ratio: ratio(mean(ours), mean(theirs)),
    notes,
  };
}
