/**
 * Cross-field checks of RabbitMQ profiles (the registry runs them when `driver.type` is
 * rabbitmq). They run on raw (possibly schema-invalid) data, so every read is guarded; shape
 * errors (unknown keys, wrong types) are the schema's.
 */
import type { ProfileProblem } from '../../errors.js';
import { arr, at, obj, type ProfileCheck } from '../../profile/check-kit.js';
import { parseAmqpUrl } from './url.js';
import { parseStreamStart } from './stream-offset.js';
import { TLS_FILE_KEYS } from './tls.js';

/** `driver.url` parses, judged here without echoing it (it holds the password). */
export const rabbitUrl: ProfileCheck = {
  name: 'rabbitmq-url',
  check: (p) => {
    const url = at(p, 'driver', 'url');
    if (typeof url !== 'string' || parseAmqpUrl(url)) return [];
    return [{ path: '/driver/url', message: 'driver.url is not an amqp:// or amqps:// URL with a host', hint: 'e.g. amqp://guest:guest@127.0.0.1:5672/%2F (vhost "/" is %2F)' }];
  },
};

/** `mandatory` needs publisher confirms: without them a returned message cannot be told from a delivered one. */
export const rabbitMandatoryNeedsConfirms: ProfileCheck = {
  name: 'rabbitmq-mandatory-needs-confirms',
  check: (p) => {
    if (at(p, 'driver', 'config', 'mandatory') !== true) return [];
    if (at(p, 'producers', 'mode') !== 'oneway' && at(p, 'producers', 'acks') !== 0) return [];
    return [{ path: '/driver/config/mandatory', message: 'mandatory needs publisher confirms to count a returned message as failed, and this profile sends without them (acks 0)', hint: 'use mode sync or async with acks 1, or drop mandatory' }];
  },
};

/** Bindings that fit the exchange type, durable replicated queues, streams without competing consumers. */
export const rabbitTopology: ProfileCheck = {
  name: 'rabbitmq-topology',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const perGroup = at(p, 'consumers', 'perGroup');
    const keys = at(p, 'message', 'keys');
    arr(at(p, 'topics')).forEach((raw, i) => {
      const t = obj(raw);
      if (!t) return;
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
      if ((queueType === 'quorum' || queueType === 'stream') && t['durable'] === false) {
        problems.push({ path: `/topics/${i}/durable`, message: `${queueType} queues are always durable`, hint: 'remove durable: false' });
      }
      if (queueType === 'stream' && typeof perGroup === 'number' && perGroup > 1) {
        problems.push({ path: '/consumers/perGroup', message: `consumers of a stream do not compete: each of the ${perGroup} consumers of a group would read every message`, hint: 'use perGroup 1 with a stream, or a classic/quorum queue for competing consumers' });
      }
    });
    return problems;
  },
};

/**
 * `topics[].streamOffset` only on a stream queue, a timestamp that names a real time, and no
 * `consumers.startFrom: earliest` beside a start other than `first` (the two would disagree).
 * Shape errors (a negative offset, a word other than first/next) are the schema's.
 */
export const rabbitStreamOffset: ProfileCheck = {
  name: 'rabbitmq-stream-offset',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const startFrom = at(p, 'consumers', 'startFrom');
    arr(at(p, 'topics')).forEach((raw, i) => {
      const t = obj(raw);
      const offset = t?.['streamOffset'];
      if (!t || offset === undefined) return;
      const path = `/topics/${i}/streamOffset`;
      const queueType = t['queueType'] ?? 'classic';
      if (queueType !== 'stream') {
        problems.push({ path, message: `streamOffset applies to stream queues only, and this topic's queueType is ${JSON.stringify(queueType)}`, hint: 'set queueType: stream, or remove streamOffset' });
        return;
      }
      const start = parseStreamStart(offset);
      if (!start) {
        if (typeof offset === 'string' && offset !== 'first' && offset !== 'next') problems.push({ path, message: `${JSON.stringify(offset)} is not a real date and time`, hint: 'e.g. 2026-12-01T10:00:00Z (month 1-12, a day the month has, hours 0-23)' });
        return;
      }
      if (startFrom === 'earliest' && start.kind !== 'first') {
        problems.push({ path, message: `consumers.startFrom: earliest reads a stream from its first message, and streamOffset ${JSON.stringify(offset)} says otherwise`, hint: 'remove consumers.startFrom (streamOffset says where stream consumers start), or use streamOffset: first' });
      }
    });
    return problems;
  },
};

/** TLS settings need `amqps://`; a client certificate needs its key and the other way round; a passphrase needs a key. */
export const rabbitTls: ProfileCheck = {
  name: 'rabbitmq-tls',
  check: (p) => {
    const config = obj(at(p, 'driver', 'config'));
    if (!config) return [];
    const set = (k: string) => typeof config[k] === 'string' && config[k] !== '';
    const problems: ProfileProblem[] = [];
    const url = at(p, 'driver', 'url');
    const tls = typeof url === 'string' && parseAmqpUrl(url)?.scheme === 'amqps';
    if (!tls && (url === undefined || parseAmqpUrl(String(url)))) {
      for (const k of TLS_FILE_KEYS.filter(set)) {
        problems.push({ path: `/driver/config/${k}`, message: `${k} applies to TLS connections, and driver.url is not amqps://`, hint: 'use an amqps:// URL (the broker\'s TLS port, 5671 by default), or remove the TLS settings' });
      }
      if (problems.length > 0) return problems;
    }
    if (set('tlsCertFile') && !set('tlsKeyFile')) problems.push({ path: '/driver/config/tlsKeyFile', message: 'tlsCertFile needs the private key of that certificate', hint: 'set tlsKeyFile to its PEM key' });
    if (set('tlsKeyFile') && !set('tlsCertFile')) problems.push({ path: '/driver/config/tlsCertFile', message: 'tlsKeyFile needs the client certificate it belongs to', hint: 'set tlsCertFile to its PEM certificate' });
    if (set('tlsKeyPassphrase') && !set('tlsKeyFile')) problems.push({ path: '/driver/config/tlsKeyPassphrase', message: 'tlsKeyPassphrase unlocks tlsKeyFile, which is not set', hint: 'set tlsKeyFile, or remove tlsKeyPassphrase' });
    return problems;
  },
};

/** Every RabbitMQ profile check, in reporting order. */
export const RABBIT_CHECKS: readonly ProfileCheck[] = [rabbitUrl, rabbitMandatoryNeedsConfirms, rabbitTopology, rabbitStreamOffset, rabbitTls];
