/**
 * Canonical sample source and value names of the Artemis collector (`source: 'artemis'`, one
 * Jolokia bulk read per interval, see `collector.ts`). Sample kinds (`labels` tell them apart;
 * `instance` is the Jolokia endpoint `host:port`, never with credentials):
 * - queue:       `labels { address, queue, routing }` — {@link ARTEMIS_SAMPLE_NAMES.queue}
 * - address:     `labels { address, policy }` — {@link ARTEMIS_SAMPLE_NAMES.address}; `policy` is
 *                the address-full-policy of its address settings (PAGE, BLOCK, FAIL, DROP)
 * - broker-wide: no labels — {@link ARTEMIS_SAMPLE_NAMES.broker}, plus the queue names summed
 *                over the run's queues
 * - journal:     `labels { journal_type, os }` — {@link ARTEMIS_SAMPLE_NAMES.journal}; `journal_type`
 *                is the broker's `JournalType` (NIO, ASYNCIO or MAPPED), `os` the broker JVM's
 *                operating system (`java.lang:type=OperatingSystem` Name, e.g. Linux)
 * The broker JVM (heap, GC, threads) goes into a separate sample of source `jolokia` with the
 * neutral `SAMPLE_NAMES.jvm` names, so the core JVM rules read it as they read Kafka's.
 *
 * Artemis's counters (`MessagesAdded`, `MessagesAcknowledged`, `MessagesKilled`,
 * `MessagesExpired`) become rates per second from successive readings. Names follow the
 * record's unit suffixes; booleans are 0/1 gauges; `_total` and `_count` are avoided for gauges.
 */
import { SAMPLE_NAMES } from '../../record/sample-names.js';

/** Sample source of the Artemis collector. */
export const ARTEMIS_SOURCE = 'artemis';

export const ARTEMIS_SAMPLE_NAMES = {
  /** Per queue (`labels { address, queue, routing }`); without labels, summed over the run's queues. */
  queue: {
    /** `MessageCount` (includes the delivering ones) as `depth_messages`; `consumers` (`ConsumerCount`). */
    ...SAMPLE_NAMES.queue,
    /** `DeliveringCount`: delivered to consumers and not yet acknowledged (held within their credit). */
    delivering: 'delivering_messages',
    /** Δ `MessagesAdded` per second: messages routed into the queue. */
    addedPerSec: 'added_per_sec',
    /** Δ `MessagesAcknowledged` per second. */
    ackedPerSec: 'acked_per_sec',
    /** Δ `MessagesKilled` per second: sent to the dead-letter address (or dropped) after max deliveries. */
    killedPerSec: 'killed_per_sec',
    /** Δ `MessagesExpired` per second. */
    expiredPerSec: 'expired_per_sec',
  },
  /** Per address (`labels { address, policy }`). */
  address: {
    /** `AddressSize`: bytes of the address's messages held in memory. */
    sizeBytes: 'address_size_bytes',
    /** `Paging`: 1 while the address pages messages to disk, else 0. */
    paging: 'paging',
    /** `NumberOfPages`: page files on disk. */
    pages: 'pages',
    /** `AddressLimitPercent`: address size ÷ its limit (max-size-bytes or max-size-messages), percent; ≥ 100 applies the policy. */
    limitPercent: 'address_limit_percent',
    /** `max-size-bytes` of the address settings; -1 = no limit of its own (the global limit applies). */
    maxSizeBytes: 'max_size_bytes',
    /** 1 while the address-full-policy is BLOCK, FAIL or DROP (sends stall, fail or vanish at the limit), 0 for PAGE. */
    policyBlocks: 'full_policy_not_paging',
  },
  /** Broker-wide, without labels. */
  broker: {
    /** `AddressMemoryUsage`: bytes all addresses hold in memory. */
    addressMemoryBytes: 'address_memory_bytes',
    /** `AddressMemoryUsagePercentage`: address memory ÷ global-max-size, percent. */
    addressMemoryPercent: 'address_memory_percent',
    /** `GlobalMaxSize`: global-max-size, bytes (half of -Xmx unless set); -1 = none. */
    globalMaxBytes: 'global_max_size_bytes',
    /** `ConnectionCount`: client connections open now. */
    connections: 'connections',
    /** `DiskStoreUsage` × 100: disk use of the journal's volume, percent. */
    diskStorePercent: 'disk_store_usage_percent',
    /** `MaxDiskUsage`: disk use at which the broker blocks producers, percent. */
    maxDiskPercent: 'max_disk_usage_percent',
  },
  /** The broker's journal settings (`labels { journal_type, os }`), read from ActiveMQServerControl. */
  journal: {
    /** `JournalBufferTimeout` (ns) in ms: how long the journal gathers writes before one flush and sync. */
    bufferTimeoutMs: 'journal_buffer_timeout_ms',
    /** `JournalSyncNonTransactional`: 1 when a durable send outside a transaction waits for the disk sync. */
    syncNonTransactional: 'journal_sync_non_transactional',
    /** `PersistenceEnabled`: 0 when the broker keeps nothing on disk (no journal at all). */
    persistenceEnabled: 'persistence_enabled',
  },
} as const;

/** The journal types Artemis has (`JournalType`). */
export type ArtemisJournalType = 'NIO' | 'ASYNCIO' | 'MAPPED';
