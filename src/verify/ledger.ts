/**
 * The coordinator's delivery ledger: merges the workers' shipments into one compact state per
 * producer (acknowledged, failed) and per (group, producer) (received), and turns it into one
 * {@link DeliveryResult} per group. A number received by two workers of one group is a duplicate
 * like one received twice by the same worker.
 *
 * Definitions (per group, summed over producers; every message of the run, warm-up included):
 * - `sent`: messages issued; `acked`: acknowledged by the broker (0 for one-way sends);
 * - `unknown`: one-way sends handed to the socket, whose fate the producer cannot know;
 * - `received`: deliveries, duplicates included; `unique`: distinct messages delivered;
 * - `lost`: acknowledged (one-way: handed to the socket), never delivered, and not in the queue
 *   either (when the queue was audited, see `queue-audit.ts`);
 * - `undelivered` (audited groups only): acknowledged, never delivered, but still in the queue
 *   beyond the group's committed offset at the end: a backlog, not a loss. Where the backlog was
 *   counted by queue depth (no offsets, so no message identity), `min(missing, depth)` of the
 *   missing messages are taken as still queued; the rest are `lost` only when the depth is
 *   exact (the queue could hold nothing but this run's messages), else the verdict is
 *   `unverified` and `lost` is an upper bound;
 * - `lostUnacked`: never acknowledged (failed, or still pending when the run ended) and never delivered;
 * - `duplicated`: deliveries beyond the first, split by origin into `redelivered` (the same
 *   broker position delivered again, or a delivery the broker flagged as redelivered: the
 *   consumer side) and `duplicatedInLog` (one message at two positions: the producer wrote it
 *   twice). With positions, deliveries − distinct positions are replays and distinct positions −
 *   distinct messages are log copies; flagged deliveries without a position count as replays up
 *   to the duplicates not explained otherwise; where producers publish each message once
 *   (no client retries, `DriverCapabilities.resends` false) every duplicate is a replay;
 * - `reordered`: first deliveries that came after a higher sequence number of the same producer
 *   on the same partition (which covers per-key order);
 * - `beforeStart` (groups that start at a named position, see {@link LedgerOptions}): acknowledged
 *   messages the group was never meant to read, because they lie before its start position.
 *
 * What "lost" means for a group that starts at a named broker position (a RabbitMQ stream offset
 * or timestamp): the group is owed only the messages at or after its start. mqload cannot see
 * the position of a message it did not receive, so it draws the line per producer: a producer's
 * messages sit in the lane in the order it sent them, so every acknowledged message of a
 * producer below the first one the group received from it lies before the start (`beforeStart`),
 * and a gap after that first one is lost. Two limits follow, both erring towards reporting loss:
 * a producer none of whose messages reached the group counts all of its acknowledged messages as
 * lost (it may have sent nothing after the start), and a group that received none of this run's
 * messages is `unverified` (its start may lie past the run's end, or nothing arrived), with every
 * acknowledged message counted in `lost` as an upper bound.
 */
import type { DeliveryResult } from '../record/summary.js';
import { SeqSet, seqSetFromJson, seqSetToJson } from './seq-set.js';
import type { DeliveryStateFile } from '../record/segment.js';
import type { PositionDelta, ProducedDelta, ReceivedDelta, VerificationDelta } from './types.js';

/** A group's backlog counted by queue depth: `messages` (ready + unacked), `exact` when they can only be this run's. */
export interface QueueDepth {
  messages: number;
  exact: boolean;
}

interface ProducerLedger {
  issued: number;
  acked: SeqSet;
  failed: SeqSet;
}

interface ReceivedLedger {
  seqs: SeqSet;
  deliveries: number;
  duplicates: number;
  reordered: number;
}

/** One group's delivered positions, merged over workers. */
interface PositionLedger {
  /** Deliveries that came with a position. */
  deliveries: number;
  /** Distinct positions per partition. */
  offsets: SeqSet[];
  /** Deliveries without a position flagged as redelivered. */
  flagged: number;
}

