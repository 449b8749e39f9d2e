/**
 * Cross-field checks of RabbitMQ profiles. They run on raw (possibly schema-invalid) data, so
 * every read is guarded, and each speaks only when `driver.type` is rabbitmq (except
 * {@link rabbitFieldsOnlyForRabbit}, which refuses RabbitMQ topic fields on other kinds).
 */
import type { ProfileProblem } from '../../errors.js';
import type { ProfileCheck } from '../../profile/checks.js';
import { tuningProblems } from './config.js';
import { RABBIT_TOPIC_FIELD_NAMES } from './topology.js';
import { parseAmqpUrl } from './url.js';

type Raw = Record<string, unknown>;

function obj(x: unknown): Raw | undefined {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Raw) : undefined;
}

function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

function isRabbit(p: unknown): boolean {
  return obj(obj(p)?.['driver'])?.['type'] === 'rabbitmq';
}

/** `driver.url` parses (without echoing it: it holds the password); Kafka-only driver fields are refused. */
export const rabbitDriverFields: ProfileCheck = {
  name: 'rabbitmq-driver-fields',
  check: (p) => {
    if (!isRabbit(p)) return [];
    const d = obj(obj(p)?.['driver']) ?? {};
    const problems: ProfileProblem[] = [];
    const url = d['url'];
    if (typeof url === 'string' && !parseAmqpUrl(url)) {
      problems.push({ path: '/driver/url', message: 'driver.url is not an amqp:// or amqps:// URL with a host', hint: 'e.g. amqp://guest:guest@127.0.0.1:5672/%2F (vhost "/" is %2F)' });
    }
    for (const k of ['brokers', 'client']) {
      if (d[k] !== undefined) problems.push({ path: `/driver/${k}`, message: `${k} does not apply to driver.type rabbitmq`, hint: 'give the connection as driver.url' });
    }
    return problems;
  },
};

/** `driver.config` keys the RabbitMQ driver understands, with valid values. */
export const rabbitTuning: ProfileCheck = {
  name: 'rabbitmq-client-settings',
  check: (p) => {
    if (!isRabbit(p)) return [];
    const problems = tuningProblems(obj(obj(obj(p)?.['driver'])?.['config']) ?? {});
    const mode = obj(obj(p)?.['producers'])?.['mode'];
    const acks = obj(obj(p)?.['producers'])?.['acks'];
    if (obj(obj(obj(p)?.['driver'])?.['config'])?.['mandatory'] === true && (mode === 'oneway' || acks === 0)) {
      problems.push({ path: '/driver/config/mandatory', message: 'mandatory needs publisher confirms to tell a returned message from a delivered one, and this profile sends without (acks 0)', hint: 'use mode sync or async with acks 1, or drop mandatory' });
    }
    return problems;
  },
};

/** RabbitMQ topic entries: no Kafka topic fields, bindings that fit the exchange, stream limits. */
export const rabbitTopics: ProfileCheck = {
  name: 'rabbitmq-topics',
  check: (p) => {
    if (!isRabbit(p)) return [];
    const problems: ProfileProblem[] = [];
    const perGroup = obj(obj(p)?.['consumers'])?.['perGroup'];
    const keys = obj(obj(p)?.['message'])?.['keys'];
    arr(obj(p)?.['topics']).forEach((raw, i) => {
      const t = obj(raw);
      if (!t) return;
      // replicationFactor 1 is what the defaults fill in (a queue's replication is its queue type).
      for (const k of ['replicationFactor', 'config']) {
        if (t[k] !== undefined && !(k === 'replicationFactor' && t[k] === 1)) problems.push({ path: `/topics/${i}/${k}`, message: `${k} is a Kafka topic setting; RabbitMQ does not use it`, hint: 'RabbitMQ topics take exchangeType, queueType, durable, persistent, queueArguments, bindingKeys' });
      }
      if (t['partitions'] !== undefined && t['partitions'] !== 1) {
        problems.push({ path: `/topics/${i}/partitions`, message: `a RabbitMQ queue is one ordered lane: partitions must be 1 (got ${JSON.stringify(t['partitions'])})`, hint: 'scale with more consumers per group instead' });
      }
      const exchangeType = t['exchangeType'] ?? 'fanout';
      if (exchangeType === 'fanout' && t['bindingKeys'] !== undefined) {
        problems.push({ path: `/topics/${i}/bindingKeys`, message: 'a fanout exchange ignores binding keys', hint: 'use exchangeType direct or topic to route by key' });
      }
      if (exchangeType === 'direct' && t['bindingKeys'] === undefined && keys !== 'none') {
        problems.push({
          path: `/topics/${i}/bindingKeys`,
          message: `a direct exchange routes by the message key (keys ${JSON.stringify(keys ?? 'round-robin')}), and the group queues bind only the key ''`,
          hint: "list the keys in bindingKeys (keys look like k-0, k-1, …), use exchangeType topic (binds '#'), or message.keys: none",
        });
      }
      const queueType = t['queueType'];
      if (queueType !== undefined && queueType !== 'classic' && t['durable'] === false) {
        problems.push({ path: `/topics/${i}/durable`, message: `${String(queueType)} queues are always durable`, hint: 'remove durable: false' });
      }
      if (queueType === 'stream' && typeof perGroup === 'number' && perGroup > 1) {
        problems.push({ path: '/consumers/perGroup', message: `consumers of a stream do not compete: each of the ${perGroup} consumers of a group would read every message`, hint: 'use perGroup 1 with a stream, or a classic/quorum queue for competing consumers' });
      }
    });
    return problems;
  },
};

/** RabbitMQ topic fields on a profile of another broker kind. */
export const rabbitFieldsOnlyForRabbit: ProfileCheck = {
  name: 'rabbitmq-fields-only-for-rabbitmq',
  check: (p) => {
    const type = obj(obj(p)?.['driver'])?.['type'];
    if (type === 'rabbitmq' || typeof type !== 'string') return [];
    const problems: ProfileProblem[] = [];
    const d = obj(obj(p)?.['driver']) ?? {};
    if (d['url'] !== undefined) problems.push({ path: '/driver/url', message: `url applies to driver.type rabbitmq (this profile uses ${type})`, hint: 'give driver.brokers' });
    arr(obj(p)?.['topics']).forEach((raw, i) => {
      const t = obj(raw);
      for (const k of RABBIT_TOPIC_FIELD_NAMES) {
        if (t?.[k] !== undefined) problems.push({ path: `/topics/${i}/${k}`, message: `${k} is a RabbitMQ topic setting (this profile uses ${type})` });
      }
    });
    return problems;
  },
};

/** Every RabbitMQ profile check, in reporting order. */
export const RABBIT_CHECKS: readonly ProfileCheck[] = [rabbitDriverFields, rabbitTuning, rabbitTopics, rabbitFieldsOnlyForRabbit];
