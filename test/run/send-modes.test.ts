/**
 * Each send mode end to end against the real local Kafka: counts add up, consumers receive
 * what was acknowledged, end-to-end latency is recorded, the record is on disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProfile } from '../../src/profile/validate.js';
import { runProfile } from '../../src/run/orchestrator.js';
import type { TimelineEntry } from '../../src/record/types.js';
import { testBrokers, uniqueName } from '../helpers/broker.js';

function profileFor(mode: 'sync' | 'async' | 'oneway') {
  const v = validateProfile(
    {
      name: `it-${mode}`,
      driver: { type: 'kafka', brokers: testBrokers() },
      topics: [{ name: uniqueName(`it-${mode}`), partitions: 3, replicationFactor: 1, deleteAfterRun: true }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 2, mode, ...(mode === 'oneway' ? {} : { acks: 'all' }), maxInFlight: 500, batch: { maxRecords: 50, lingerMs: 2 } },
      consumers: { groups: 1, perGroup: 2 },
      load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 200, duration: '3s' }] },
      verify: { graceMs: 5000 },
    },
    'test',
  );
  assert.deepEqual(v.problems, []);
  return v.profile!;
}

for (const mode of ['sync', 'async', 'oneway'] as const) {
  test(`${mode}: counts add up and consumers receive what was acknowledged`, { timeout: 90_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), `mqload-it-${mode}-`));
    try {
      const { summary } = await runProfile(profileFor(mode), { dir, workers: 2, outputs: [] });
      const p = summary.produce;
      assert.equal(summary.status, 'completed');
      assert.ok(p.sent > 300, `sent ${p.sent}`);
      if (mode === 'oneway') {
        assert.equal(p.sent, p.acked + p.failed, 'one-way: every send handed to the socket or failed');
        assert.ok(summary.consume.received <= p.sent);
        assert.ok(summary.consume.received >= p.sent * 0.9, `received ${summary.consume.received} of ${p.sent}`);
      } else {
        assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
        assert.equal(p.failed, 0);
        assert.equal(summary.consume.received, p.acked, 'consumers receive what was acked');
      }
      const e2e = summary.latencyMs.e2e;
      assert.ok(e2e && e2e.count === summary.consume.received, 'one e2e latency per received message');
      assert.ok(e2e.p50 > 0 && e2e.p50 < 5000, `e2e p50 ${e2e.p50}`);
      assert.ok(summary.latencyMs.publish && summary.latencyMs.publish.count === p.acked);
      const lines = readFileSync(join(dir, 'timeline.jsonl'), 'utf8').trim().split('\n');
      const timeline = lines.map((l) => JSON.parse(l) as TimelineEntry);
      assert.ok(timeline.length >= 4, `timeline has ${timeline.length} entries`);
      assert.equal(timeline[0]!.phase, 'warmup', 'warm-up is marked in the timeline');
      assert.ok(timeline.some((e) => e.phase === 'load'));
      // Acks that complete while producers stop are only in a later snapshot: one drain interval at least.
      assert.ok(timeline.some((e) => e.phase === 'drain'), 'a drain interval is recorded after producers stop');
      const summaryOnDisk = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8'));
      assert.equal(summaryOnDisk.schemaVersion, summary.schemaVersion);
      assert.deepEqual(Object.keys(summaryOnDisk.latencyMs.publish).sort(), ['count', 'max', 'mean', 'min', 'p50', 'p90', 'p99', 'p999']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
