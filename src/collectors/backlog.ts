/**
 * Each run group's backlog through the driver ({@link Driver.backlog}), each interval: for any
 * broker, by offsets or by queue depth as its capabilities say. The samples carry the same
 * source, labels and value names as the Kafka lag collector's group totals (`kafka/lag.ts`),
 * so the lag/backlog rules, the reports and the exporter read every broker alike; there are no
 * per-partition samples and no time lag.
 */
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { Driver } from '../drivers/types.js';
import { describeError } from '../errors.js';

const L = SAMPLE_NAMES.lag;

/** A group to watch on a topic (a destination). */
export interface BacklogTarget {
  groupId: string;
  topic: string;
}

/**
 * Samples: `source: 'lag'`, `instance: <group>`, `labels { group, topic }`, `lag_messages` =
 * messages waiting for the group (Kafka: summed partition lag; RabbitMQ: ready + unacked in
 * its queue). Name `backlog` in `summary.json → collectors`.
 */
export class BacklogCollector implements Collector {
  readonly name = 'backlog';
  readonly source = 'lag';

  constructor(private readonly driver: Pick<Driver, 'backlog'>, private readonly targets: readonly BacklogTarget[]) {}

  async start(): Promise<CollectorStatus> {
    if (this.targets.length === 0) return { available: false, reason: 'no consumer groups to watch' };
    try {
      await this.driver.backlog(this.targets);
      return { available: true };
    } catch (err) {
      return { available: false, reason: `cannot read the backlog of ${this.targets[0]!.groupId}: ${describeError(err)}` };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const readings = await this.driver.backlog(this.targets);
    return readings.map((r) => ({
      source: this.source,
      instance: r.groupId,
      labels: { group: r.groupId, topic: r.topic },
      values: { [L.lagMessages]: Math.max(0, r.messages) },
    }));
  }

  async stop(): Promise<void> {}
}
