/**
 * Delivery verification as run hooks (on unless `verify.enabled: false`). Workers ship their
 * bookkeeping every interval; after the drain the coordinator asks each worker for a final
 * shipment, and — when duplicates made the orchestrator's drain end before every message was
 * accounted for — keeps asking until no acknowledged message is missing or `verify.graceMs`
 * after the producers stopped has passed. Groups still missing acknowledged messages then have
 * their backlog read back (`queue-audit.ts`): messages still in the queue are `undelivered`,
 * only the rest is `lost`. The result is `summary.delivery` (one entry per group),
 * the `lost_messages` / `duplicate_messages` / `reordered_messages` threshold metrics (summed
 * over groups) and one `note` event per group. Verification covers every message of the run,
 * warm-up included.
 */
import type { Profile } from '../profile/schema.js';
import type { DeliveryResult } from '../record/summary.js';
import type { FromWorker } from '../load/protocol.js';
import type { RunContext, RunHooks } from '../run/hooks.js';
import type { CounterView, MetricSource } from '../thresholds/evaluate.js';
import { DEFAULT_VERIFY_GRACE_MS } from '../profile/defaults.js';
import { DeliveryLedger, deliveryTotals, type QueueDepth } from './ledger.js';
import { auditQueue } from './queue-audit.js';
import { StallWatch, consumersCaughtUp } from '../run/caught-up.js';
import type { SeqSet } from './seq-set.js';
import type { DeliveryStateFile } from '../record/segment.js';
import { isPartial } from '../plan/execution-segment.js';

/** How long one final-shipment round may take before the missing workers are given up on, ms. */
export const FLUSH_TIMEOUT_MS = 5000;
/** How long reading back one group's backlog may take before it is given up (incomplete), ms. */
export const QUEUE_AUDIT_TIMEOUT_MS = 60_000;
/** Pause between final-shipment rounds while acknowledged messages are still missing, ms. */
const RETRY_PAUSE_MS = 500;

