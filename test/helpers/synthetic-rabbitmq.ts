/**
 * RabbitMQ samples for synthetic run records (see synthetic-record.ts, option `rabbitmq`): a
 * RabbitMQ `broker.json` and profile (exchange + group queue, prefetch, queue type), the backlog
 * collector's group totals only (no partitions), and the management (`rabbitmq`) and Prometheus
 * (`rabbitmq-prometheus`) samples per node, per queue and broker-wide, with knobs that move one
 * signal at a time. Values are steady unless a knob says otherwise; noise comes from the caller.
 */
import type { RunRecord } from '../../src/record/reader.js';
import type { BrokerFacts, Sample } from '../../src/record/format.js';
import type { Profile } from '../../src/profile/schema.js';
import { RABBITMQ_SAMPLE_NAMES } from '../../src/collectors/rabbitmq/names.js';
import { rabbitCapabilities } from '../../src/drivers/rabbitmq/driver.js';

const RN = RABBITMQ_SAMPLE_NAMES.node;
const RQ = RABBITMQ_SAMPLE_NAMES.queue;
const RT = RABBITMQ_SAMPLE_NAMES.totals;
const GIB = 1024 ** 3;

/** The broker facts of a RabbitMQ record. */
export const RABBIT_FACTS: BrokerFacts = { kind: 'rabbitmq', capabilities: rabbitCapabilities() };

/** Knobs of the planted RabbitMQ signals (seconds are seconds into the load phase). */
export interface RabbitPlant {
  /** Collectors present (both by default). */
  management?: boolean;
  prometheus?: boolean;
  queueType?: 'classic' | 'quorum' | 'stream';
  durable?: boolean;
  persistent?: boolean;
  /** driver.config.prefetch (default: unset, the driver's 500). */
  prefetch?: number;
  queueArguments?: Record<string, string | number | boolean>;
  memUsedRatio?: number;
  /** The memory alarm is raised from this second of load on (mem used then exceeds the limit). */
  memAlarmFrom?: number;
  diskAlarmFrom?: number;
  connectionsFlow?: number;
  channelsFlow?: number;
  queueInFlow?: boolean;
  connectionsBlocked?: number;
  /** Ready messages of the run queue: base and trend (msg/s). */
  readyBase?: number;
  readySlopePerSec?: number;
  consumerCapacity?: number;
  /** Unacked messages of the run queue; `at-prefetch`: consumers × prefetch. */
  unacked?: number | 'at-prefetch';
  /** The run queue's ack (and deliver) rate; default the produce rate. */
  ackPerSec?: number;
  redeliverPerSec?: number;
  maxlenDroppedPerSec?: number;
  unroutableDroppedPerSec?: number;
  /** Queues of other clients on the same broker (not the run's): name and rate. */
  otherQueues?: Array<{ name: string; ratePerSec: number }>;
  /** More queues of the run's exchange (another binding), each with this rate. */
  extraRunQueues?: Array<{ group: string; ratePerSec: number }>;
}

/** What the planter needs from the synthetic record's options. */
export interface PlantContext {
  topic: string;
  rate: number;
  consumers: number;
  groups: string[];
  warmupSec: number;
  /** Relative noise applied to a positive value. */
  pos: (v: number) => number;
}

/** The RabbitMQ profile parts: driver and topics (replacing the Kafka ones). */
export function rabbitProfile(profile: Profile, topic: string, plant: RabbitPlant): Profile {
  const entry: Record<string, unknown> = { name: topic, exchangeType: 'fanout', queueType: plant.queueType ?? 'classic', deleteAfterRun: true };
  if (plant.durable !== undefined) entry['durable'] = plant.durable;
  if (plant.persistent !== undefined) entry['persistent'] = plant.persistent;
  if (plant.queueArguments) entry['queueArguments'] = plant.queueArguments;
  return {
    ...profile,
    driver: { type: 'rabbitmq', brokers: [], url: 'amqp://guest:guest@127.0.0.1:5672/%2F', ...(plant.prefetch !== undefined ? { config: { prefetch: plant.prefetch } } : {}) },
    topics: [entry as unknown as Profile['topics'][number]],
  };
}

