/**
 * The Artemis collector's one Jolokia bulk request and the mapping of its answer to samples.
 * Pure but for {@link ArtemisReadings}' memory of the last counters (rates need two readings).
 *
 * The request, in order: the broker control's attributes; every address's (`address=*`); every
 * queue's (`queue=*`, wildcards so one request covers them all); the broker's journal settings
 * and the JVM's operating system (read apart, so a broker without one of them still gives the
 * rest); the JVM reads of
 * `../jvm-jolokia.ts`; then `getAddressSettingsAsJSON(<address>)` per run address (its
 * max-size-bytes and address-full-policy, which no attribute carries). A failed entry (an MBean
 * pattern that matches nothing answers 404) only drops the values it would give.
 */
import type { SampleReading } from '../types.js';
import { CounterRates } from '../rates.js';
import { finiteNumber as num, isRecord, jvmReadRequests, jvmSampleValues, patternEntries } from '../jvm-jolokia.js';
import { ARTEMIS_SAMPLE_NAMES, ARTEMIS_SOURCE } from './names.js';

const Q = ARTEMIS_SAMPLE_NAMES.queue;
const A = ARTEMIS_SAMPLE_NAMES.address;
const B = ARTEMIS_SAMPLE_NAMES.broker;
const J = ARTEMIS_SAMPLE_NAMES.journal;

/** One request of the bulk (read, or exec of an operation). */
export type ArtemisJolokiaRequest =
  | { type: 'read'; mbean: string; attribute: string | string[] }
  | { type: 'exec'; mbean: string; operation: string; arguments: unknown[] };

const BROKER_ATTRS = ['AddressMemoryUsage', 'AddressMemoryUsagePercentage', 'GlobalMaxSize', 'ConnectionCount', 'DiskStoreUsage', 'MaxDiskUsage'];
const ADDRESS_ATTRS = ['AddressSize', 'Paging', 'NumberOfPages', 'AddressLimitPercent'];
const JOURNAL_ATTRS = ['JournalType', 'JournalBufferTimeout', 'JournalSyncNonTransactional', 'PersistenceEnabled'];
const QUEUE_ATTRS = ['MessageCount', 'DeliveringCount', 'ConsumerCount', 'MessagesAdded', 'MessagesAcknowledged', 'MessagesKilled', 'MessagesExpired'];
/** Queue counters and the rate each becomes. */
const QUEUE_RATES: Array<[string, string]> = [
  ['MessagesAdded', Q.addedPerSec],
  ['MessagesAcknowledged', Q.ackedPerSec],
  ['MessagesKilled', Q.killedPerSec],
  ['MessagesExpired', Q.expiredPerSec],
];
/** Queue values summed into the broker-wide sample. */
const SUMMED = [Q.depth, Q.consumers, Q.delivering, Q.addedPerSec, Q.ackedPerSec, Q.killedPerSec, Q.expiredPerSec];
const JVM_OFFSET = 5;
const JVM_COUNT = jvmReadRequests().length;

/** The bulk request for a broker (`org.apache.activemq.artemis:broker="<name>"`) and the run's addresses. */
export function artemisBulkRequest(brokerMBean: string, addresses: readonly string[]): ArtemisJolokiaRequest[] {
  return [
    { type: 'read', mbean: brokerMBean, attribute: BROKER_ATTRS },
    { type: 'read', mbean: `${brokerMBean},component=addresses,address=*`, attribute: ADDRESS_ATTRS },
    { type: 'read', mbean: `${brokerMBean},component=addresses,address=*,subcomponent=queues,routing-type=*,queue=*`, attribute: QUEUE_ATTRS },
    { type: 'read', mbean: brokerMBean, attribute: JOURNAL_ATTRS },
    { type: 'read', mbean: 'java.lang:type=OperatingSystem', attribute: ['Name'] },
    ...jvmReadRequests().map(([, r]) => ({ ...r, attribute: r.attribute ?? [] })),
    ...addresses.map((a): ArtemisJolokiaRequest => ({ type: 'exec', mbean: brokerMBean, operation: 'getAddressSettingsAsJSON', arguments: [a] })),
  ];
}

/** An address-full-policy that does not page: sends block, fail or are dropped at the limit. */
export function policyBlocks(policy: string): boolean {
  return policy === 'BLOCK' || policy === 'FAIL' || policy === 'DROP';
}

/** Settings of one address from `getAddressSettingsAsJSON`: max-size-bytes and the policy; null when it does not parse. */
export function parseAddressSettings(json: unknown): { maxSizeBytes: number; policy: string } | null {
  if (typeof json !== 'string') return null;
  try {
    const v = JSON.parse(json) as unknown;
    if (!isRecord(v)) return null;
    const max = num(v['maxSizeBytes']);
    const policy = typeof v['addressFullMessagePolicy'] === 'string' ? v['addressFullMessagePolicy'] : 'PAGE';
    return { maxSizeBytes: max ?? -1, policy };
  } catch {
    return null;
  }
}

/** Successive readings of one broker → samples (see `names.ts`). One instance per collector. */
export class ArtemisReadings {
  private readonly rates = new CounterRates();
  private readonly jvmRates = new CounterRates();

