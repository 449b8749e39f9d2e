/**
 * Fault tests every broker kind with faults of its own shares, registered by each broker's test
 * file against its real broker, run serially:
 * - connection-kill: the run's connections are closed at the broker (RabbitMQ's management API,
 *   Jolokia for Artemis and ActiveMQ Classic: only those whose client id is the run's); producers
 *   count the failures (acked + failed = sent), reconnect, the outage window has a start and an
 *   end, verification says what happened (failed sends may or may not arrive, nothing acked is
 *   lost), and no connection of the run is left afterwards;
 * - broker-pause (local brokers): SIGSTOP for 3 s through the launcher; sends wait, then resume,
 *   nothing is lost.
 * (broker-restart runs in the driver conformance suite.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { messagesOf, profileOf, runWithExtensions } from '../verify/run-helpers.js';
import { KIND_FAULTS } from '../../src/faults/kinds.js';
import type { BrokerKind } from '../../src/drivers/types.js';

/** One broker under test: its kind, driver section and a run topic of a name. */
export interface FaultTarget {
  kind: Extract<BrokerKind, 'rabbitmq' | 'artemis' | 'activemq'>;
  driver: Record<string, unknown>;
  topic(name: string): Record<string, unknown>;
}

function baseProfile(target: FaultTarget) {
  return (name: string, extra: Record<string, unknown>) =>
    profileOf({
      name,
      driver: target.driver,
      topics: [target.topic(name)],
      message: { size: 200 },
      producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 1, commit: 'after-process' },
      verify: { graceMs: 10_000 },
      ...extra,
    });
}

/** Registers the connection-kill test of `target`. */
export function connectionKillTest(target: FaultTarget): void {
  const faults = KIND_FAULTS[target.kind];
  const base = baseProfile(target);
  test(`${target.kind} connection-kill: the run's connections closed at the broker, producers recover, counts add up`, { timeout: 90_000 }, async (t) => {
    assert.ok(faults, `${target.kind} has its own faults`);
    const profile = base(`${target.kind}-connkill`, {
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
    assert.ok(messagesOf(events, 'fault').some((m) => /closed [3-9] connection/.test(m)), 'two producers and a consumer (at least) were closed');
    assert.ok(f.endSec !== null && f.endSec >= f.at, 'the connections were open again');
    assert.ok(f.outageStartSec !== null && f.outageStartSec >= f.at - 2, `producers saw the outage (start ${f.outageStartSec})`);
    assert.ok(f.outageEndSec !== null && f.outageEndSec > f.outageStartSec, 'and recovered before the load ended');
    assert.ok(f.recoverySec !== null && f.recoverySec < 10, `recovery ${f.recoverySec} s`);
    assert.ok(p.failed > 0, 'the killed connections failed sends, counted');
    assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
    assert.ok(p.acked > 2500, `acked ${p.acked}: sending resumed`);
    assert.ok(d);
    assert.equal(d.lost, 0, 'no acknowledged message lost');
    assert.ok(d.unique >= d.acked && d.unique <= d.sent, 'the failed ones may or may not have arrived; every acked one did');
    assert.deepEqual((await faults.runConnections(profile, summary.runId)).names, [], 'none of the run\'s connections is left after the run');
    await assert.rejects(faults.killConnections(profile, summary.runId), /no connection of run .* (is open|found)/);
  });
}

/** Registers the broker-pause test of `target` (a local broker, paused through its launcher). */
export function brokerPauseTest(target: FaultTarget): void {
  const base = baseProfile(target);
  test(`${target.kind} broker-pause: sends wait for about the pause, then resume; nothing is lost`, { timeout: 90_000 }, async (t) => {
    const profile = base(`${target.kind}-pause`, {
      load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '9s' }] },
      faults: [{ at: '2s', action: 'broker-pause', duration: '3s' }],
    });
    const { summary } = await runWithExtensions(profile);
    const f = summary.faults?.[0];
    t.diagnostic(`fault ${JSON.stringify(f)}; delivery ${JSON.stringify(summary.delivery?.[0])}`);
    assert.ok(f && f.action === 'broker-pause' && f.error === undefined, `pause failed: ${f?.error}`);
    assert.ok(f.endSec !== null && f.endSec - f.at >= 2.9, `resumed after ${f.endSec! - f.at} s`);
    assert.ok(f.outageStartSec !== null && f.outageSec! >= 2, `blocked for ${f.outageSec} s (pause 3 s)`);
    const d = summary.delivery?.[0];
    assert.ok(d);
    assert.equal(d.lost, 0);
    assert.equal(summary.produce.sent, summary.produce.acked + summary.produce.failed);
  });
}
