/**
 * The report section for brokers whose consumer groups are queues (`capabilities.groups ===
 * 'queue-per-group'`, from `broker.json`): instead of offset lag per topic, one row per group
 * queue with its depth (max, at load end, drain time after the load, from the backlog readings),
 * the consumers attached to it and their capacity (the share of time the queue could deliver at
 * once), read from the broker collectors' per-queue samples (`labels.queue`). Chosen by
 * capability in `sections.ts`, never by broker name.
 */
import type { Sample } from '../record/format.js';
import type { DriverCapabilities } from '../drivers/types.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { lagSeries, loadEndTime, summariseLag } from './lag.js';
import { formatCount, formatSeconds } from './format.js';
import type { ReportInput } from './input.js';
import { tbl, text, type ReportSection } from './sections.js';

const Q = SAMPLE_NAMES.queue;

/** True when the record's groups are queues (its report shows {@link queueSection} instead of consumer lag). */
export function groupsAreQueues(capabilities: DriverCapabilities | undefined): boolean {
  return capabilities?.groups === 'queue-per-group';
}

/** Min and max of one value of a queue's samples; null without readings. */
function range(samples: readonly Sample[], name: string): { min: number; max: number } | null {
  let min = Infinity;
  let max = -Infinity;
  for (const s of samples) {
    const v = s.values[name];
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return min === Infinity ? null : { min, max };
}

const pct = (v: number) => `${Math.round(v * 100)} %`;

/** Depth, consumers and capacity per group queue; null when the run had no consumer groups. */
export function queueSection(input: ReportInput): ReportSection | null {
  const backlog = summariseLag(lagSeries(input.samples), loadEndTime(input.timeline));
  const groups = new Set([...backlog.map((b) => b.group), ...(input.summary?.delivery ?? []).map((d) => d.group)]);
  if (groups.size === 0) {
    const consumers = input.profile?.consumers;
    if (!consumers || consumers.groups === 0) return null;
  }
  const byQueue = new Map<string, Sample[]>();
  for (const s of input.samples) {
    const queue = s.labels?.queue;
    if (queue === undefined) continue;
    const list = byQueue.get(queue) ?? [];
    list.push(s);
    byQueue.set(queue, list);
  }
  const rows = [...groups].sort().map((group) => {
    const b = backlog.find((x) => x.group === group);
    const queue = [...byQueue.keys()].find((q) => q.endsWith(`.${group}`)) ?? (b?.topic ? `${b.topic}.${group}` : group);
    const qs = byQueue.get(queue) ?? [];
    const depth = range(qs, Q.depth);
    const consumers = range(qs, Q.consumers);
    const capacity = range(qs, Q.consumerCapacity);
    let drain = 'n/a';
    if (b && b.lagAtLoadEnd !== null) drain = b.drainSec === 0 ? 'empty at load end' : b.drainSec !== null ? formatSeconds(b.drainSec) : `not drained (${formatCount(b.finalLag)} left)`;
    const maxDepth = depth?.max ?? b?.maxLagMessages ?? null;
    return [
      queue,
      group,
      maxDepth === null ? 'n/a' : formatCount(maxDepth),
      b?.lagAtLoadEnd === null || b === undefined ? 'n/a' : formatCount(b.lagAtLoadEnd),
      drain,
      consumers === null ? 'n/a' : consumers.min === consumers.max ? formatCount(consumers.max) : `${formatCount(consumers.min)}–${formatCount(consumers.max)}`,
      capacity === null ? 'n/a' : `${pct(capacity.min)}–${pct(capacity.max)}`,
    ];
  });
  const note = byQueue.size === 0 ? 'No per-queue broker readings in the record (management or Prometheus collector off or unavailable): depth is the ready messages read over AMQP.' : 'Depth = ready + unacknowledged messages in the group queue; capacity = share of time the queue could deliver to its consumers at once (100 %: the consumers keep up).';
  return {
    id: 'queues',
    title: 'Group queues',
    blocks: [text(note), tbl(['Queue', 'Group', 'Max depth (messages)', 'Depth at load end', 'Drain after load', 'Consumers', 'Consumer capacity'], rows, ['l', 'l', 'r', 'r', 'l', 'r', 'r'])],
  };
}
