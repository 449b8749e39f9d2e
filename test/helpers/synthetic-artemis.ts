/**
 * Artemis samples for synthetic run records (see synthetic-record.ts, option `artemis`): an
 * Artemis `broker.json` and profile (a multicast address, a queue `<address>.<group>` per group,
 * the credit window), the Artemis collector's per-queue, per-address and broker-wide samples and
 * the broker JVM as a `jolokia` sample (the JMX one's JVM values, Kafka's dropped), with knobs
 * that move one signal at a time. Values are steady unless a knob says otherwise.
 */
import type { RunRecord } from '../../src/record/reader.js';
import type { BrokerFacts, Sample } from '../../src/record/format.js';
import type { Profile } from '../../src/profile/schema.js';
import { ARTEMIS_SAMPLE_NAMES } from '../../src/collectors/artemis/names.js';
import { SAMPLE_NAMES } from '../../src/record/sample-names.js';
import { artemisCapabilities } from '../../src/drivers/artemis/driver.js';
import type { PlantContext } from './synthetic-rabbitmq.js';

const AQ = ARTEMIS_SAMPLE_NAMES.queue;
const AA = ARTEMIS_SAMPLE_NAMES.address;
const AB = ARTEMIS_SAMPLE_NAMES.broker;
const AJ = ARTEMIS_SAMPLE_NAMES.journal;
const JVM: ReadonlySet<string> = new Set(Object.values(SAMPLE_NAMES.jvm));
const GLOBAL_MAX = 268435456;

/** The broker facts of an Artemis record. */
export const ARTEMIS_FACTS: BrokerFacts = { kind: 'artemis', capabilities: artemisCapabilities() };

/** Knobs of the planted Artemis signals (seconds are seconds into the load phase). */
export interface ArtemisPlant {
  /** No Artemis collector samples at all. */
  collector?: false;
  /** driver.config.prefetch (default: unset, the driver's 500). */
  prefetch?: number;
  /** Depth of the run queue: base and trend (msg/s). */
  depthBase?: number;
  depthSlopePerSec?: number;
  /** Delivering messages of the run queue; `at-credit`: consumers × prefetch. */
  delivering?: number | 'at-credit';
  /** The run queue's acknowledged rate (default the produce rate). */
  ackPerSec?: number;
  /** The address's address-full-policy (default PAGE) and its own max-size-bytes (default -1). */
  policy?: 'PAGE' | 'BLOCK' | 'FAIL' | 'DROP';
  maxSizeBytes?: number;
  /** The address is at its limit (AddressLimitPercent 100; with PAGE: paging) from this second of load on. */
  fullFrom?: number;
  /** Broker address memory ÷ global-max-size, percent (default 20). */
  addressMemoryPercent?: number;
  /** The run topic's messages are persistent (default false). */
  persistent?: boolean;
  /** The broker's journal sample (default NIO on Linux, as the local broker); false: none taken. */
  journal?: { type: string; os: string } | false;
}

/** The Artemis profile parts: driver and topics (replacing the Kafka ones). */
export function artemisProfile(profile: Profile, topic: string, plant: ArtemisPlant): Profile {
  return {
    ...profile,
    driver: { type: 'artemis', brokers: [], url: 'amqp://127.0.0.1:5673', ...(plant.prefetch !== undefined ? { config: { prefetch: plant.prefetch } } : {}) },
    topics: [{ name: topic, routing: 'multicast', deleteAfterRun: true, ...(plant.persistent ? { persistent: true } : {}) } as unknown as Profile['topics'][number]],
  };
}

/** Adds Artemis samples to `record` (drops the Kafka-only per-partition lag and the JMX Kafka values; JVM values move to `jolokia`). */
export function plantArtemis(record: RunRecord, plant: ArtemisPlant, c: PlantContext): RunRecord {
  const samples: Sample[] = [];
  for (const s of record.samples) {
    if (s.source === 'lag' && s.labels?.partition !== undefined) continue;
    if (s.source !== 'jmx') samples.push(s);
    else samples.push({ ...s, source: 'jolokia', instance: 'http://127.0.0.1:8161/console/jolokia', values: Object.fromEntries(Object.entries(s.values).filter(([k]) => JVM.has(k))) });
  }
  const prefetch = plant.prefetch ?? 500;
  const policy = plant.policy ?? 'PAGE';
  for (const e of plant.collector === false ? [] : record.timeline) {
    const t = e.t - 0.5;
    const tl = Math.max(0, e.t - c.warmupSec);
    const inLoad = e.phase === 'load';
    const add = (values: Record<string, number>, labels?: Record<string, string>): void => {
      samples.push({ t, ts: e.ts - 500, source: 'artemis', instance: '127.0.0.1:8161', ...(labels ? { labels } : {}), values });
    };
    const full = inLoad && plant.fullFrom !== undefined && tl >= plant.fullFrom;
    const depth = inLoad ? Math.max(0, Math.round((plant.depthBase ?? 0) + (plant.depthSlopePerSec ?? 0) * tl)) : 0;
    const delivering = plant.delivering === 'at-credit' ? c.consumers * prefetch : (plant.delivering ?? 2);
    const ack = inLoad ? c.pos(plant.ackPerSec ?? c.rate) : 0;
    const added = inLoad ? c.pos(c.rate) : 0;
    for (const g of c.groups) {
      add(
        { [AQ.depth]: Math.max(depth, delivering), [AQ.delivering]: delivering, [AQ.consumers]: c.consumers, [AQ.addedPerSec]: added, [AQ.ackedPerSec]: ack, [AQ.killedPerSec]: 0, [AQ.expiredPerSec]: 0 },
        { address: c.topic, queue: `${c.topic}.${g}`, routing: 'multicast' },
      );
    }
    add(
      {
        [AA.sizeBytes]: full ? GLOBAL_MAX : 1e6,
        [AA.paging]: full && policy === 'PAGE' ? 1 : 0,
        [AA.pages]: full && policy === 'PAGE' ? 3 : 0,
        [AA.limitPercent]: full ? 100 : 1,
        [AA.maxSizeBytes]: plant.maxSizeBytes ?? -1,
        [AA.policyBlocks]: policy === 'PAGE' ? 0 : 1,
      },
      { address: c.topic, policy },
    );
    const memPct = full && (plant.maxSizeBytes ?? -1) <= 0 ? 100 : (plant.addressMemoryPercent ?? 20);
    add({
      [AB.addressMemoryPercent]: memPct,
      [AB.addressMemoryBytes]: (memPct / 100) * GLOBAL_MAX,
      [AB.globalMaxBytes]: GLOBAL_MAX,
      [AB.connections]: 8,
      [AB.diskStorePercent]: 40,
      [AB.maxDiskPercent]: 90,
      [AQ.depth]: depth * c.groups.length,
      [AQ.consumers]: c.consumers * c.groups.length,
      [AQ.addedPerSec]: added * c.groups.length,
      [AQ.ackedPerSec]: ack * c.groups.length,
    });
    const journal = plant.journal ?? { type: 'NIO', os: 'Linux' };
    if (journal) {
      const nio = journal.type === 'NIO';
      add({ [AJ.bufferTimeoutMs]: nio ? 3.333333 : 0.5, [AJ.syncNonTransactional]: 1, [AJ.persistenceEnabled]: 1 }, { journal_type: journal.type, os: journal.os });
    }
  }
  samples.sort((a, b) => a.t - b.t);
  return { ...record, broker: record.broker ?? ARTEMIS_FACTS, samples };
}