/** How the ledger judges groups. */
export interface LedgerOptions {
  /**
   * Groups whose consumers start at a position the profile names (a RabbitMQ stream offset or
   * timestamp), which may lie after some of this run's messages; see the file comment.
   */
  namedStartGroups?: ReadonlySet<string>;
}

/** Whole-run delivery counts over every group (threshold metrics). */
export interface DeliveryTotals {
  /** Acknowledged plus one-way handed-off messages: the base of the rates. */
  base: number;
  lost: number;
  duplicated: number;
  reordered: number;
}

export class DeliveryLedger {
  private readonly producers = new Map<string, ProducerLedger>();
  /** group → producer → received. */
  private readonly received = new Map<string, Map<string, ReceivedLedger>>();
  /** group → positions. */
  private readonly positions = new Map<string, PositionLedger>();
  private merges = 0;

  private readonly namedStartGroups: ReadonlySet<string>;

  /**
   * `oneway`: the run's producers send one-way (fate unknown). `resends`: a producer may write a
   * message twice ({@link DriverCapabilities.resends}); when false, no copy in the queue is the
   * producer's, so every duplicate is counted redelivered. `opts`: see {@link LedgerOptions}.
   */
  constructor(
    private readonly oneway: boolean,
    private readonly resends = true,
    opts: LedgerOptions = {},
  ) {
    this.namedStartGroups = opts.namedStartGroups ?? new Set();
  }

  /** Merges one worker shipment. */
  apply(delta: VerificationDelta): void {
    for (const p of delta.produced) this.applyProduced(p);
    for (const r of delta.received) this.applyReceived(r);
    for (const p of delta.positions ?? []) this.applyPositions(p);
    if (++this.merges % 16 === 0) this.compact();
  }

  private producer(id: string): ProducerLedger {
    let p = this.producers.get(id);
    if (!p) {
      p = { issued: 0, acked: new SeqSet(), failed: new SeqSet() };
      this.producers.set(id, p);
    }
    return p;
  }

  private applyProduced(d: ProducedDelta): void {
    const p = this.producer(d.producerId);
    p.issued = Math.max(p.issued, d.issued);
    p.acked.mergeFrom(SeqSet.fromWire(d.acked));
    p.failed.mergeFrom(SeqSet.fromWire(d.failed));
  }

  private applyReceived(d: ReceivedDelta): void {
    let byProducer = this.received.get(d.group);
    if (!byProducer) {
      byProducer = new Map();
      this.received.set(d.group, byProducer);
    }
    let r = byProducer.get(d.producerId);
    if (!r) {
      r = { seqs: new SeqSet(), deliveries: 0, duplicates: 0, reordered: 0 };
      byProducer.set(d.producerId, r);
    }
    for (const seq of d.late) if (!r.seqs.has(seq)) r.reordered++;
    r.deliveries += d.deliveries;
    r.duplicates += d.duplicates + r.seqs.mergeFrom(SeqSet.fromWire(d.seqs));
  }

  private applyPositions(d: PositionDelta): void {
    let g = this.positions.get(d.group);
    if (!g) this.positions.set(d.group, (g = { deliveries: 0, offsets: [], flagged: 0 }));
    g.deliveries += d.deliveries;
    g.flagged += d.flagged;
    (g.offsets[d.partition] ??= new SeqSet()).mergeFrom(SeqSet.fromWire(d.offsets));
  }

  /**
   * The ledger's whole state as JSON (an execution segment's `delivery-state.json`), for
   * {@link applyState} in another ledger; the ledger stays usable.
   */
  toState(extra: Pick<DeliveryStateFile, 'complete' | 'backlog'>): DeliveryStateFile {
    return {
      ...extra,
      oneway: this.oneway,
      resends: this.resends,
      namedStartGroups: [...this.namedStartGroups],
      produced: [...this.producers].map(([producerId, p]) => ({ producerId, issued: p.issued, acked: seqSetToJson(p.acked), failed: seqSetToJson(p.failed) })),
      received: [...this.received].flatMap(([group, byProducer]) =>
        [...byProducer].map(([producerId, r]) => ({ group, producerId, deliveries: r.deliveries, duplicates: r.duplicates, reordered: r.reordered, seqs: seqSetToJson(r.seqs) })),
      ),
      positions: [...this.positions].map(([group, g]) => ({
        group,
        deliveries: g.deliveries,
        flagged: g.flagged,
        offsets: g.offsets.flatMap((set, partition) => (set ? [{ partition, set: seqSetToJson(set) }] : [])),
      })),
    };
  }

