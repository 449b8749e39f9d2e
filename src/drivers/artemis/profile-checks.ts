/**
 * Cross-field checks of Artemis profiles (the registry runs them when `driver.type` is
 * artemis). They run on raw (possibly schema-invalid) data, so every read is guarded; shape
 * errors (unknown keys, wrong types) are the schema's.
 */
import type { ProfileProblem } from '../../errors.js';
import { arr, at, obj, type ProfileCheck } from '../../profile/check-kit.js';
import { isArtemisUrl } from './url.js';

/** `driver.url` parses, judged here without echoing it (it holds the password). */
export const artemisUrl: ProfileCheck = {
  name: 'artemis-url',
  check: (p) => {
    const url = at(p, 'driver', 'url');
    if (typeof url !== 'string' || isArtemisUrl(url)) return [];
    return [{ path: '/driver/url', message: 'driver.url is not an amqp:// or amqps:// URL with a host', hint: 'e.g. amqp://127.0.0.1:5673 (the local broker) or amqp://user:password@host:5672' }];
  },
};

/** An anycast address has one queue: several groups on it would compete instead of each getting every message. */
export const artemisTopology: ProfileCheck = {
  name: 'artemis-topology',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const groups = at(p, 'consumers', 'groups');
    arr(at(p, 'topics')).forEach((raw, i) => {
      const t = obj(raw);
      if (t?.['routing'] === 'anycast' && typeof groups === 'number' && groups > 1) {
        problems.push({
          path: `/topics/${i}/routing`,
          message: `an anycast address has one queue, and ${groups} consumer groups on it would share its messages instead of each getting all of them`,
          hint: 'use routing: multicast (one queue per group) for fan-out, or consumers.groups: 1',
        });
      }
    });
    return problems;
  },
};

/** Every Artemis profile check, in reporting order. */
export const ARTEMIS_CHECKS: readonly ProfileCheck[] = [artemisUrl, artemisTopology];
