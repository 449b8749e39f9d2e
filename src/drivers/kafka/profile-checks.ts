/**
 * The Kafka driver's cross-field profile checks: a `driver.config` property the chosen client
 * does not understand, a compression codec it cannot write, and Kafka producer properties in
 * `driver.config` (`acks`, `compression.type`, `enable.idempotence`) that contradict the
 * `producers` section, and an idempotent producer without acks all. They run on raw (possibly schema-invalid) data, so every read is guarded.
 * What these checks accept, the client runs (see `clients.ts`).
 */
import type { ProfileProblem } from '../../errors.js';
import { closestName } from '../../profile/suggest.js';
import { show } from '../../profile/ajv-problems.js';
import { at, obj, sendModeOf, type ProfileCheck } from '../../profile/check-kit.js';
import { defaultAcks } from '../../profile/defaults.js';
import { KAFKA_CLIENTS, kafkaClientOf } from './clients.js';
import { acksFromProperty } from './properties.js';

const CODECS = new Set(['none', 'gzip', 'snappy', 'lz4', 'zstd']);

/** Problems of a Kafka profile's client settings; [] for other drivers or an unknown client (the schema reports those). */
function kafkaClientProblems(p: unknown): ProfileProblem[] {
  const driver = obj(obj(p)?.['driver']);
  if (driver?.['type'] !== 'kafka') return [];
  const client = kafkaClientOf(driver['client']);
  if (!client) return [];
  const config = obj(driver['config']) ?? {};
  const producers = obj(obj(p)?.['producers']) ?? {};
  const problems: ProfileProblem[] = [];
  const known = [...client.properties];
  for (const key of Object.keys(config)) {
    if (client.properties.has(key)) continue;
    const close = closestName(key, known);
    const elsewhere = Object.values(KAFKA_CLIENTS).filter((c) => c.properties.has(key)).map((c) => c.name);
    problems.push({
      path: `/driver/config/${key}`,
      message: `the ${client.name} client does not understand "${key}"`,
      hint: close
        ? `did you mean "${close}"?`
        : elsewhere.length > 0
          ? `"${key}" works with driver.client: ${elsewhere.join(' or ')}`
          : `\`mqload drivers list\` shows what each Kafka client accepts`,
    });
  }
  const fromConfig = config['compression.type'];
  if (fromConfig !== undefined && !CODECS.has(String(fromConfig))) {
    problems.push({ path: '/driver/config/compression.type', message: `unknown codec "${String(fromConfig)}"`, hint: `use one of ${[...CODECS].join(', ')}` });
  }
  const codec = producers['compression'] ?? fromConfig;
  if (producers['compression'] !== undefined && fromConfig !== undefined && String(fromConfig) !== producers['compression']) {
    problems.push({ path: '/driver/config/compression.type', message: `compression.type "${String(fromConfig)}" contradicts producers.compression "${String(producers['compression'])}"`, hint: 'set it in one place' });
  } else if (typeof codec === 'string' && CODECS.has(codec) && !client.codecs.includes(codec as never)) {
    const others = Object.values(KAFKA_CLIENTS).filter((c) => c.codecs.includes(codec as never)).map((c) => c.name);
    problems.push({
      path: producers['compression'] !== undefined ? '/producers/compression' : '/driver/config/compression.type',
      message: `the ${client.name} client cannot write ${codec} (it supports ${client.codecs.join(', ')})`,
      hint: others.length > 0 ? `use driver.client: ${others.join(' or ')}, or another codec` : `use ${client.codecs.join(' or ')}`,
    });
  }
  if (config['acks'] !== undefined) {
    const acks = acksFromProperty(config['acks']);
    const want = producers['acks'] === -1 ? 'all' : producers['acks'];
    if (acks === undefined) problems.push({ path: '/driver/config/acks', message: `acks must be all, -1, 0 or 1 (got ${String(config['acks'])})`, hint: 'acks: all waits for every in-sync replica' });
    else if (want !== undefined && want !== acks) problems.push({ path: '/driver/config/acks', message: `acks ${String(config['acks'])} contradicts producers.acks ${String(producers['acks'])}`, hint: 'set it in one place' });
  }
  const idem = config['enable.idempotence'];
  if (idem !== undefined) {
    const v = String(idem).toLowerCase();
    if (v !== 'true' && v !== 'false') problems.push({ path: '/driver/config/enable.idempotence', message: `enable.idempotence must be true or false (got ${String(idem)})` });
    else if (producers['idempotent'] !== undefined && String(producers['idempotent']) !== v) {
      problems.push({ path: '/driver/config/enable.idempotence', message: `enable.idempotence ${v} contradicts producers.idempotent ${String(producers['idempotent'])}`, hint: 'set it in one place' });
    }
  }
  return problems;
}

/** Acks the run would use, or undefined when mode/acks are not valid values. */
function effectiveAcks(p: unknown): unknown {
  const mode = sendModeOf(p);
  return mode === undefined ? undefined : (at(p, 'producers', 'acks') ?? defaultAcks(mode));
}

/** Kafka's idempotent producer requires acks all (the broker refuses it otherwise). */
const idempotentNeedsAcksAll: ProfileCheck = {
  name: 'idempotent-needs-acks-all',
  check: (p) => {
    if (at(p, 'producers', 'idempotent') !== true) return [];
    const acks = effectiveAcks(p);
    if (acks === undefined || acks === 'all' || acks === -1) return [];
    return [{ path: '/producers/idempotent', message: `an idempotent producer needs acks all (acks is ${show(acks)})`, hint: 'set producers.acks: all, or idempotent: false' }];
  },
};

/** What the chosen Kafka client can do: its properties, codecs, and producer properties that agree with `producers`. */
const kafkaClientSettings: ProfileCheck = { name: 'kafka-client-settings', check: kafkaClientProblems };

/** The Kafka module's cross-field checks, in reporting order (after the common ones). */
export const KAFKA_PROFILE_CHECKS: readonly ProfileCheck[] = [idempotentNeedsAcksAll, kafkaClientSettings];