  /**
   * Merges another ledger's {@link toState} (another execution segment's): a number two segments
   * both received in one group is a duplicate, as between two workers.
   */
  applyState(state: DeliveryStateFile): void {
    for (const p of state.produced) {
      const mine = this.producer(p.producerId);
      mine.issued = Math.max(mine.issued, p.issued);
      mine.acked.mergeFrom(seqSetFromJson(p.acked));
      mine.failed.mergeFrom(seqSetFromJson(p.failed));
    }
    for (const r of state.received) {
      let byProducer = this.received.get(r.group);
      if (!byProducer) this.received.set(r.group, (byProducer = new Map()));
      let mine = byProducer.get(r.producerId);
      if (!mine) byProducer.set(r.producerId, (mine = { seqs: new SeqSet(), deliveries: 0, duplicates: 0, reordered: 0 }));
      mine.deliveries += r.deliveries;
      mine.reordered += r.reordered;
      mine.duplicates += r.duplicates + mine.seqs.mergeFrom(seqSetFromJson(r.seqs));
    }
    for (const p of state.positions) {
      let g = this.positions.get(p.group);
      if (!g) this.positions.set(p.group, (g = { deliveries: 0, offsets: [], flagged: 0 }));
      g.deliveries += p.deliveries;
      g.flagged += p.flagged;
      for (const { partition, set } of p.offsets) (g.offsets[partition] ??= new SeqSet()).mergeFrom(seqSetFromJson(set));
    }
    this.compact();
  }

  /** Splits a group's duplicates by origin (see the module comment). */
  private origins(group: string, duplicated: number): { redelivered: number; duplicatedInLog: number } {
    if (!this.resends) return { redelivered: duplicated, duplicatedInLog: 0 };
    const g = this.positions.get(group);
    if (!g) return { redelivered: 0, duplicatedInLog: duplicated };
    let distinct = 0;
    for (const set of g.offsets) if (set) distinct += set.size;
    const replays = Math.min(duplicated, g.deliveries - distinct + g.flagged);
    return { redelivered: replays, duplicatedInLog: duplicated - replays };
  }

  /** Shrinks cold chunks of every set (called every few merges). */
  compact(): void {
    for (const p of this.producers.values()) {
      p.acked.compact();
      p.failed.compact();
    }
    for (const byProducer of this.received.values()) for (const r of byProducer.values()) r.seqs.compact();
    for (const g of this.positions.values()) for (const set of g.offsets) set?.compact();
  }

  /** Approximate bytes of verification state held. */
  byteSize(): number {
    let n = 0;
    for (const p of this.producers.values()) n += p.acked.byteSize() + p.failed.byteSize();
    for (const byProducer of this.received.values()) for (const r of byProducer.values()) n += r.seqs.byteSize();
    for (const g of this.positions.values()) for (const set of g.offsets) n += set?.byteSize() ?? 0;
    return n;
  }

  /**
   * One result per group. `complete` is false when some worker's final shipment is missing;
   * the counts are then a lower bound and the verdict `unverified`. `queued` holds, for the
   * groups whose queue was audited, the sequence numbers per producer found still in the queue.
   * `depths` holds, for groups whose backlog was only counted (no offsets), the queue depth and
   * whether it is exact (see the file comment).
   */
  results(
    groups: readonly string[],
    complete: boolean,
    queued?: ReadonlyMap<string, ReadonlyMap<string, SeqSet>>,
    depths?: ReadonlyMap<string, QueueDepth>,
  ): DeliveryResult[] {
    return groups.map((group) => this.resultFor(group, complete, queued?.get(group), depths?.get(group)));
  }

