/**
 * The configuration a run used, as the reports show it: profile essentials and driver client
 * properties, with secrets (passwords, tokens, keys, JAAS configs) redacted.
 */
import { driverAddresses } from '../drivers/addresses.js'; // rabbitmq: moves into the registry
import type { Profile } from '../profile/schema.js';
import { REDACTED, isSecretKey, redactText } from '../profile/redact.js';

/**
 * Driver client properties with secret values replaced by {@link REDACTED} and URL passwords
 * hidden (`profile.json` is written redacted already; this also covers records written before).
 */
export function redactedClientConfig(profile: Profile): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(profile.driver.config ?? {})) out[k] = isSecretKey(k) ? REDACTED : typeof v === 'string' ? redactText(v) : v;
  return out;
}

function describePhase(p: Profile['load']['phases'][number]): string {
  switch (p.executor) {
    case 'constant-arrival-rate':
      return `constant ${p.rate} msg/s for ${p.duration}`;
    case 'ramping-arrival-rate':
      return `ramp from ${p.startRate ?? 0} msg/s: ${p.stages.map((s) => `${s.target} msg/s over ${s.duration}`).join(', ')}`;
    case 'max-throughput':
      return `max throughput for ${p.duration}`;
  }
}

/** Profile essentials as (setting, value) pairs, in reading order. */
export function configurationFacts(profile: Profile): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  rows.push(['profile', profile.name]);
  rows.push(['broker', `${profile.driver.type} at ${driverAddresses(profile.driver).join(', ')}${profile.driver.client ? ` (${profile.driver.client})` : ''}`]);
  for (const t of profile.topics) {
    const sizing = t.partitions === undefined ? [] : [`${t.partitions} partition${t.partitions === 1 ? '' : 's'}`, `replication factor ${t.replicationFactor ?? 1}`];
    const configs = t.config ? Object.entries(t.config).map(([k, v]) => `${k}=${v}`) : [];
    rows.push([`topic ${t.name}`, [...sizing, ...configs].join(', ') || 'no settings']);
  }
  const m = profile.message;
  rows.push(['message', `${m.size} bytes, keys ${m.keys ?? 'none'}${m.keys && m.keys !== 'none' ? ` (key space ${m.keySpace ?? 1000}${m.keys === 'hot' ? `, hot share ${m.hotShare ?? 0.8}` : ''})` : ''}`]);
  const p = profile.producers;
  const producerParts = [`${p.count} × ${p.mode}`];
  if (p.acks !== undefined) producerParts.push(`acks ${p.acks}`);
  if (p.maxInFlight !== undefined) producerParts.push(`max in flight ${p.maxInFlight}`);
  if (p.batch) producerParts.push(`batch ${p.batch.maxRecords} records / linger ${p.batch.lingerMs} ms`);
  if (p.compression) producerParts.push(`compression ${p.compression}`);
  if (p.idempotent !== undefined) producerParts.push(`idempotent ${p.idempotent}`);
  if (p.retries !== undefined) producerParts.push(`retries ${p.retries}`);
  rows.push(['producers', producerParts.join(', ')]);
  const c = profile.consumers;
  if (c) {
    const parts = [`${c.groups} group${c.groups === 1 ? '' : 's'} × ${c.perGroup} consumer${c.perGroup === 1 ? '' : 's'}`];
    if (c.commit) parts.push(`commit ${c.commit}`);
    if (c.processing) parts.push(`processing ${c.processing.delayMs} ms/message`);
    if (c.sink) parts.push(`sink ${c.sink.type} ${c.sink.mode} into ${c.sink.table}`);
    rows.push(['consumers', parts.join(', ')]);
  } else {
    rows.push(['consumers', 'none']);
  }
  if (profile.load.warmup !== undefined) rows.push(['warm-up', String(profile.load.warmup)]);
  profile.load.phases.forEach((ph, i) => rows.push([`phase ${i + 1}`, describePhase(ph)]));
  if (profile.load.cooldown !== undefined) rows.push(['cool-down', String(profile.load.cooldown)]);
  for (const f of profile.faults ?? []) rows.push(['fault', `${f.action} at ${f.at}${f.duration !== undefined ? ` for ${f.duration}` : ''}${f.downFor !== undefined ? `, down for ${f.downFor}` : ''}`]);
  for (const [k, v] of Object.entries(redactedClientConfig(profile))) rows.push([`client ${k}`, String(v)]);
  return rows;
}
