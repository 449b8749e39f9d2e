/**
 * RabbitMQ faults against this machine's real broker, run serially:
 * - connection-kill: the run's connections are closed through the management API; producers
 *   count the failures (acked + failed = sent), reconnect, and the outage window has a start and
 *   an end; verification says what happened (failed sends never arrive, nothing acked is lost);
 * (broker-restart with `allowSharedBroker: true` runs in the driver conformance suite);
 * - broker-restart without the flag: refused before the run, exit 2, in validate and run alike.
 * The broker is running again after each test (`after` waits until 5672 answers and starts the app if needed).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { RABBITMQ_URL, rabbitName, waitForRabbit } from '../helpers/rabbitmq.js';
import { messagesOf, profileOf, runWithExtensions } from '../verify/run-helpers.js';
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

test('connection-kill: outage window with start and end, producers recover, counts add up', { timeout: 60_000 }, async (t) => {
  const profile = base('rmq-connkill', {
    load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 400, duration: '9s' }] },
    faults: [{ at: '3s', action: 'connection-kill' }],
  });
  const { summary, events } = await runWithExtensions(profile);
  const f = summary.faults?.[0];
  const p = summary.produce;
  const d = summary.delivery?.[0];
  t.diagnostic(`fault ${JSON.stringify(f)}; produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}`);
  t.diagnostic(messagesOf(events, 'fault').concat(messagesOf(events, 'fault-end')).join(' | '));
  assert.ok(f && f.action === 'connection-kill');
  assert.equal(f.error, undefined, `fault failed: ${f.error}`);
  assert.ok(messagesOf(events, 'fault').some((m) => /closed [1-9]\d* connection/.test(m)), 'the kill is in the events');
  assert.ok(f.endSec !== null && f.endSec >= f.at, 'the connections were open again');
  assert.ok(f.outageStartSec !== null && f.outageStartSec >= f.at - 2, `producers saw the outage (start ${f.outageStartSec})`);
  assert.ok(f.outageEndSec !== null && f.outageEndSec > f.outageStartSec!, 'and recovered before the load ended');
  assert.ok(f.recoverySec !== null && f.recoverySec < 10, `recovery ${f.recoverySec} s`);
  assert.ok(p.failed > 0, 'the killed connections failed sends, counted');
  assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
  assert.ok(p.acked > 2500, `acked ${p.acked}: sending resumed`);
  assert.ok(d);
  assert.equal(d.lost, 0, 'no acknowledged message lost');
  assert.ok(d.unique >= d.acked && d.unique <= d.sent, 'the failed ones may or may not have arrived; every acked one did');
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
