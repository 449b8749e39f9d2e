/**
 * A consumer crash against the real local Kafka with `after-process` commits and an `upsert`
 * sink into PostgreSQL: the crashed consumer's messages are redelivered (duplicates, no loss),
 * and the table ends with exactly one row per acknowledged message. (What each commit mode does
 * under a crash, for every driver, is the conformance suite's: test/drivers/conformance.test.ts.) Consumers are kept busy
 * (processing delay above the arrival rate, small fetches) so crashes land mid-batch; each run
 * crashes both consumers in turn, so one crash landing between two chunks cannot hide the effect.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { testBrokers, uniqueName } from '../helpers/broker.js';
import { messagesOf, profileOf, runWithExtensions, waitForLocalBroker } from '../verify/run-helpers.js';

const PG_URL = process.env['MQLOAD_TEST_POSTGRES'] ?? 'postgres://postgres@127.0.0.1:5432/test';

function crashProfile(commit: 'before-process' | 'after-process', extra: Record<string, unknown> = {}) {
  return profileOf({
    name: `it-crash-${commit}`,
    driver: { type: 'kafka', brokers: testBrokers(), config: { 'max.partition.fetch.bytes': 16384 } },
    topics: [{ name: uniqueName('it-crash'), partitions: 2, replicationFactor: 1, deleteAfterRun: true }],
    message: { size: 200, keys: 'round-robin' },
    producers: { count: 1, mode: 'async', acks: 'all', maxInFlight: 200, batch: { maxRecords: 20, lingerMs: 5 } },
    consumers: { groups: 1, perGroup: 2, commit, processing: { delayMs: 8 }, ...extra },
    load: { warmup: '0s', cooldown: '1s', phases: [{ executor: 'constant-arrival-rate', rate: 300, duration: '7s' }] },
    verify: { graceMs: 12_000 },
    thresholds: { lost_messages: ['count==0'] },
    // A crash loses (before-process) or redelivers (after-process) only what its consumer took
    // since its last commit; one landing in the few milliseconds between two chunks changes
    // nothing. A second crash, of the other consumer (crashes go round-robin), makes "no effect
    // at all" a real failure rather than bad timing; a third (each loses only the few messages
    // its consumer had taken since its last commit) makes it rarer still.
    faults: [
      { at: '2500ms', action: 'consumer-crash', downFor: '1500ms' },
      { at: '4500ms', action: 'consumer-crash', downFor: '1500ms' },
      { at: '6000ms', action: 'consumer-crash', downFor: '500ms' },
    ],
  });
}

test('after-process commits + upsert sink: the crash duplicates instead, and the table has one row per acked message', { timeout: 90_000 }, async (t) => {
  await waitForLocalBroker();
  const table = `mqload_it_crash_${Date.now().toString(36)}`;
  const profile = crashProfile('after-process', { sink: { type: 'postgres', url: PG_URL, table, mode: 'upsert', dropAfterRun: false } });
  profile.faults!.push({ at: '1s', action: 'exec', command: 'echo mqload-exec-marker; echo to-stderr >&2' });
  const db = new pg.Client({ connectionString: PG_URL });
  await db.connect();
  try {
    const { summary, events } = await runWithExtensions(profile);
    const d = summary.delivery?.[0];
    t.diagnostic(`delivery ${JSON.stringify(d)}; faults ${JSON.stringify(summary.faults)}; sink ${JSON.stringify(summary.sink ?? null)}`);
    t.diagnostic(`crashes: ${messagesOf(events, 'consumer-crash').join(' | ')}`);
    assert.ok(d);
    assert.equal(d.lost, 0, 'nothing is lost: uncommitted messages are redelivered');
    assert.ok(d.duplicated > 0, `duplicated ${d.duplicated}`);
    assert.equal(d.redelivered, d.duplicated, 'consumer-side replays only');
    assert.equal(d.verdict, 'redelivered');
    assert.equal(d.unique, d.acked);
    const res = await db.query<{ n: string; ids: string; dup: string }>(
      `SELECT count(*) AS n, count(DISTINCT msg_id) AS ids, count(*) FILTER (WHERE deliveries > 1) AS dup FROM "${table}" WHERE run_id = $1`,
      [summary.runId],
    );
    const rows = Number(res.rows[0]!.n);
    assert.equal(rows, d.acked, 'exactly one row per acknowledged message');
    assert.equal(Number(res.rows[0]!.ids), rows);
    assert.ok(Number(res.rows[0]!.dup) > 0, 'redelivered messages updated their row instead of adding one');
    const sink = summary.sink;
    assert.ok(sink);
    assert.equal(sink.rows, rows);
    assert.equal(sink.inserted, rows);
    assert.equal(sink.errors, 0);
    assert.ok(sink.duplicates > 0, 'the sink absorbed redeliveries');
    assert.ok(summary.latencyMs.stored && summary.latencyMs.stored.count > 0, 'stored latency is recorded');
    // Faults: the crash and the exec command are on the timeline and in the summary.
    const f = summary.faults ?? [];
    assert.deepEqual(f.map((x) => x.action).sort(), ['consumer-crash', 'consumer-crash', 'consumer-crash', 'exec']);
    for (const x of f) assert.ok(x.endSec !== null && x.endSec >= x.at, `${x.action} ended after it started`);
    assert.ok(messagesOf(events, 'note').some((m) => /stdout: mqload-exec-marker/.test(m)), 'exec stdout is logged');
    assert.ok(messagesOf(events, 'note').some((m) => /stderr: to-stderr/.test(m)), 'exec stderr is logged');
    assert.ok(messagesOf(events, 'fault-end').some((m) => /exited with code 0/.test(m)));
  } finally {
    await db.query(`DROP TABLE IF EXISTS "${table}"`);
    await db.end();
  }
});
