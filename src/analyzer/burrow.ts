/**
 * Burrow-style consumer-lag evaluation (KB §4, [BUR]), adapted to polled offsets.
 *
 * Burrow judges the last `intervals` offset commits of a partition. mqload polls committed offsets
 * instead of seeing each commit, so the polled observations are first merged into at most
 * `intervals` evenly spaced "commits" (the last observation of each slot, like Burrow merging
 * commits closer than `min-distance`). Then, in Burrow's order:
 *
 * 1. lag of the latest commit ≤ `allowedLag` → OK;
 * 2. STOP when the time since the offset last advanced exceeds the time it was advancing
 *    (now − lastAdvance > lastAdvance − first), unless the consumer is known to be active;
 * 3. REWIND when an offset decreased and has not recovered to its earlier maximum;
 * 4. only if lag exceeded `allowedLag` in every commit: STALL when all offsets are equal,
 *    WARN when lag never decreases between consecutive commits;
 * 5. otherwise OK.
 *
 * Polling cannot see a consumer re-committing the same offset, which is how Burrow tells STALL
 * from STOP; `consumerActive` (the group received messages lately) stands in for it.
 */

/** One polled reading of a partition: committed offset and lag (messages) at time t (seconds). */
export interface OffsetObservation {
  t: number;
  offset: number;
  lag: number;
}

/** Status of one partition, in Burrow's terms. */
export type PartitionStatus = 'OK' | 'WARN' | 'STALL' | 'STOP' | 'REWIND';
/** Group status: the worst partition; STOP, STALL and REWIND become ERR. */
export type GroupStatus = 'OK' | 'WARN' | 'ERR';

/** Evaluation settings (Burrow's `allowed-lag` and `intervals`, plus the polled-offset adaptations). */
export interface BurrowOptions {
  /** Lag at or below this is OK (Burrow `allowed-lag`, default 0). */
  allowedLag: number;
  /** Commits judged (Burrow `intervals`, default 10). */
  intervals: number;
  /** Evaluation time, seconds; default the last observation's time. */
  now?: number;
  /** True when the consumer is known to be alive (turns a STOP into the later checks). */
  consumerActive?: boolean;
}

/**
 * Merges observations (any order) into at most `intervals` commits: the span is cut into
 * `intervals` equal slots and the last observation of each non-empty slot is kept.
 */
export function mergeObservations(observations: readonly OffsetObservation[], intervals: number): OffsetObservation[] {
  const sorted = observations.filter((o) => Number.isFinite(o.t) && Number.isFinite(o.offset) && Number.isFinite(o.lag)).sort((a, b) => a.t - b.t);
  if (sorted.length <= intervals) return sorted;
  const first = sorted[0]!.t;
  const span = sorted[sorted.length - 1]!.t - first;
  if (span <= 0) return [sorted[sorted.length - 1]!];
  const slots = new Map<number, OffsetObservation>();
  for (const o of sorted) {
    const slot = Math.min(intervals - 1, Math.floor(((o.t - first) / span) * intervals));
    slots.set(slot, o);
  }
  return [...slots.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o);
}

/** Evaluates one partition; null when there are no observations. */
export function evaluatePartition(observations: readonly OffsetObservation[], opts: BurrowOptions): PartitionStatus | null {
  const commits = mergeObservations(observations, opts.intervals);
  if (commits.length === 0) return null;
  const first = commits[0]!;
  const last = commits[commits.length - 1]!;
  if (last.lag <= opts.allowedLag) return 'OK';

  let lastAdvance = first.t;
  for (let i = 1; i < commits.length; i++) if (commits[i]!.offset > commits[i - 1]!.offset) lastAdvance = commits[i]!.t;
  const now = opts.now ?? last.t;
  if (opts.consumerActive !== true && now - lastAdvance > lastAdvance - first.t) return 'STOP';

  let highest = first.offset;
  let rewound = false;
  for (let i = 1; i < commits.length; i++) {
    const o = commits[i]!.offset;
    if (o < commits[i - 1]!.offset) rewound = true;
    if (o >= highest) {
      highest = o;
      rewound = false; // recovered to (or past) the pre-rewind value
    }
  }
  if (rewound) return 'REWIND';

  if (commits.every((c) => c.lag > opts.allowedLag)) {
    if (commits.every((c) => c.offset === first.offset)) return 'STALL';
    let decreased = false;
    for (let i = 1; i < commits.length; i++) if (commits[i]!.lag < commits[i - 1]!.lag) decreased = true;
    if (!decreased) return 'WARN';
  }
  return 'OK';
}

const RANK: Record<PartitionStatus, number> = { OK: 0, WARN: 1, REWIND: 2, STALL: 3, STOP: 4 };

/** The worst of the partition statuses (OK for none). */
export function worstPartition(statuses: readonly PartitionStatus[]): PartitionStatus {
  let worst: PartitionStatus = 'OK';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Group status from partition statuses: worst partition, with STOP, STALL and REWIND as ERR. */
export function groupStatus(statuses: readonly PartitionStatus[]): GroupStatus {
  const worst = worstPartition(statuses);
  return worst === 'OK' ? 'OK' : worst === 'WARN' ? 'WARN' : 'ERR';
}
