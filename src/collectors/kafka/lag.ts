/**
 * Consumer lag through the driver's offset reads ({@link OffsetAdmin}: brokers with offsets), each interval, for the run's groups and
 * `collect.lagGroups`: per partition log-end offset, committed offset, lag in messages
 * (clamped ≥ 0, as KMinion does for the sampling race) and time lag (`time-lag.ts`); per
 * group and topic the total lag and the largest time lag.
 */
import type { Collector, LagTarget, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { SAMPLE_NAMES } from '../../record/sample-names.js';
import type { OffsetAdmin } from '../../drivers/types.js';
import { describeError } from '../../errors.js';
import { OffsetTimeTable } from './time-lag.js';

const L = SAMPLE_NAMES.lag;

/**
 * Samples: `source: 'lag'`, `instance: <group>`. Per partition: `labels { group, topic,
 * partition }` with `log_end_offset`, and — once the group has committed on it —
 * `committed_offset`, `lag_messages`, `time_lag_seconds` (omitted while unknown). Per group and
 * topic: `labels { group, topic }` with the summed `lag_messages` and the largest `time_lag_seconds`.
 */
export class LagCollector implements Collector {
  readonly name = 'lag';
  readonly source = 'lag';
  /** LEO tables per `topic/partition`, shared by every group reading that topic. */
  private readonly tables = new Map<string, OffsetTimeTable>();

  constructor(private readonly driver: OffsetAdmin, private readonly targets: LagTarget[]) {}

  async start(): Promise<CollectorStatus> {
    if (this.targets.length === 0) return { available: false, reason: 'no consumer groups to watch' };
    const topic = this.targets[0]!.topic;
    try {
      await this.driver.topicOffsets(topic);
      return { available: true };
    } catch (err) {
      return { available: false, reason: `cannot read offsets of ${topic}: ${describeError(err)}` };
    }
  }

  private table(topic: string, partition: number): OffsetTimeTable {
    const key = `${topic}/${partition}`;
    let t = this.tables.get(key);
    if (!t) this.tables.set(key, (t = new OffsetTimeTable()));
    return t;
  }

  async sample(): Promise<SampleReading[]> {
    const topics = [...new Set(this.targets.map((t) => t.topic))];
    const leo = new Map<string, Map<number, number>>();
    await Promise.all(
      topics.map(async (topic) => {
        const offsets = await this.driver.topicOffsets(topic);
        const atMs = Date.now();
        const byPartition = new Map<number, number>();
        for (const o of offsets) {
          const high = Number(o.high);
          byPartition.set(o.partition, high);
          this.table(topic, o.partition).add(high, atMs);
        }
        leo.set(topic, byPartition);
      }),
    );
    const perTarget = await Promise.all(
      this.targets.map(async (target) => ({ target, committed: await this.driver.groupOffsets(target.groupId, target.topic), atMs: Date.now() })),
    );
    const out: SampleReading[] = [];
    for (const { target, committed, atMs } of perTarget) {
      const { groupId: group, topic } = target;
      const leos = leo.get(topic) ?? new Map<number, number>();
      const committedBy = new Map(committed.map((c) => [c.partition, Number(c.committed)]));
      if (target.external && ![...committedBy.values()].some((c) => c >= 0)) continue;
      let total = 0;
      let anyCommitted = false;
      let maxTimeLag = Number.NaN;
      for (const [partition, high] of [...leos.entries()].sort((a, b) => a[0] - b[0])) {
        const values: Record<string, number> = { [L.logEndOffset]: high };
        const c = committedBy.get(partition);
        if (c !== undefined && c >= 0) {
          anyCommitted = true;
          const lag = Math.max(0, high - c);
          total += lag;
          values[L.committedOffset] = c;
          values[L.lagMessages] = lag;
          const seconds = this.table(topic, partition).lagSeconds(c, atMs);
          if (!Number.isNaN(seconds)) {
            values[L.timeLagSeconds] = seconds;
            maxTimeLag = Number.isNaN(maxTimeLag) ? seconds : Math.max(maxTimeLag, seconds);
          }
        }
        out.push({ source: this.source, instance: group, labels: { group, topic, partition: String(partition) }, values });
      }
      if (anyCommitted) {
        const values: Record<string, number> = { [L.lagMessages]: total };
        if (!Number.isNaN(maxTimeLag)) values[L.timeLagSeconds] = maxTimeLag;
        out.push({ source: this.source, instance: group, labels: { group, topic }, values });
      }
    }
    return out;
  }

  async stop(): Promise<void> {}
}