/** Adds RabbitMQ samples to `record` (and drops the Kafka-only per-partition lag samples). */
export function plantRabbit(record: RunRecord, plant: RabbitPlant, c: PlantContext): RunRecord {
  const samples: Sample[] = record.samples.filter((s) => !(s.source === 'lag' && s.labels?.partition !== undefined) && s.source !== 'jmx');
  const sources = [...(plant.management !== false ? ['rabbitmq'] : []), ...(plant.prometheus !== false ? ['rabbitmq-prometheus'] : [])];
  const prefetch = plant.prefetch ?? 500;
  const limit = 4 * GIB;
  for (const e of record.timeline) {
    const t = e.t - 0.5;
    const tl = Math.max(0, e.t - c.warmupSec);
    const inLoad = e.phase === 'load';
    const add = (source: string, values: Record<string, number>, labels?: Record<string, string>): void => {
      samples.push({ t, ts: e.ts - 500, source, instance: source === 'rabbitmq' ? '127.0.0.1:15672' : '127.0.0.1:15692', ...(labels ? { labels } : {}), values });
    };
    const memAlarm = inLoad && plant.memAlarmFrom !== undefined && tl >= plant.memAlarmFrom ? 1 : 0;
    const diskAlarm = inLoad && plant.diskAlarmFrom !== undefined && tl >= plant.diskAlarmFrom ? 1 : 0;
    const memRatio = memAlarm ? 1.05 : (plant.memUsedRatio ?? 0.3);
    const ready = inLoad ? Math.max(0, Math.round((plant.readyBase ?? 0) + (plant.readySlopePerSec ?? 0) * tl)) : 0;
    const unacked = plant.unacked === 'at-prefetch' ? c.consumers * prefetch : (plant.unacked ?? 2);
    const ack = inLoad ? c.pos(plant.ackPerSec ?? c.rate) : 0;
    const queueValues = (rate: number, q: { ready: number; unacked: number; capacity: number; redeliver: number; flow: number }, source: string): Record<string, number> => ({
      [RQ.ready]: q.ready,
      [RQ.unacked]: q.unacked,
      [RQ.depth]: q.ready + q.unacked,
      [RQ.consumers]: c.consumers,
      [RQ.consumerCapacity]: q.capacity,
      [RQ.publishPerSec]: rate,
      [RQ.deliverPerSec]: rate,
      [RQ.ackPerSec]: rate,
      [RQ.redeliverPerSec]: q.redeliver,
      ...(source === 'rabbitmq' ? { [RQ.inFlow]: q.flow } : {}),
    });
    for (const source of sources) {
      add(
        source,
        {
          [RN.memUsed]: memRatio * limit,
          [RN.memLimit]: limit,
          [RN.memUsedRatio]: memRatio,
          [RN.memAlarm]: memAlarm,
          [RN.diskAlarm]: diskAlarm,
          [RN.diskFree]: diskAlarm ? 40e6 : 80 * GIB,
          [RN.diskFreeLimit]: 50e6,
          [RN.fdsUsed]: 60,
          [RN.fdsLimit]: 1024,
          [RN.processesUsed]: 500,
          [RN.processesLimit]: 1048576,
        },
        { node: 'rabbit@localhost' },
      );
      const redeliver = inLoad ? (plant.redeliverPerSec ?? 0) : 0;
      for (const g of c.groups) {
        add(source, queueValues(ack, { ready, unacked, capacity: ready > 0 ? (plant.consumerCapacity ?? 0.98) : (plant.consumerCapacity ?? 1), redeliver, flow: plant.queueInFlow && inLoad ? 1 : 0 }, source), { vhost: '/', queue: `${c.topic}.${g}` });
      }
      for (const q of plant.extraRunQueues ?? []) add(source, queueValues(inLoad ? q.ratePerSec : 0, { ready: 0, unacked: 1, capacity: 1, redeliver: 0, flow: 0 }, source), { vhost: '/', queue: `${c.topic}.${q.group}` });
      for (const q of plant.otherQueues ?? []) add(source, queueValues(q.ratePerSec, { ready: 5000, unacked: 1000, capacity: 0.1, redeliver: 500, flow: 1 }, source), { vhost: '/', queue: q.name });
      const flow = inLoad ? (plant.connectionsFlow ?? 0) : 0;
      add(source, {
        [RQ.ready]: ready,
        [RQ.unacked]: unacked,
        [RQ.consumers]: c.consumers * c.groups.length,
        [RQ.publishPerSec]: ack,
        [RQ.deliverPerSec]: ack,
        [RQ.ackPerSec]: ack,
        [RQ.redeliverPerSec]: redeliver,
        [RT.connections]: 8,
        [RT.channels]: 8,
        [RT.channelUnconfirmed]: 10,
        ...(source === 'rabbitmq'
          ? {
              [RT.connectionsFlow]: flow,
              [RT.connectionsRunning]: 8 - flow,
              [RT.connectionsBlocked]: memAlarm || diskAlarm ? (plant.connectionsBlocked ?? 2) : 0,
              [RT.connectionsBlocking]: 0,
              [RT.channelsFlow]: inLoad ? (plant.channelsFlow ?? 0) : 0,
              [RT.prefetchLimit]: c.consumers * prefetch,
            }
          : {
              [RT.confirmPerSec]: ack,
              [RT.maxlenDroppedPerSec]: inLoad ? (plant.maxlenDroppedPerSec ?? 0) : 0,
              [RT.unroutableDroppedPerSec]: inLoad ? (plant.unroutableDroppedPerSec ?? 0) : 0,
            }),
      });
    }
  }
  samples.sort((a, b) => a.t - b.t);
  return { ...record, broker: record.broker ?? RABBIT_FACTS, samples };
}
