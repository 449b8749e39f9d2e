/**
 * Cleaning up after a run of several execution segments (`mqload merge --cleanup`): no share
 * deletes the run's consumer groups or its `deleteAfterRun` topics, because the others still use
 * them; once every share has finished, the merge deletes them as a single run does at its end.
 * Contacts the broker of the profile; never throws (problems come back as sentences).
 */
import { createDriver } from '../drivers/index.js';
import { buildPlan } from '../plan/plan.js';
import type { Profile } from '../profile/schema.js';
import { describeError } from '../errors.js';
import { PROBE_TIMEOUT_MS, cleanupBroker, cleanupTargets } from './broker-setup.js';

/** What the cleanup did: the names it deleted and what went wrong. */
export interface SharedCleanup {
  groups: string[];
  topics: string[];
  problems: string[];
}

/** Deletes the consumer groups of run `runId` and the profile's `deleteAfterRun` topics. */
export async function cleanupSharedRun(profile: Profile, runId: string): Promise<SharedCleanup> {
  const plan = buildPlan(profile, { workers: 1, runId });
  const out: SharedCleanup = { ...cleanupTargets(plan), problems: [] };
  if (out.groups.length === 0 && out.topics.length === 0) return out;
  const driver = createDriver(profile.driver, { clientId: `mqload-${runId}-cleanup` });
  try {
    await driver.probe(PROBE_TIMEOUT_MS);
    out.problems.push(...(await cleanupBroker(driver, plan)));
  } catch (err) {
    out.problems.push(`could not reach the broker to clean up: ${describeError(err)}`);
  } finally {
    await driver.close().catch(() => undefined);
  }
  return out;
}