/** What `RunHooks.verification` holds when verification is on. */
export interface VerificationSettings {
  graceMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** One line per group for the events log. */
export function describeDelivery(r: DeliveryResult): string {
  const acked = r.unknown !== undefined ? `${r.unknown} one-way (unacknowledged)` : `${r.acked} acked`;
  return (
    `delivery ${r.group}: ${r.verdict}; sent ${r.sent}, ${acked}, received ${r.received} (${r.unique} unique), ` +
    `lost ${r.lost}, ${r.undelivered !== undefined ? `still queued ${r.undelivered}, ` : ''}${r.beforeStart !== undefined ? `before the start position ${r.beforeStart}, ` : ''}never acked and not received ${r.lostUnacked}, duplicated ${r.duplicated}, reordered ${r.reordered} ` +
    `(every message of the run, warm-up included)`
  );
}

/** Whether a group's result still misses acknowledged messages that an audit could find queued. */
const needsAudit = (r: DeliveryResult): boolean => r.lost > 0 && r.verdict !== 'unverified';

/**
 * Reads back the queue of every group still missing acknowledged messages ({@link auditQueue}),
 * then takes one more final shipment (consumers may have caught up meanwhile) and recomputes the
 * results with what was found queued: those messages count as `undelivered`, not `lost`.
 *
 * A broker without offsets can only count its queues, and a count taken while consumers hold
 * deliveries unacknowledged misses those (RabbitMQ's management API trails by seconds): the
 * consumers are closed first (`stopConsumers`; what they held goes back to the queue), the
 * final shipment taken, and only then are the queues counted.
 */
async function auditBacklogs(
  c: RunContext,
  ledger: DeliveryLedger,
  initial: DeliveryResult[],
  flush: () => Promise<boolean>,
  stopConsumers: () => Promise<boolean>,
): Promise<DeliveryResult[]> {
  const topicOf = new Map(c.plan.workers.flatMap((w) => w.consumers.map((k) => [k.groupId, k.topic] as const)));
  const queued = new Map<string, Map<string, SeqSet>>();
  const depths = new Map<string, QueueDepth>();
  const startFrom = c.plan.profile.consumers?.startFrom ?? 'run';
  let results = initial;
  let consumersStopped = false;
  if (!c.driver.offsets) {
    consumersStopped = await stopConsumers();
    c.emitEvent(
      'note',
      consumersStopped
        ? 'delivery: consumers closed before counting their queues (what they held unacknowledged went back to the queue)'
        : `delivery: not every worker closed its consumers within ${FLUSH_TIMEOUT_MS / 1000} s; queue counts may miss what those consumers hold`,
    );
    results = ledger.results(c.plan.groups, await flush());
  }
  for (const r of results) {
    const topic = topicOf.get(r.group);
    if (!needsAudit(r) || topic === undefined) continue;
    const audit = await auditQueue(c.driver, { group: r.group, topic, runId: c.plan.runId, timeoutMs: QUEUE_AUDIT_TIMEOUT_MS, startFrom, consumersStopped });
    if (audit.depth) {
      c.emitEvent(
        'note',
        `delivery ${r.group}: ${r.lost} acknowledged messages missing; the group's queue holds ${audit.depth.messages} messages (counted, not read back: the broker keeps no offsets)` +
          (audit.depth.exact ? '' : '; the queue may hold older messages too, so what the count does not cover is unverified, not lost'),
        { group: r.group, backlog: audit.depth.messages, exact: audit.depth.exact },
      );
      depths.set(r.group, audit.depth);
      continue;
    }
    const found = [...audit.queued.values()].reduce((n, set) => n + set.size, 0);
    c.emitEvent(
      'note',
      `delivery ${r.group}: ${r.lost} acknowledged messages missing; read the group's backlog (${audit.backlogRecords} records beyond its committed offsets) ` +
        `in ${(audit.elapsedMs / 1000).toFixed(1)} s: ${found} messages of this run still queued` +
        (audit.complete ? '' : `; the read is incomplete (${audit.reason ?? 'unknown reason'}), so some queued messages may still count as lost`),
      { group: r.group, backlog: audit.backlogRecords, queued: found, complete: audit.complete },
    );
    queued.set(r.group, audit.queued);
  }
  if (queued.size === 0 && depths.size === 0) return results;
  // Consumers still running may have caught up meanwhile; stopped ones have shipped everything.
  const complete = consumersStopped || (await flush());
  return ledger.results(c.plan.groups, complete, queued, depths);
}

/** How long reading the groups' backlog at the end of a segment may take, ms. */
const BACKLOG_TIMEOUT_MS = 5000;

/** Each group's backlog now, for `delivery-state.json`; groups the broker did not answer for in time are left out. */
async function backlogAtEnd(c: RunContext): Promise<DeliveryStateFile['backlog']> {
  const topic = c.plan.profile.consumers?.topic;
  if (topic === undefined || c.plan.groups.length === 0) return {};
  let timer: NodeJS.Timeout | undefined;
  try {
    const readings = await Promise.race([
      c.driver.backlog(c.plan.groups.map((groupId) => ({ groupId, topic }))),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), BACKLOG_TIMEOUT_MS))),
    ]);
    return Object.fromEntries((readings ?? []).map((r) => [r.groupId, { messages: r.messages, exact: r.partial !== true && r.heldUncounted !== true }]));
  } catch {
    return {};
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The delivery threshold metrics (`lost_messages`, `duplicate_messages`, `reordered_messages`,
 * summed over groups) over the results `current()` returns; no value while any group is unverified.
 */
export function deliveryMetricSource(current: () => readonly DeliveryResult[] | undefined): MetricSource {
  const counter = (pick: (t: ReturnType<typeof deliveryTotals>) => number): CounterView | null => {
    const results = current();
    if (!results || results.length === 0 || results.some((r) => r.verdict === 'unverified')) return null;
    const t = deliveryTotals(results);
    const count = pick(t);
    return { count, rate: t.base > 0 ? count / t.base : 0 };
  };
  return {
    trend: () => null,
    counter(metric) {
      switch (metric) {
        case 'lost_messages':
          return counter((t) => t.lost);
        case 'duplicate_messages':
          return counter((t) => t.duplicated);
        case 'reordered_messages':
          return counter((t) => t.reordered);
        default:
          return null;
      }
    },
  };
}

/** Verification hooks for a profile, or undefined when the profile turns verification off. */
export function createVerificationHooks(profile: Profile): RunHooks | undefined {
  if (profile.verify?.enabled === false) return undefined;
  const graceMs = profile.verify?.graceMs ?? DEFAULT_VERIFY_GRACE_MS;
  let ctx: RunContext | null = null;
  let ledger: DeliveryLedger | null = null;
  /** False when consumers read another topic than producers write (nothing to match). */
  let applicable = true;
  let hasProducers = true;
  let results: DeliveryResult[] | undefined;
  let producersStoppedAt: number | null = null;
  /** The run reached its drain phase (not interrupted or failed before it): worth waiting for stragglers. */
  let drained = false;
  let round = 0;
  let answered = new Set<number>();
  let onAnswer: (() => void) | null = null;
  let stopped = new Set<number>();
  let onStopped: (() => void) | null = null;

  /** Asks every worker for a final shipment; true when all answered in time. */
  async function flushRound(c: RunContext): Promise<boolean> {
    round++;
    answered = new Set();
    const all = new Promise<void>((resolve) => (onAnswer = () => answered.size >= c.pool.size && resolve()));
    c.pool.send({ type: 'flush-verification', round });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, FLUSH_TIMEOUT_MS)))]);
    clearTimeout(timer);
    onAnswer = null;
    return answered.size >= c.pool.size;
  }

  /** Closes every worker's consumers for good; true when all confirmed in time. */
  async function stopConsumers(c: RunContext): Promise<boolean> {
    stopped = new Set();
    const all = new Promise<void>((resolve) => (onStopped = () => stopped.size >= c.pool.size && resolve()));
    c.pool.send({ type: 'stop-consumers' });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise<void>((r) => (timer = setTimeout(r, FLUSH_TIMEOUT_MS)))]);
    clearTimeout(timer);
    onStopped = null;
    return stopped.size >= c.pool.size;
  }

  const source = deliveryMetricSource(() => results);

  return {
    verification: { graceMs } satisfies VerificationSettings,
    beforeLoad(c) {
      ctx = c;
      const producers = c.plan.workers.flatMap((w) => w.producers);
      const written = new Set(producers.map((p) => p.topic));
      hasProducers = producers.length > 0;
      applicable = c.plan.workers.every((w) => w.consumers.every((k) => written.has(k.topic)));
      // Groups starting at a named position (a stream offset) are owed only what lies after it.
      const namedStartGroups = new Set(c.plan.workers.flatMap((w) => w.consumers.filter((k) => c.driver.startsAtNamedPosition?.(k.topic) === true).map((k) => k.groupId)));
      ledger = new DeliveryLedger(producers.some((p) => p.mode === 'oneway'), c.driver.capabilities.resends, { namedStartGroups });
    },
    onInterval(entry) {
      if (entry.phase === 'drain') drained = true;
    },
    onWorkerMessage(m: FromWorker) {
      if (m.type === 'verification') {
        ledger?.apply(m.state);
        if (m.round === round && m.round > 0) {
          answered.add(m.workerIndex);
          onAnswer?.();
        }
      } else if (m.type === 'producers-stopped') producersStoppedAt = Date.now();
      else if (m.type === 'consumers-stopped') {
        stopped.add(m.workerIndex);
        onStopped?.();
      }
    },
    async afterLoad() {
      const c = ctx;
      if (!c || !ledger) return;
      if (isPartial(c.plan.execution)) {
        // One share of several: its producers' messages reach other shares' consumers and the other
        // way round, so nothing can be judged here. Its ledger goes into the record for `mqload merge`.
        // Consumers closed first: a message received and committed after the last shipment would be
        // in no segment's ledger, and the other segments' consumers never get it (it counts as lost).
        const closed = await stopConsumers(c);
        const complete = (await flushRound(c)) && closed;
        c.writeDeliveryState(ledger.toState({ complete, backlog: await backlogAtEnd(c) }));
        c.emitEvent('note', `delivery: segment ${c.plan.execution!.index}/${c.plan.execution!.count} recorded what its producers sent and its consumers received (delivery-state.json); \`mqload merge\` verifies delivery across the segments`);
        return;
      }
      if (c.plan.groups.length === 0) return;
      if (!hasProducers) {
        c.emitEvent('note', 'delivery not verified: the run has no producers (consumers read what others wrote)');
        return;
      }
      const deadline = producersStoppedAt === null || !drained ? 0 : producersStoppedAt + graceMs;
      const stall = new StallWatch();
      for (;;) {
        const complete = await flushRound(c);
        results = ledger.results(c.plan.groups, complete && applicable);
        if (!complete || !applicable || Date.now() >= deadline || results.every((r) => r.lost === 0)) break;
        // Nothing queued for the groups still missing messages: waiting longer cannot find them
        // (the audit below counts what is queued; here it is nothing).
        const missing = results.filter((r) => r.lost > 0);
        if (stall.check(missing.reduce((n, r) => n + r.lost, 0)) && (await consumersCaughtUp(c.driver, c.plan, missing.map((r) => r.group)))) break;
        await sleep(RETRY_PAUSE_MS);
      }
      if (applicable && results.some(needsAudit)) {
        // An interrupted (or failed) run ends now: reading its backlog back could take a minute.
        if (drained) results = await auditBacklogs(c, ledger, results, () => flushRound(c), () => stopConsumers(c));
        else c.emitEvent('note', 'delivery: the run did not reach its drain phase, so the backlog was not read back; messages still queued count as lost');
      }
      if (!applicable) c.emitEvent('note', 'delivery not verified: consumers read a topic the producers do not write');
      else if (results.some((r) => r.verdict === 'unverified')) c.emitEvent('note', `delivery not verified: some workers did not report within ${FLUSH_TIMEOUT_MS / 1000} s`);
      for (const r of results) c.emitEvent('note', describeDelivery(r), { group: r.group, verdict: r.verdict });
      // A whole run as one segment (`--segment 1/1`) can be merged like any other.
      if (c.plan.execution) c.writeDeliveryState(ledger.toState({ complete: results.every((r) => r.verdict !== 'unverified'), backlog: await backlogAtEnd(c) }));
    },
    metricSource: () => source,
    decorateSummary(summary) {
      if (results) summary.delivery = results;
    },
  };
}
