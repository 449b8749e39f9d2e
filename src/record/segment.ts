/**
 * What an execution segment (`mqload run --segment K/N`) adds to its run record so that
 * `mqload merge` can make one record of N, and what the merged record says about its segments:
 *
 * - `segment.json` ({@link SegmentFile}): which share this record is, the common start and when
 *   this share's schedule began; written when the run starts and rewritten at the end, so a
 *   segment killed outright still says what it was (status `running` = it never finished);
 * - `delivery-state.json` ({@link DeliveryStateFile}): the segment's delivery ledger, per producer
 *   the acknowledged and failed sequence numbers and per (group, producer) the received ones, as
 *   compact ranges, plus each group's backlog at the end — what verification across segments needs;
 * - `segments.json` (merged records only, {@link MergedSegmentsFile}): one {@link MergedSegment} per share.
 */
import type { ExecutionShare } from '../plan/execution-segment.js';
import type { SeqSetJson } from '../verify/seq-set.js';

/** Sample sources measured on a generator's own machine: a merged record keeps them per segment. */
export const GENERATOR_SOURCES: ReadonlySet<string> = new Set(['host', 'process', 'client']);

/** Label a merged record puts on every generator-side sample: its segment's 1-based index. */
export const SEGMENT_LABEL = 'segment';

/** The instance a merged record gives a generator-side sample of segment `k`, e.g. `s2/coordinator` (`s2/host` when it had none). */
export function segmentInstance(k: number, source: string, instance: string | undefined): string {
  return `s${k}/${instance ?? source}`;
}

/** The instance the segment's own record gave the sample: the inverse of {@link segmentInstance}. */
export function ownInstance(k: number, source: string, instance: string | undefined): string | undefined {
  const prefix = `s${k}/`;
  if (instance === undefined || !instance.startsWith(prefix)) return instance;
  const own = instance.slice(prefix.length);
  return own === source ? undefined : own;
}

/** `segment.json`. */
export interface SegmentFile {
  runId: string;
  /** 1-based. */
  index: number;
  count: number;
  share: ExecutionShare;
  /** `--start-at` as ISO 8601, or null when none was given. */
  startAt: string | null;
  /** Wall clock at this share's schedule start (its t = 0), epoch ms; null until the load started. */
  t0: number | null;
  /** How much later than `startAt` the load started, ms (0 when on time or without `startAt`). */
  lateMs: number;
  /** `running` until the run ends; a record left `running` belongs to a process that was killed. */
  status: 'running' | 'completed' | 'interrupted' | 'failed';
}

/** One producer's sends in a segment: sequence numbers 0 … issued − 1 exist. */
export interface ProducedState {
  producerId: string;
  issued: number;
  acked: SeqSetJson;
  failed: SeqSetJson;
}

/** One (group, producer) pair's deliveries in a segment. */
export interface ReceivedState {
  group: string;
  producerId: string;
  deliveries: number;
  duplicates: number;
  reordered: number;
  seqs: SeqSetJson;
}

/** One group's delivered broker positions in a segment (see `verify/types.ts` PositionDelta). */
export interface PositionState {
  group: string;
  /** Deliveries that came with a position. */
  deliveries: number;
  /** Deliveries without a position that the broker flagged as redelivered. */
  flagged: number;
  /** Distinct positions per partition (or queue). */
  offsets: Array<{ partition: number; set: SeqSetJson }>;
}

/** `delivery-state.json`: a segment's {@link import('../verify/ledger.js').DeliveryLedger} at the end. */
export interface DeliveryStateFile {
  /** False when some worker's final shipment was missing (counts are then a lower bound). */
  complete: boolean;
  /** The producers sent one-way (acknowledgements unknown). */
  oneway: boolean;
  /** The driver may write a message twice (`DriverCapabilities.resends`). */
  resends: boolean;
  /** Groups that start at a position the profile names (a stream offset). */
  namedStartGroups: string[];
  produced: ProducedState[];
  received: ReceivedState[];
  positions: PositionState[];
  /** Each group's backlog when the segment ended: messages, and whether the reading was exact; absent when unread. */
  backlog: Record<string, { messages: number; exact: boolean }>;
}

/** One share as the merged record sees it. */
export interface MergedSegment {
  index: number;
  /** The segment's own record directory (as given to `mqload merge`). */
  dir: string;
  /** `killed`: the record was left `running` (the process died without writing its end). */
  status: 'completed' | 'interrupted' | 'failed' | 'killed';
  reason?: string;
  lateMs: number;
  workers: number;
  producers: { from: number; to: number };
  consumersPerGroup: { from: number; to: number };
  sent: number;
  acked: number;
  failed: number;
  dropped: number;
  received: number;
  /** Messages its schedule meant to send and it never did (an interrupted share's unsent part); null when unthrottled. */
  notSent: number | null;
  /** Whether its delivery ledger was in the record (without it, its producers' messages cannot be checked). */
  deliveryState: boolean;
  /** Its own analysis's findings about the load generator (warning or worse): which share was saturated. */
  generatorFindings: SegmentFinding[];
}

/** A finding of one segment's own analysis, as the merged record keeps it. */
export interface SegmentFinding {
  id: string;
  severity: 'info' | 'warning' | 'critical';
  title: string;
  /** The finding's evidence, one line each. */
  evidence: string[];
}

/** `segments.json` of a merged record. */
export interface MergedSegmentsFile {
  schemaVersion: string;
  runId: string;
  count: number;
  /** The common schedule start of the merged record (its t = 0), epoch ms. */
  t0: number;
  segments: MergedSegment[];
}
