/**
 * The queue audit: after the run, reads what a consumer group has not consumed yet — every
 * record from the group's committed offset to the log end of each partition — and notes which
 * of this run's messages are there. An acknowledged message that never reached the group but is
 * still in the queue is a backlog ("undelivered"), not a loss: the broker kept it, the consumers
 * did not get to it within the run and `verify.graceMs`.
 *
 * A broker without offsets (RabbitMQ classic queues) cannot read a backlog back without consuming
 * it: the audit then counts it instead ({@link Driver.backlog}, the group's queue depth) and
 * reports the count without message identity ({@link QueueAudit.depth}); the ledger turns it
 * into "still queued" as far as it covers the missing messages (see `ledger.ts`).
 *
 * With offsets, it reads through a throwaway consumer group (`<group>-audit-<time>`) positioned at the
 * group's committed offsets, so the run's group and its offsets are untouched; the throwaway
 * group is deleted afterwards. Only the driver interface is used.
 */
import type { Driver, DriverConsumer, OffsetAdmin } from '../drivers/types.js';
import { readStamp } from '../load/headers.js';
import { describeError } from '../errors.js';
import { SeqSet } from './seq-set.js';

/** What {@link auditQueue} found for one group. */
export interface QueueAudit {
  group: string;
  /** Records between the group's committed offsets and the log ends when the audit started. */
  backlogRecords: number;
  /** Sequence numbers of this run's messages found in the backlog, per producer id. */
  queued: Map<string, SeqSet>;
  /** Every partition was read up to its log end. */
  complete: boolean;
  /** Why the audit is incomplete. */
  reason?: string;
  /** Wall time the audit took, ms. */
  elapsedMs: number;
  /**
   * Set when the backlog was counted, not read (no offsets): `messages` in the group's queue
   * (ready + unacknowledged) without knowing which; `exact` when that count can only be this
   * run's messages (the group started from the run, so its queue held nothing older). `queued`
   * is then empty and `backlogRecords` = `messages`.
   */
  depth?: { messages: number; exact: boolean };
}

export interface QueueAuditOptions {
  /** The run's consumer group whose backlog is read. */
  group: string;
  topic: string;
  /** Only messages stamped with this run id are noted. */
  runId: string;
  /** Gives up reading after this long, ms (the audit is then incomplete). */
  timeoutMs: number;
  /** Where the group started (`consumers.startFrom`): `run` means its backlog can only hold this run's messages. */
  startFrom?: 'run' | 'earliest';
  /** The run's consumers are closed (see {@link Driver.backlog}): a counted depth holds nothing in their hands. */
  consumersStopped?: boolean;
}

/** A partition's backlog: records at offsets `from` … `to − 1` (none when `from` = `to`). */
interface Range {
  partition: number;
  from: bigint;
  to: bigint;
}

/**
 * Every partition's backlog: from the group's committed offset (the log start when it has none)
 * to the log end, `from` clamped to the log end.
 */
async function backlogRanges(driver: OffsetAdmin, group: string, topic: string): Promise<Range[]> {
  const [committed, logs] = await Promise.all([driver.groupOffsets(group, topic), driver.topicOffsets(topic)]);
  const at = new Map(committed.map((c) => [c.partition, c.committed]));
  return logs.map((p) => {
    const c = at.get(p.partition) ?? -1n;
    const from = c >= p.low ? c : p.low;
    return { partition: p.partition, from: from < p.high ? from : p.high, to: p.high };
  });
}

/** Reads the group's backlog and notes this run's messages in it. Never rejects: problems make the audit incomplete. */
export async function auditQueue(driver: Driver, opts: QueueAuditOptions): Promise<QueueAudit> {
  const started = Date.now();
  const queued = new Map<string, SeqSet>();
  const result = (complete: boolean, backlogRecords: number, reason?: string): QueueAudit => ({
    group: opts.group,
    backlogRecords,
    queued,
    complete,
    ...(reason !== undefined ? { reason } : {}),
    elapsedMs: Date.now() - started,
  });
  const offsets = driver.offsets;
  if (!offsets) {
    // Without positions a backlog can be counted (queue depth) but not read without consuming it.
    try {
      const [reading] = await driver.backlog([{ groupId: opts.group, topic: opts.topic }], { consumersStopped: opts.consumersStopped === true });
      const messages = reading?.messages ?? 0;
      // Exact: the queue can only hold this run's messages, and the count is whole (not ready only).
      return { ...result(true, messages), depth: { messages, exact: (opts.startFrom ?? 'run') === 'run' && reading?.partial !== true } };
    } catch (err) {
      return result(false, 0, `reading the queue depth: ${describeError(err)}`);
    }
  }
  let ranges: Range[];
  try {
    ranges = await backlogRanges(offsets, opts.group, opts.topic);
  } catch (err) {
    return result(false, 0, `reading offsets: ${describeError(err)}`);
  }
  const backlog = ranges.reduce((n, r) => n + Number(r.to - r.from), 0);
  const pending = new Map(ranges.filter((r) => r.to > r.from).map((r) => [r.partition, r]));
  if (pending.size === 0) return result(true, 0);

  const auditGroup = `${opts.group}-audit-${Date.now().toString(36)}`;
  let consumer: DriverConsumer | null = null;
  let finish: () => void = () => undefined;
  const allRead = new Promise<void>((resolve) => (finish = resolve));
  let timer: NodeJS.Timeout | undefined;
  let reason: string | undefined;
  try {
    // Partitions with nothing to read start at their log end, so the reader skips them.
    await offsets.setGroupOffsets(auditGroup, opts.topic, ranges.map((r) => ({ partition: r.partition, offset: r.from })));
    consumer = await driver.createConsumer({
      groupId: auditGroup,
      consumerId: 'queue-audit',
      topic: opts.topic,
      commit: 'auto',
      onBatch: async (batch) => {
        const range = pending.get(batch.partition);
        if (!range) return;
        for (const m of batch.messages) {
          if (m.offset === null) continue;
          const offset = BigInt(m.offset);
          if (offset < range.from || offset >= range.to) continue;
          const stamp = readStamp(m.headers);
          if (!stamp || stamp.runId !== opts.runId) continue;
          let set = queued.get(stamp.producerId);
          if (!set) {
            set = new SeqSet();
            queued.set(stamp.producerId, set);
          }
          set.add(stamp.seq);
        }
        const lastOffset = batch.messages.length > 0 ? batch.messages[batch.messages.length - 1]!.offset : null;
        const last = lastOffset !== null ? BigInt(lastOffset) : -1n;
        if (last >= range.to - 1n) {
          pending.delete(batch.partition);
          if (pending.size === 0) finish();
        }
      },
    });
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, opts.timeoutMs - (Date.now() - started)))));
    await Promise.race([consumer.start().then(() => allRead), timedOut]);
    if (pending.size > 0) reason = `not read to the log end within ${Math.round(opts.timeoutMs / 1000)} s (partitions ${[...pending.keys()].join(', ')})`;
  } catch (err) {
    reason = describeError(err);
  } finally {
    clearTimeout(timer);
    await consumer?.close().catch(() => undefined);
    await driver.deleteGroups([auditGroup]).catch(() => undefined);
  }
  return result(reason === undefined, backlog, reason);
}
