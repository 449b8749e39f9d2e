/**
 * Outage windows seen by producers (pure): failures and blocked acknowledgements open a window
 * at the send time (or the last acknowledgement after it), the first acknowledgement after it
 * closes it; windows are attributed to the fault injected before them or struck while open, and
 * combined per fault. Also the
 * start-time refusal of broker faults without the local broker.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OutageTracker, attributeOutages, BLOCKED_MS } from '../../src/faults/outage.js';
import { assertFaultsRunnable, planFaults } from '../../src/faults/plan.js';
import { isLocalBrokerProcess, readLocalState, type LocalBrokerState } from '../../src/local/kafka/index.js';
import type { Profile } from '../../src/profile/schema.js';
import { UsageError } from '../../src/errors.js';

test('normal acknowledgements open no window', () => {
  const t = new OutageTracker();
  for (let i = 0; i < 100; i++) t.acked('p0', 1000 + i * 10, 1000 + i * 10 + 5);
  assert.deepEqual(t.windows(), []);
});

test('failures open a window at the first failed send; the next acknowledgement closes it', () => {
  const t = new OutageTracker();
  t.acked('p0', 900, 905);
  t.failed('p0', 1000, 10);
  t.failed('p0', 1100, 5);
  t.failed('p0', 950, 3); // an earlier send failing later moves the start back
  t.acked('p0', 3000, 3010);
  t.acked('p0', 3020, 3025); // after the window: nothing new
  assert.deepEqual(t.windows(), [{ startWall: 950, endWall: 3010, errors: 18 }]);
  // A failure of a send made before the window closed reopens it until the next success.
  t.failed('p0', 2900, 1);
  assert.deepEqual(t.windows(), [{ startWall: 950, endWall: null, errors: 19 }]);
  t.acked('p0', 5000, 5003);
  assert.deepEqual(t.windows(), [{ startWall: 950, endWall: 5003, errors: 19 }]);
});

test('a blocked send (acknowledged late) is an outage from its send to its acknowledgement', () => {
  const t = new OutageTracker();
  t.acked('p0', 1000, 1000 + BLOCKED_MS + 4000); // broker paused ~5 s
  t.acked('p0', 1200, 1000 + BLOCKED_MS + 4001); // sent inside the window: same outage
  t.acked('p0', 9000, 9004);
  assert.deepEqual(t.windows(), [{ startWall: 1000, endWall: 6000, errors: 0 }]);
});

test('sends long in flight that fail at a fault date the outage from the last acknowledgement, not their send', () => {
  const t = new OutageTracker();
  // A slow broker: each batch acknowledged ~1.5 s after its send, acknowledgements still flowing.
  t.acked('p0', 0, 1500);
  t.acked('p0', 1000, 2500);
  t.acked('p0', 2000, 3500);
  // The connection is killed at 4000: everything sent since 2500 fails.
  t.failed('p0', 2500, 200);
  t.failed('p0', 3900, 10);
  t.acked('p0', 6000, 6010);
  const w = t.windows();
  assert.equal(w.length, 2, JSON.stringify(w));
  assert.deepEqual(w[1], { startWall: 3500, endWall: 6010, errors: 210 }, 'the outage begins at the last acknowledgement (3500), not at the oldest failed send (2500)');
  // The slow acknowledgements before it are a window of their own, over before the fault.
  assert.ok(w[0]!.endWall !== null && w[0]!.endWall < 4000);
  const [f] = attributeOutages([{ atWall: 4000, endWall: 5000 }], w);
  assert.deepEqual(f, { startWall: 3500, endWall: 6010, errors: 210 }, 'the slow window before the fault is not its outage');
});

test('a window open when a fault strikes belongs to it, however early it began', () => {
  const [f] = attributeOutages([{ atWall: 10_000, endWall: 11_000 }], [{ startWall: 5000, endWall: null, errors: 40 }]);
  assert.deepEqual(f, { startWall: 5000, endWall: null, errors: 40 });
  const [g] = attributeOutages([{ atWall: 10_000, endWall: 11_000 }], [{ startWall: 5000, endWall: 6000, errors: 3 }]);
  assert.deepEqual(g, { startWall: null, endWall: null, errors: 0 }, 'one over before it is not');
});

test('windows of several producers combine per fault; attribution goes to the fault before each window', () => {
  const windows = [
    { startWall: 1000, endWall: 3000, errors: 2 },
    { startWall: 2500, endWall: 4000, errors: 1 },
    { startWall: 10_000, endWall: null, errors: 4 },
    { startWall: 10_500, endWall: 11_000, errors: 1 },
  ];
  const seen = attributeOutages(
    [
      { atWall: 1500, endWall: 2000 }, // window starts 500 ms before: sends caught in flight
      { atWall: 6000, endWall: 7000 }, // nothing seen
      { atWall: 9000, endWall: null },
    ],
    windows,
  );
  assert.deepEqual(seen, [
    { startWall: 1000, endWall: 4000, errors: 3 },
    { startWall: null, endWall: null, errors: 0 },
    { startWall: 10_000, endWall: null, errors: 5 },
  ]);
});

function profileWith(faults: Profile['faults'], brokers = ['127.0.0.1:9092']): Profile {
  return {
    name: 't',
    driver: { type: 'kafka', brokers },
    topics: [{ name: 't', partitions: 1, replicationFactor: 1 }],
    message: { size: 10 },
    producers: { count: 1, mode: 'async' },
    load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '5s' }] },
    faults,
  };
}

test('faults are planned in time order with defaults', () => {
  const planned = planFaults(profileWith([{ at: '10s', action: 'broker-kill' }, { at: '2s', action: 'broker-pause', duration: '1500ms' }]));
  assert.deepEqual(
    planned.map((f) => [f.id, f.action, f.atMs, f.durationMs, f.downForMs]),
    [
      ['f1', 'broker-pause', 2000, 1500, 5000],
      ['f0', 'broker-kill', 10_000, 0, 5000],
    ],
  );
});

test('broker faults are refused without a running local broker, or against another broker', () => {
  const restart = profileWith([{ at: '1s', action: 'broker-restart' }]);
  assert.throws(() => assertFaultsRunnable(restart, null), (e: unknown) => e instanceof UsageError && /not running/.test(e.message) && /mqload local up/.test(e.hint));
  // A state whose pid is not a broker is "not running" too.
  const fake = { pid: 2 ** 22 + 12345, port: 9092, bootstrap: '127.0.0.1:9092', configFile: '/nonexistent' } as LocalBrokerState;
  assert.throws(() => assertFaultsRunnable(restart, fake), UsageError);
  // exec and consumer-crash need no local broker.
  assert.doesNotThrow(() => assertFaultsRunnable(profileWith([{ at: '1s', action: 'exec', command: 'true' }]), null));
  assert.throws(
    () => assertFaultsRunnable({ ...profileWith([{ at: '1s', action: 'consumer-crash' }]), consumers: { groups: 0, perGroup: 0 } }, null),
    (e: unknown) => e instanceof UsageError && e.exitCode === 2,
  );
});

test('broker faults against another broker than the local one are refused; the local one is accepted', (t) => {
  const local = readLocalState();
  if (!local || !isLocalBrokerProcess(local)) return t.skip('the local broker is not running');
  const kill = [{ at: '1s', action: 'broker-kill' as const }];
  assert.throws(
    () => assertFaultsRunnable(profileWith(kill, ['10.1.2.3:9092']), local),
    (e: unknown) => e instanceof UsageError && /connects to 10\.1\.2\.3:9092/.test(e.message) && e.hint.includes(local.bootstrap),
  );
  assert.doesNotThrow(() => assertFaultsRunnable(profileWith(kill, [`localhost:${local.port}`]), local));
});
