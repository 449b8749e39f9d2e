/**
 * Upgrades older record versions: samples to the current meaning of their values
 * ({@link upgradeProcessSamples}), missing broker facts to what those versions ran
 * ({@link brokerFactsOf}). Upgrades samples of older record versions to the current meaning of their values, so the
 * analyzer and the reports read one layout whatever mqload wrote the record.
 */
import type { DriverCapabilities } from '../drivers/types.js';
import type { Profile } from '../profile/schema.js';
import { PROCESS_INSTANCES, type BrokerFacts, type BrokerFile, type Sample } from './format.js';
import { SAMPLE_NAMES } from './sample-names.js';

const P = SAMPLE_NAMES.process;
/** Values of a 1.0 `process`/`coordinator` sample that described the whole process. */
const WHOLE_PROCESS_VALUES = [P.cpuPercent, P.rss] as const;

const isProcess = (s: Sample, instance: string) => s.source === 'process' && s.instance === instance;

/**
 * Record 1.0 put the whole process's `cpu_percent` and `rss_bytes` (every thread) on the
 * `coordinator` sample; 1.1 gives them their own `all-threads` sample and keeps `cpu_percent`
 * of `coordinator` for the coordinator thread alone. Samples that have no `all-threads`
 * instance anywhere are 1.0 ones: each `coordinator` sample is split into an `all-threads`
 * sample with those values (placed just before it) and a `coordinator` sample with the rest.
 * Current samples come back unchanged (the same array).
 */
export function upgradeProcessSamples(samples: Sample[]): Sample[] {
  if (samples.some((s) => isProcess(s, PROCESS_INSTANCES.allThreads))) return samples;
  if (!samples.some((s) => isProcess(s, PROCESS_INSTANCES.coordinator))) return samples;
  const out: Sample[] = [];
  for (const s of samples) {
    if (!isProcess(s, PROCESS_INSTANCES.coordinator)) {
      out.push(s);
      continue;
    }
    const whole: Record<string, number> = {};
    const rest: Record<string, number> = {};
    for (const [k, v] of Object.entries(s.values)) ((WHOLE_PROCESS_VALUES as readonly string[]).includes(k) ? whole : rest)[k] = v;
    if (Object.keys(whole).length > 0) out.push({ ...s, instance: PROCESS_INSTANCES.allThreads, values: whole });
    out.push({ ...s, values: rest });
  }
  return out;
}

/**
 * What a Kafka driver declared before records carried it (1.0, 1.1). The codecs of the client
 * that ran are not known, so only `none` is listed (no rule reads the codec list).
 */
export const LEGACY_KAFKA_CAPABILITIES: DriverCapabilities = {
  partitions: true,
  groups: 'shared-subscription',
  offsets: true,
  acks: [0, 1, -1],
  nativeOneWay: true,
  idempotence: true,
  compression: ['none'],
  redeliveryFlag: false,
  resends: true,
  backlog: 'offsets',
};

/**
 * The broker facts of a record: `broker.json` when present (1.2 on). Without it, the record is
 * from before 1.2, when mqload drove Kafka only: Kafka with {@link LEGACY_KAFKA_CAPABILITIES},
 * unless its profile names another kind, whose capabilities are then unknown (null).
 */
export function brokerFactsOf(file: BrokerFile | null, profile: Profile | null): BrokerFacts | null {
  if (file && typeof file.kind === 'string' && typeof file.capabilities === 'object' && file.capabilities !== null) {
    const settings = file.settings && typeof file.settings === 'object' ? Object.fromEntries(Object.entries(file.settings).filter(([, v]) => typeof v === 'string')) : null;
    return { kind: file.kind, capabilities: file.capabilities, ...(settings && Object.keys(settings).length > 0 ? { settings } : {}) };
  }
  const kind: unknown = profile?.driver?.type;
  return kind === undefined || kind === 'kafka' ? { kind: 'kafka', capabilities: LEGACY_KAFKA_CAPABILITIES } : null;
}
