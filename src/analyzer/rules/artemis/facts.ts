/**
 * What the Artemis rules read: series of the Artemis collector ({@link ARTEMIS_SAMPLE_NAMES},
 * source `artemis`) per run queue, per run address and broker-wide, and the profile's Artemis
 * settings (prefetch). A broker may carry other traffic, so queue and address rules judge the
 * run's own addresses (the profile's topics) and their queues.
 */
import type { Sample } from '../../../record/format.js';
import type { Profile } from '../../../profile/schema.js';
import { ARTEMIS_SAMPLE_NAMES, ARTEMIS_SOURCE } from '../../../collectors/artemis/names.js';
import { DEFAULT_ARTEMIS_TUNING } from '../../../drivers/artemis/config.js';
import { parseArtemisTopic } from '../../../drivers/artemis/topology.js';
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { THRESHOLDS } from '../../thresholds.js';
import type { AnalysisWindow } from '../../window.js';
import { median, type Point } from '../../stats.js';

export const AQ = ARTEMIS_SAMPLE_NAMES.queue;
export const AA = ARTEMIS_SAMPLE_NAMES.address;
export const AB = ARTEMIS_SAMPLE_NAMES.broker;
export const AJ = ARTEMIS_SAMPLE_NAMES.journal;

/** Per key series of `name` over the Artemis samples `key` gives a key for. */
function pick(window: AnalysisWindow, name: string, key: (s: Sample) => string | null): Map<string, Point[]> {
  const out = new Map<string, Point[]>();
  for (const s of window.samples) {
    if (s.source !== ARTEMIS_SOURCE || typeof s.values[name] !== 'number') continue;
    const k = key(s);
    if (k === null) continue;
    let list = out.get(k);
    if (!list) out.set(k, (list = []));
    list.push({ t: s.t, v: s.values[name]! });
  }
  return out;
}

/** True when `address` is one of the run's (every address without a profile). */
function isRunAddress(address: string | undefined, profile: Profile | null): address is string {
  return address !== undefined && (!profile || profile.topics.some((t) => t.name === address));
}

/** Per run queue (key: queue name) series of a queue value. */
export function queueSeries(window: AnalysisWindow, profile: Profile | null, name: string): Map<string, Point[]> {
  return pick(window, name, (s) => (s.labels?.['queue'] !== undefined && isRunAddress(s.labels['address'], profile) ? s.labels['queue'] : null));
}

/** Per run address (key: address name) series of an address value. */
export function addressSeries(window: AnalysisWindow, profile: Profile | null, name: string): Map<string, Point[]> {
  return pick(window, name, (s) => (s.labels?.['queue'] === undefined && isRunAddress(s.labels?.['address'], profile) ? s.labels!['address']! : null));
}

/** The address-full-policy the collector saw on `address` (last reading), or null. */
export function addressPolicy(window: AnalysisWindow, address: string): string | null {
  let policy: string | null = null;
  for (const s of window.samples) if (s.source === ARTEMIS_SOURCE && s.labels?.['address'] === address && s.labels['queue'] === undefined && s.labels['policy']) policy = s.labels['policy'];
  return policy;
}

/** Broker-wide series (samples without labels) of a broker value. */
export function brokerSeries(window: AnalysisWindow, name: string): Point[] {
  return pick(window, name, (s) => (s.labels === undefined || Object.keys(s.labels).length === 0 ? 'broker' : null)).get('broker') ?? [];
}

/** True when the window holds any sample of the Artemis collector. */
export function hasArtemisSamples(window: AnalysisWindow): boolean {
  return window.samples.some((s) => s.source === ARTEMIS_SOURCE);
}

/** The reason given when no Artemis collector sample is in the window. */
export const NO_ARTEMIS_SAMPLES = 'no Artemis Jolokia samples (the broker\'s web console; collect.jolokia)';

/** Consumer credit window (`driver.config.prefetch`, default 500), messages. */
export function profileCredit(profile: Profile | null): number {
  const v = profile?.driver.config?.['prefetch'];
  return typeof v === 'number' && v > 0 ? v : DEFAULT_ARTEMIS_TUNING.prefetch;
}