  private resultFor(group: string, complete: boolean, queued: ReadonlyMap<string, SeqSet> | undefined, depth: QueueDepth | undefined): DeliveryResult {
    const byProducer = this.received.get(group) ?? new Map<string, ReceivedLedger>();
    const ids = new Set([...this.producers.keys(), ...byProducer.keys()]);
    let sent = 0;
    let handed = 0;
    let received = 0;
    let unique = 0;
    let lost = 0;
    let lostUnacked = 0;
    let duplicated = 0;
    let reordered = 0;
    let undelivered = 0;
    let beforeStart = 0;
    const namedStart = this.namedStartGroups.has(group);
    let receivedAny = false;
    for (const id of ids) {
      const p = this.producers.get(id) ?? { issued: 0, acked: new SeqSet(), failed: new SeqSet() };
      const r = byProducer.get(id) ?? { seqs: new SeqSet(), deliveries: 0, duplicates: 0, reordered: 0 };
      const both = p.acked.intersectionSize(r.seqs);
      const issued = Math.max(p.issued, p.acked.size);
      sent += issued;
      handed += p.acked.size;
      received += r.deliveries;
      unique += r.seqs.size;
      duplicated += r.duplicates;
      reordered += r.reordered;
      // Acknowledged and delivered or still queued: |acked ∩ (received ∪ queued)|.
      const inQueue = queued?.get(id);
      let accounted = both;
      if (inQueue) {
        const receivedOrQueued = new SeqSet();
        receivedOrQueued.mergeFrom(r.seqs);
        receivedOrQueued.mergeFrom(inQueue);
        accounted = p.acked.intersectionSize(receivedOrQueued);
      }
      undelivered += accounted - both;
      // A named start: acknowledged messages below the first one received of this producer lie before it.
      const first = namedStart ? r.seqs.min() : undefined;
      const skipped = first === undefined ? 0 : Math.min(p.acked.countBelow(first), p.acked.size - accounted);
      if (r.seqs.size > 0) receivedAny = true;
      beforeStart += skipped;
      lost += p.acked.size - accounted - skipped;
      lostUnacked += Math.max(0, issued - p.acked.size - (r.seqs.size - both));
    }
    const { redelivered, duplicatedInLog } = this.origins(group, duplicated);
    // A counted backlog covers missing messages without saying which: min(missing, depth) are queued.
    // A named start the group never reached (nothing of the run arrived) cannot tell skipped from lost.
    let unsure = namedStart && !receivedAny && lost > 0;
    if (depth) {
      const stillQueued = Math.min(lost, Math.max(0, depth.messages));
      undelivered += stillQueued;
      lost -= stillQueued;
      unsure ||= lost > 0 && !depth.exact;
    }
    const result: DeliveryResult = {
      group,
      sent,
      acked: this.oneway ? 0 : handed,
      received,
      unique,
      lost,
      lostUnacked,
      duplicated,
      redelivered,
      duplicatedInLog,
      reordered,
      verdict:
        !complete || unsure
          ? 'unverified'
          : lost > 0
            ? 'loss'
            : duplicatedInLog > 0
              ? 'duplicates'
              : redelivered > 0
                ? 'redelivered'
                : reordered > 0
                  ? 'reordering'
                  : undelivered > 0
                    ? 'backlog'
                    : 'ok',
    };
    if (this.oneway) result.unknown = handed;
    if (namedStart) result.beforeStart = beforeStart;
    if (queued || depth) result.undelivered = undelivered;
    return result;
  }
}

/** Sums per-group results into the threshold totals. */
export function deliveryTotals(results: readonly DeliveryResult[]): DeliveryTotals {
  const t: DeliveryTotals = { base: 0, lost: 0, duplicated: 0, reordered: 0 };
  for (const r of results) {
    // What the group was owed: messages before a named start position are not.
    t.base += r.acked + (r.unknown ?? 0) - (r.beforeStart ?? 0);
    t.lost += r.lost;
    t.duplicated += r.duplicated;
    t.reordered += r.reordered;
  }
  return t;
}
