/**
 * The preflight: everything `mqload validate` checks, and everything `mqload run` checks before it
 * contacts a broker, as one pipeline both commands call, so that what one accepts the other
 * accepts and what one refuses the other refuses with the same exit code. In order:
 *
 * 1. read and parse the file (missing file, bad extension, YAML/JSON syntax: exit 2);
 * 2. the schema, then the named cross-field checks, including `driver-available` (a
 *    `driver.type` without a driver in this build) and the driver's own checks (exit 2, every
 *    problem with its path);
 * 3. `run`'s command-line overrides, validated again (exit 2; `validate` has none);
 * 4. the run plan;
 * 5. the client library the profile chooses is installed here (exit 4);
 * 6. fault injection can run: broker faults need the running `mqload local` broker (exit 2).
 *
 * Nothing here opens a network connection.
 */
import { requireClient } from '../drivers/index.js';
import { assertFaultsRunnable } from '../faults/plan.js';
import { buildPlan, type PlanOptions } from '../plan/plan.js';
import type { RunPlan } from '../plan/types.js';
import { loadProfile } from '../profile/load.js';
import { applyOverrides, type ProfileOverrides } from '../profile/overrides.js';
import type { Profile } from '../profile/schema.js';
import { maskSecrets, secretsOf } from '../profile/redact.js';

/** A profile that passed the preflight, and its plan. */
export interface Preflighted {
  /** The validated profile, defaults filled in, overrides applied. */
  profile: Profile;
  /** Its plan for {@link PlanOptions} (one worker unless told otherwise). */
  plan: RunPlan;
}

/**
 * Steps 4–6 of the preflight for a validated profile: plans it, checks its client library and
 * its faults. Throws the {@link MqloadError} of the first step that fails. `runProfile` calls it
 * too, so `quickstart` and `sweep` get the same checks.
 */
export function preflightProfile(profile: Profile, opts: PlanOptions = { workers: 1, runId: 'preflight' }): RunPlan {
  maskSecrets(secretsOf(profile));
  const plan = buildPlan(profile, opts);
  requireClient(plan.driver);
  assertFaultsRunnable(profile);
  return plan;
}

/**
 * The whole preflight for a profile file (a path, already resolved from a shipped name).
 * Throws the {@link MqloadError} of the first step that fails: `UsageError`/`ConfigError`
 * (exit 2) or `EnvironmentError` (exit 4).
 */
export async function preflight(path: string, overrides: ProfileOverrides = {}): Promise<Preflighted> {
  const profile = applyOverrides(await loadProfile(path), overrides, path);
  return { profile, plan: preflightProfile(profile) };
}