export { valueAt } from '../../stats.js';

/** A run queue's consumers and rates, medians over the window (null where not measured). */
export interface QueueRates {
  consumers: number | null;
  /** Messages routed into the queue, msg/s. */
  addedPerSec: number | null;
  ackedPerSec: number | null;
  /** acked ÷ consumers, msg/s; null without consumers or acks. */
  perConsumer: number | null;
}

/** {@link QueueRates} of `queue`. */
export function queueRates(window: AnalysisWindow, profile: Profile | null, queue: string): QueueRates {
  const med = (name: string): number | null => {
    const pts = queueSeries(window, profile, name).get(queue) ?? [];
    const m = median(pts.map((p) => p.v));
    return Number.isFinite(m) ? m : null;
  };
  const consumers = med(AQ.consumers);
  const acked = med(AQ.ackedPerSec);
  return { consumers, addedPerSec: med(AQ.addedPerSec), ackedPerSec: acked, perConsumer: consumers !== null && consumers > 0 && acked !== null && acked > 0 ? acked / consumers : null };
}

/** The queues of the run on `address` (keys of the depth series). */
export function queuesOf(window: AnalysisWindow, profile: Profile | null, address: string): string[] {
  const out = new Set<string>();
  for (const s of window.samples) if (s.source === ARTEMIS_SOURCE && s.labels?.['address'] === address && s.labels['queue'] !== undefined && isRunAddress(address, profile)) out.add(s.labels['queue']);
  return [...out];
}

/** The broker JVM's heap max (-Xmx) from the `jolokia` sample, bytes; null when not measured. */
export function heapMaxBytes(window: AnalysisWindow): number | null {
  let v: number | null = null;
  for (const s of window.samples) if (s.source === 'jolokia' && typeof s.values[SAMPLE_NAMES.jvm.heapMax] === 'number') v = s.values[SAMPLE_NAMES.jvm.heapMax]!;
  return v !== null && v > 0 ? v : null;
}

/** What a limit should be to keep `needBytes` at the peak share of it, and the heap that gives it as global-max-size. */
export function suggestedLimits(needBytes: number): { limitBytes: number; heapBytes: number } {
  const limitBytes = Math.ceil(needBytes / THRESHOLDS.artemisPeakShareOfLimit.value);
  return { limitBytes, heapBytes: Math.ceil(limitBytes / THRESHOLDS.artemisGlobalMaxShareOfHeap.value) };
}

/** The broker's journal as the collector read it (its journal sample, last reading in the window). */
export interface JournalFacts {
  /** `JournalType`: NIO, ASYNCIO or MAPPED (as the broker spells it). */
  type: string;
  /** The broker JVM's operating system (`os.name`), `unknown` when not read. */
  os: string;
  /** journal-buffer-timeout, ms; null when not read. */
  bufferTimeoutMs: number | null;
  /** journal-sync-non-transactional: durable sends outside transactions wait for the sync; null when not read. */
  syncNonTransactional: boolean | null;
}

/** The journal facts of the window, or null when no journal sample was taken. */
export function journalFacts(window: AnalysisWindow): JournalFacts | null {
  let last: Sample | null = null;
  for (const s of window.samples) if (s.source === ARTEMIS_SOURCE && s.labels?.['journal_type'] !== undefined) last = s;
  if (!last) return null;
  const sync = last.values[AJ.syncNonTransactional];
  return {
    type: last.labels!['journal_type']!,
    os: last.labels!['os'] ?? 'unknown',
    bufferTimeoutMs: last.values[AJ.bufferTimeoutMs] ?? null,
    syncNonTransactional: sync === undefined ? null : sync >= 1,
  };
}

/** The run's topics whose messages are durable (`persistent: true`, written to the journal before they are accepted). */
export function persistentTopics(profile: Profile): string[] {
  return profile.topics.filter((t) => parseArtemisTopic(t as unknown as Readonly<Record<string, unknown>>).persistent).map((t) => t.name);
}
