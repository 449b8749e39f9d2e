/**
 * Broker-side preparation and cleanup of a run: probe the broker (exit 3 within the timeout),
 * create missing topics, position each new consumer group at the current end of its topic so
 * consumers read exactly what this run produces (or at its start with `consumers.startFrom: earliest`), and afterwards delete the run's groups and
 * the topics the profile marked `deleteAfterRun`.
 */
import type { Driver, TopicRequest } from '../drivers/types.js';
import type { TopicSpec } from '../profile/schema.js';
import type { RunPlan } from '../plan/types.js';

/** Broker connect timeout, ms (an unreachable broker fails the run within this). */
export const PROBE_TIMEOUT_MS = 15_000;

/** Fields of a `topics[]` entry the core reads; the rest is the kind's own topology. */
const CORE_TOPIC_FIELDS = new Set(['name', 'partitions', 'replicationFactor', 'config', 'deleteAfterRun']);

/**
 * The destination to create for a profile topic: partitions and replication only where the
 * driver has partitions, and every field of the kind's own topic schema as `settings`.
 */
export function topicRequest(t: TopicSpec, partitioned: boolean): TopicRequest {
  const settings = Object.fromEntries(Object.entries(t).filter(([k]) => !CORE_TOPIC_FIELDS.has(k)));
  return {
    name: t.name,
    ...(partitioned ? { partitions: t.partitions ?? 1, replicationFactor: t.replicationFactor ?? 1 } : {}),
    ...(t.config ? { config: t.config } : {}),
    ...(Object.keys(settings).length > 0 ? { settings } : {}),
  };
}

/** How long reading the broker's settings may take before the run goes on without them, ms. */
export const SETTINGS_TIMEOUT_MS = 5_000;

/** Probes the broker, creates missing topics and reads the broker settings its driver can read (`{}` when none). */
export async function prepareBroker(driver: Driver, plan: RunPlan): Promise<{ settings: Record<string, string> }> {
  await driver.probe(PROBE_TIMEOUT_MS);
  await driver.ensureTopics(plan.profile.topics.map((t) => topicRequest(t, driver.capabilities.partitions)));
  return { settings: (await driver.brokerSettings?.(SETTINGS_TIMEOUT_MS)) ?? {} };
}

/**
 * Makes each run group start where the profile says (the destination's end, or its start with
 * `startFrom: earliest`), all groups in parallel. Slow with some clients, so the orchestrator
 * overlaps it with worker start-up; consumers join only after it resolved.
 */
export async function positionGroups(driver: Driver, plan: RunPlan): Promise<void> {
  // Every group of the run, including those whose consumers run in other execution segments.
  const topic = plan.profile.consumers?.topic;
  if (topic === undefined || plan.groups.length === 0) return;
  const startFrom = plan.profile.consumers?.startFrom === 'earliest' ? 'earliest' : 'run';
  // Segment 1 of several positions the groups; the others only make sure they exist (see GroupRequest.shared).
  const shared = (plan.execution?.count ?? 1) > 1 && plan.execution?.index !== 1;
  await driver.prepareGroups(plan.groups.map((groupId) => ({ groupId, topic, startFrom, ...(shared ? { shared } : {}) })));
}

/** What a run deletes when it ends: its consumer groups and the topics marked `deleteAfterRun`. */
export function cleanupTargets(plan: RunPlan): { groups: string[]; topics: string[] } {
  return { groups: plan.groups, topics: plan.profile.topics.filter((t) => t.deleteAfterRun).map((t) => t.name) };
}

/** Deletes the run's consumer groups and the topics marked for deletion ({@link cleanupTargets}). Errors are returned, not thrown. */
export async function cleanupBroker(driver: Driver, plan: RunPlan): Promise<string[]> {
  const problems: string[] = [];
  const { groups, topics } = cleanupTargets(plan);
  try {
    await driver.deleteGroups(groups);
  } catch (err) {
    problems.push(`could not delete consumer groups: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    await driver.deleteTopics(topics);
  } catch (err) {
    problems.push(`could not delete topics ${topics.join(', ')}: ${err instanceof Error ? err.message : String(err)}`);
  }
  return problems;
}
