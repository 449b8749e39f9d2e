/**
 * Whether the consumers of a run have nothing left to receive: the broker reports an exact
 * backlog of zero for every group asked about (Kafka: no lag beyond the committed offsets;
 * a depth broker: no message ready or held unacknowledged). Used to end a wait for messages that
 * will never come — the drain phase and the verification grace stop waiting for messages a
 * crashed consumer took with it once the broker says nothing is queued, instead of sitting out
 * `verify.graceMs`. A partial or failed reading, or one that leaves out what consumers hold (it
 * comes back later), is not "caught up": the wait goes on.
 */
import type { Driver } from '../drivers/types.js';
import type { RunPlan } from '../plan/types.js';

/** How many consecutive stalled checks (received count unchanged) come before the broker is asked. */
export const STALLED_CHECKS_BEFORE_ASKING = 2;

/**
 * True when every group in `groupIds` (default: all of the plan's) reads an exact backlog of 0.
 * Never throws: a broker that cannot answer within `timeoutMs` reads as not caught up.
 */
export async function consumersCaughtUp(driver: Driver, plan: RunPlan, groupIds?: readonly string[], timeoutMs = 2000): Promise<boolean> {
  const topicOf = new Map(plan.workers.flatMap((w) => w.consumers.map((k) => [k.groupId, k.topic] as const)));
  const groups = (groupIds ?? plan.groups).flatMap((g) => {
    const topic = topicOf.get(g);
    return topic === undefined ? [] : [{ groupId: g, topic }];
  });
  if (groups.length === 0) return false;
  let timer: NodeJS.Timeout | undefined;
  try {
    const readings = await Promise.race([
      driver.backlog(groups),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs))),
    ]);
    return readings !== null && readings.length === groups.length && readings.every((r) => r.messages === 0 && r.partial !== true && r.heldUncounted !== true);
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Counts consecutive checks at which a progress figure has not moved; {@link StallWatch.stalled}
 * is true once it stood still for {@link STALLED_CHECKS_BEFORE_ASKING} checks in a row.
 */
export class StallWatch {
  private last = Number.NaN;
  private still = 0;

  /** Records the figure at this check; returns whether it has now stalled. */
  check(value: number): boolean {
    this.still = value === this.last ? this.still + 1 : 0;
    this.last = value;
    return this.still >= STALLED_CHECKS_BEFORE_ASKING;
  }
}
