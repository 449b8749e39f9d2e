/**
 * Exported series names of the Artemis collector's samples (source `artemis`, `names.ts`; see
 * {@link SourceNaming}; units are converted after the base name): area `mqload_artemis_`, the
 * sample's `instance` as `endpoint`. Per-queue samples
 * (`labels { address, queue, routing }`) become `mqload_artemis_queue_<name>`, per-address ones
 * (`labels { address, policy }`) `mqload_artemis_address_<name>`, broker-wide ones
 * `mqload_artemis_<name>`; rates say they count messages.
 */
import type { SourceNaming } from '../series-naming.js';
import { ARTEMIS_SAMPLE_NAMES } from './names.js';

const Q = ARTEMIS_SAMPLE_NAMES.queue;

/** Rates whose exported name spells out the unit (before `_per_sec` → `_per_second`). */
const RATE_RENAMES: Readonly<Record<string, string>> = {
  [Q.addedPerSec]: 'added_messages_per_sec',
  [Q.ackedPerSec]: 'acked_messages_per_sec',
  [Q.killedPerSec]: 'killed_messages_per_sec',
  [Q.expiredPerSec]: 'expired_messages_per_sec',
};

/** The exported base name (after `mqload_artemis_`) of an Artemis value with these sample labels. */
function artemisBase(valueName: string, labels: Readonly<Record<string, string>>): string {
  const name = RATE_RENAMES[valueName] ?? valueName;
  if (labels['queue'] !== undefined) return `queue_${name}`;
  if (labels['address'] !== undefined) return name.startsWith('address_') ? name : `address_${name}`;
  return name;
}

/** Naming of the Artemis source. The broker JVM's sample (source `jolokia`) is named as every JVM's. */
export const ARTEMIS_SERIES_NAMING: Readonly<Record<string, SourceNaming>> = {
  artemis: { area: 'artemis', instanceLabel: 'endpoint', base: artemisBase },
};
