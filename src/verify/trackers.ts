/**
 * Worker-side delivery bookkeeping, O(1) per message: {@link ProduceTracker} notes acknowledged
 * and failed sequence numbers per producer, {@link ReceiveTracker} notes deliveries per (group,
 * producer) and the highest sequence number seen per (group, partition, producer) for the
 * reorder check. `drain()` hands over everything since the previous drain and starts afresh, so
 * memory is bounded by one shipment interval of traffic (plus one number per partition).
 * Only the worker's own thread touches an instance.
 */
import { SeqSet } from './seq-set.js';
import type { PositionDelta, ProducedDelta, ReceivedDelta, VerificationDelta } from './types.js';

interface ProducedState {
  acked: SeqSet;
  failed: SeqSet;
}

/** Acknowledged and failed sends per producer (fed by the producer runners' observer). */
export class ProduceTracker {
  private state = new Map<string, ProducedState>();

  private of(producerId: string): ProducedState {
    let s = this.state.get(producerId);
    if (!s) {
      s = { acked: new SeqSet(), failed: new SeqSet() };
      this.state.set(producerId, s);
    }
    return s;
  }

  acked(producerId: string, seqs: readonly number[]): void {
    const set = this.of(producerId).acked;
    for (const seq of seqs) set.add(seq);
  }

  failed(producerId: string, seqs: readonly number[]): void {
    const set = this.of(producerId).failed;
    for (const seq of seqs) set.add(seq);
  }

  /** Everything since the last drain; `issued` gives each producer's cumulative issued count. */
  drain(issued: ReadonlyMap<string, number>): ProducedDelta[] {
    const out: ProducedDelta[] = [];
    for (const [producerId, n] of issued) {
      const s = this.state.get(producerId);
      out.push({ producerId, issued: n, acked: (s?.acked ?? new SeqSet()).toWire(), failed: (s?.failed ?? new SeqSet()).toWire() });
    }
    this.state = new Map();
    return out;
  }
}

interface ReceivedState {
  seqs: SeqSet;
  deliveries: number;
  duplicates: number;
  late: number[];
  /** Highest sequence number seen, indexed by partition (-1 or hole: none). Kept across drains. */
  highest: number[];
}

interface PositionState {
  deliveries: number;
  offsets: SeqSet;
  flagged: number;
}

/**
 * Deliveries per (group, producer), with the per-partition reorder check, and per (group,
 * partition) the broker positions delivered (see {@link PositionDelta}).
 */
export class ReceiveTracker {
  /** group → producer → deliveries since the last drain (and the reorder state, kept). */
  private readonly state = new Map<string, Map<string, ReceivedState>>();
  /** group → partition → positions since the last drain. */
  private positions = new Map<string, PositionState[]>();
  private lastGroup = '';
  private lastProducers: Map<string, ReceivedState> | null = null;
  private lastPositionsGroup = '';
  private lastPositions: PositionState[] | null = null;

  /**
   * Notes one delivery. O(1). `offset` is the broker position (-1: none); `redelivered` the
   * broker's redelivery flag; `lane` the ordered stream the reorder check follows (default the
   * partition; a consumer's own index where competing consumers share one queue, whose order
   * across consumers no broker keeps).
   */
  observe(group: string, partition: number, producerId: string, seq: number, offset = -1, redelivered = false, lane = partition): void {
    this.observePosition(group, partition, offset, redelivered);
    let byProducer = this.lastProducers;
    if (byProducer === null || group !== this.lastGroup) {
      byProducer = this.state.get(group) ?? null;
      if (!byProducer) {
        byProducer = new Map();
        this.state.set(group, byProducer);
      }
      this.lastGroup = group;
      this.lastProducers = byProducer;
    }
    let s = byProducer.get(producerId);
    if (!s) {
      s = { seqs: new SeqSet(), deliveries: 0, duplicates: 0, late: [], highest: [] };
      byProducer.set(producerId, s);
    }
    s.deliveries++;
    const fresh = s.seqs.add(seq);
    if (!fresh) s.duplicates++;
    const prev = s.highest[lane] ?? -1;
    if (seq > prev) s.highest[lane] = seq;
    else if (fresh && seq < prev) s.late.push(seq);
  }

  private observePosition(group: string, partition: number, offset: number, redelivered: boolean): void {
    if (offset < 0 && !redelivered) return;
    let byPartition = this.lastPositions;
    if (byPartition === null || group !== this.lastPositionsGroup) {
      byPartition = this.positions.get(group) ?? null;
      if (!byPartition) {
        byPartition = [];
        this.positions.set(group, byPartition);
      }
      this.lastPositionsGroup = group;
      this.lastPositions = byPartition;
    }
    let p = byPartition[partition];
    if (!p) byPartition[partition] = p = { deliveries: 0, offsets: new SeqSet(), flagged: 0 };
    if (offset >= 0) {
      p.deliveries++;
      p.offsets.add(offset);
    } else p.flagged++;
  }

  /** Positions since the last drain. */
  drainPositions(): PositionDelta[] {
    const out: PositionDelta[] = [];
    for (const [group, byPartition] of this.positions) {
      byPartition.forEach((p, partition) => {
        if (p) out.push({ group, partition, deliveries: p.deliveries, offsets: p.offsets.toWire(), flagged: p.flagged });
      });
    }
    this.positions = new Map();
    this.lastPositions = null;
    return out;
  }

  /** Everything since the last drain. */
  drain(): ReceivedDelta[] {
    const out: ReceivedDelta[] = [];
    for (const [group, byProducer] of this.state) {
      for (const [producerId, s] of byProducer) {
        if (s.deliveries === 0) continue;
        out.push({ group, producerId, deliveries: s.deliveries, duplicates: s.duplicates, seqs: s.seqs.toWire(), late: s.late });
        s.seqs = new SeqSet();
        s.deliveries = 0;
        s.duplicates = 0;
        s.late = [];
      }
    }
    return out;
  }
}

/** Both trackers of one worker. */
export interface WorkerVerifier {
  produce: ProduceTracker;
  receive: ReceiveTracker;
}

/** Drains both trackers into one shipment. */
export function drainVerifier(v: WorkerVerifier, issued: ReadonlyMap<string, number>): VerificationDelta {
  return { produced: v.produce.drain(issued), received: v.receive.drain(), positions: v.receive.drainPositions() };
}