  /**
   * @param instance the Jolokia endpoint `host:port` (samples' `instance`)
   * @param jvmInstance the Jolokia base URL without credentials (the `jolokia` sample's `instance`)
   * @param addresses the run's addresses: queues and addresses of others are left out (all when empty)
   */
  constructor(
    private readonly instance: string,
    private readonly jvmInstance: string,
    private readonly addresses: readonly string[],
  ) {}

  private isRun(address: string | undefined): address is string {
    return address !== undefined && (this.addresses.length === 0 || this.addresses.includes(address));
  }

  /**
   * Samples from the answer to {@link artemisBulkRequest} taken at `atMs`. Throws when the answer
   * is not an array of one response per request (not Jolokia, or a different request).
   */
  map(answers: unknown, atMs: number): SampleReading[] {
    const expected = JVM_OFFSET + JVM_COUNT + this.addresses.length;
    if (!Array.isArray(answers) || answers.length !== expected) throw new Error(`unexpected Jolokia answer: expected an array of ${expected} responses`);
    const ok = (i: number): unknown => {
      const r = answers[i] as { status?: number; value?: unknown } | undefined;
      return r && r.status === 200 ? r.value : undefined;
    };
    const source = ARTEMIS_SOURCE;
    const out: SampleReading[] = [];
    const totals: Record<string, number> = Object.fromEntries(SUMMED.map((n) => [n, 0]));

    const settings = new Map<string, { maxSizeBytes: number; policy: string }>();
    this.addresses.forEach((a, i) => {
      const s = parseAddressSettings(ok(JVM_OFFSET + JVM_COUNT + i));
      if (s) settings.set(a, s);
    });
    for (const [props, attrs] of patternEntries(ok(1))) {
      const address = props['address'];
      if (!this.isRun(address)) continue;
      const s = settings.get(address);
      const values: Record<string, number> = {};
      put(values, A.sizeBytes, attrs['AddressSize']);
      put(values, A.paging, attrs['Paging']);
      put(values, A.pages, attrs['NumberOfPages']);
      put(values, A.limitPercent, attrs['AddressLimitPercent']);
      if (s) {
        values[A.maxSizeBytes] = s.maxSizeBytes;
        values[A.policyBlocks] = policyBlocks(s.policy) ? 1 : 0;
      }
      out.push({ source, instance: this.instance, labels: { address, ...(s ? { policy: s.policy } : {}) }, values });
    }
    for (const [props, attrs] of patternEntries(ok(2))) {
      const address = props['address'];
      const queue = props['queue'];
      if (!this.isRun(address) || queue === undefined) continue;
      const values: Record<string, number> = {};
      put(values, Q.depth, attrs['MessageCount']);
      put(values, Q.delivering, attrs['DeliveringCount']);
      put(values, Q.consumers, attrs['ConsumerCount']);
      for (const [attr, name] of QUEUE_RATES) {
        const v = num(attrs[attr]);
        const r = v === undefined ? undefined : this.rates.rate(`${address}\u0000${queue}\u0000${attr}`, v, atMs);
        if (r !== undefined) values[name] = Math.max(0, r);
      }
      for (const n of SUMMED) totals[n]! += values[n] ?? 0;
      out.push({ source, instance: this.instance, labels: { address, queue, routing: (props['routing-type'] ?? '').toLowerCase() }, values });
    }
    const broker = ok(0);
    if (isRecord(broker)) {
      put(totals, B.addressMemoryBytes, broker['AddressMemoryUsage']);
      put(totals, B.addressMemoryPercent, broker['AddressMemoryUsagePercentage']);
      put(totals, B.globalMaxBytes, broker['GlobalMaxSize']);
      put(totals, B.connections, broker['ConnectionCount']);
      const disk = num(broker['DiskStoreUsage']);
      if (disk !== undefined) totals[B.diskStorePercent] = disk * 100;
      put(totals, B.maxDiskPercent, broker['MaxDiskUsage']);
    }
    out.push({ source, instance: this.instance, values: totals });
    const journal = journalSample(ok(3), ok(4));
    if (journal) out.push({ source, instance: this.instance, ...journal });

    const jvmValues = jvmSampleValues((i) => ok(JVM_OFFSET + i), this.jvmRates, atMs);
    if (Object.keys(jvmValues).length > 0) out.push({ source: 'jolokia', instance: this.jvmInstance, values: jvmValues });
    return out;
  }
}

/**
 * The journal sample's labels and values from the journal settings read and the OS read; null
 * when the broker did not answer the journal read (the OS label is `unknown` without its read).
 */
export function journalSample(settings: unknown, os: unknown): { labels: Record<string, string>; values: Record<string, number> } | null {
  if (!isRecord(settings) || typeof settings['JournalType'] !== 'string') return null;
  const values: Record<string, number> = {};
  const timeoutNs = num(settings['JournalBufferTimeout']);
  if (timeoutNs !== undefined) values[J.bufferTimeoutMs] = timeoutNs / 1e6;
  put(values, J.syncNonTransactional, settings['JournalSyncNonTransactional']);
  put(values, J.persistenceEnabled, settings['PersistenceEnabled']);
  const osName = isRecord(os) && typeof os['Name'] === 'string' ? os['Name'] : 'unknown';
  return { labels: { journal_type: settings['JournalType'], os: osName }, values };
}

/** Sets `out[name]` to a finite number or a boolean as 0/1; anything else is left out. */
function put(out: Record<string, number>, name: string, v: unknown): void {
  if (typeof v === 'boolean') out[name] = v ? 1 : 0;
  else if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
}
