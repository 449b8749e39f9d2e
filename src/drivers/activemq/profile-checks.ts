/**
 * Cross-field checks of ActiveMQ Classic profiles (the registry runs them when `driver.type` is
 * activemq). They run on raw (possibly schema-invalid) data, so every read is guarded.
 */
import type { ProfileProblem } from '../../errors.js';
import { arr, at, obj, type ProfileCheck } from '../../profile/check-kit.js';
import { isActivemqUrl } from './url.js';

/** `driver.url` parses, judged here without echoing it (it holds the password). */
export const activemqUrl: ProfileCheck = {
  name: 'activemq-url',
  check: (p) => {
    const url = at(p, 'driver', 'url');
    if (typeof url !== 'string' || isActivemqUrl(url)) return [];
    return [{ path: '/driver/url', message: 'driver.url is not an amqp:// or amqps:// URL with a host', hint: 'e.g. amqp://127.0.0.1:5674 (the local broker) or amqp://user:password@host:5672' }];
  },
};

/** A `queue` destination is one queue: several groups on it would compete instead of each getting every message. */
export const activemqTopology: ProfileCheck = {
  name: 'activemq-topology',
  check: (p) => {
    const problems: ProfileProblem[] = [];
    const groups = at(p, 'consumers', 'groups');
    arr(at(p, 'topics')).forEach((raw, i) => {
      if (obj(raw)?.['routing'] === 'queue' && typeof groups === 'number' && groups > 1) {
        problems.push({
          path: `/topics/${i}/routing`,
          message: `a queue is read by one group, and ${groups} consumer groups on it would share its messages instead of each getting all of them`,
          hint: 'use routing: virtual-topic (one queue per group) for fan-out, or consumers.groups: 1',
        });
      }
    });
    return problems;
  },
};

/** Every ActiveMQ profile check, in reporting order. */
export const ACTIVEMQ_CHECKS: readonly ProfileCheck[] = [activemqUrl, activemqTopology];
