/**
 * RabbitMQ faults against this machine's real broker, run serially:
 * - connection-kill (./fault-tests.ts): the run's connections are closed through the management
 *   API; producers count the failures, reconnect, the outage window has a start and an end;
 * (broker-restart with `allowSharedBroker: true` runs in the driver conformance suite);
 * - broker-restart without the flag: refused before the run, exit 2, in validate and run alike.
 * The broker is running again after each test (`after` waits until 5672 answers and starts the app if needed).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { RABBITMQ_URL, rabbitName, waitForRabbit } from '../helpers/rabbitmq.js';
import { profileOf } from '../verify/run-helpers.js';
import { connectionKillTest } from './fault-tests.js';
import { preflightProfile } from '../../src/run/preflight.js';
import { MqloadError } from '../../src/errors.js';

after(waitForRabbit);

const base = (name: string, extra: Record<string, unknown>) =>
  profileOf({
    name,
    driver: { type: 'rabbitmq', url: RABBITMQ_URL, config: { prefetch: 200 } },
    topics: [{ name: rabbitName(name), durable: true, persistent: true, deleteAfterRun: true }],
    message: { size: 200 },
    producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 200 },
    consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
    verify: { graceMs: 10_000 },
    ...extra,
  });

connectionKillTest({
  kind: 'rabbitmq',
  driver: { type: 'rabbitmq', url: RABBITMQ_URL, config: { prefetch: 200 } },
  topic: (name) => ({ name: rabbitName(name), durable: true, persistent: true, deleteAfterRun: true }),
});

test('broker-restart on the shared broker without allowSharedBroker: refused before the run, exit 2', () => {
  const profile = base('rmq-restart-refused', {
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 100, duration: '5s' }] },
    faults: [{ at: '2s', action: 'broker-restart' }],
  });
  assert.throws(
    () => preflightProfile(profile),
    (err: unknown) => err instanceof MqloadError && err.exitCode === 2 && /allowSharedBroker/.test(err.hint ?? '') && /would stop this machine's rabbitmq broker/.test(err.message),
  );
  const kill = base('rmq-kill-refused', {
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 100, duration: '5s' }] },
    faults: [{ at: '2s', action: 'broker-kill', allowSharedBroker: true }],
  });
  assert.throws(() => preflightProfile(kill), (err: unknown) => err instanceof MqloadError && err.exitCode === 2 && /not available for rabbitmq/.test(err.message));
});
