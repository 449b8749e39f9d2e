/**
 * Helpers for delivery / fault / sink integration tests: run a profile through the real run
 * extensions (verification, sink, faults; collectors and the exporter off) into a temporary
 * run directory, read back its events, and wait for the shared local broker to answer.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateProfile } from '../../src/profile/validate.js';
import type { Profile } from '../../src/profile/schema.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import type { RunEvent } from '../../src/record/format.js';
import type { RunSummary } from '../../src/record/summary.js';
import { localStatus, startLocalBroker } from '../../src/local/index.js';

/** A validated profile (fails the test with every problem otherwise). */
export function profileOf(raw: Record<string, unknown>): Profile {
  const v = validateProfile(raw, 'test');
  assert.deepEqual(v.problems, []);
  return v.profile!;
}

export interface TestRun {
  summary: RunSummary;
  events: RunEvent[];
}

/** Runs `profile` with the run extensions (as `mqload run --no-collect --metrics-port 0`), then removes the record. */
export async function runWithExtensions(profile: Profile, workers = 2): Promise<TestRun> {
  const dir = mkdtempSync(join(tmpdir(), `mqload-it-${profile.name}-`));
  const ext = await buildRunExtensions(profile, { collect: false, metricsPort: 0 });
  try {
    const { summary } = await runProfile(profile, { dir, workers, outputs: ext.outputs, hooks: ext.hooks });
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as RunEvent);
    return { summary, events };
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Waits until the local broker (started by `mqload local up`) answers; when its process is gone
 * (a fault test could not bring it back) starts it again, so later tests find it. Fails after `timeoutMs`.
 */
export async function waitForLocalBroker(timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let started = false;
  while (Date.now() < deadline) {
    const s = await localStatus({ timeoutMs: 3000 });
    if (s.answering) return;
    last = s.error ?? (s.processAlive ? 'not answering' : 'not running');
    if (!s.processAlive && s.state && !started) {
      started = true;
      await startLocalBroker({ warmUp: false }).catch((err: unknown) => (last = `start failed: ${err instanceof Error ? err.message : String(err)}`));
      continue;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  assert.fail(`the local broker did not answer within ${timeoutMs / 1000} s (${last})`);
}

/** Event messages of a kind, for assertion messages. */
export function messagesOf(events: RunEvent[], kind: RunEvent['kind']): string[] {
  return events.filter((e) => e.kind === kind).map((e) => e.message);
}

/**
 * Runs the send-mode profile of a broker whose groups are queues (2 producers at 100 msg/s sync,
 * 500 msg/s otherwise, for 3 s after a 1 s warm-up, 1 group of 2 competing consumers accepting
 * after processing) and checks what every healthy such run must show: sent = acked + failed with
 * nothing failed, no duplicate or reorder; acknowledged sends are all received (one-way: every
 * send arrives), one publish latency per ack and one end-to-end latency per received message.
 * `topic` is the kind's topic entry (a unique name, its own settings, deleteAfterRun).
 */
export async function checkSendModeRun(
  diagnostic: (text: string) => void,
  name: string,
  driver: Record<string, unknown>,
  topic: Record<string, unknown>,
  mode: 'sync' | 'async' | 'oneway',
): Promise<TestRun> {
  const profile = profileOf({
    name,
    driver,
    topics: [topic],
    message: { size: 200, keys: 'round-robin' },
    producers: { count: 2, mode, ...(mode === 'oneway' ? {} : { acks: 1 }), maxInFlight: 500 },
    consumers: { groups: 1, perGroup: 2, commit: 'after-process' },
    load: { warmup: '1s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: mode === 'sync' ? 100 : 500, duration: '3s' }] },
    verify: { graceMs: 8000 },
  });
  const run = await runWithExtensions(profile);
  const { summary } = run;
  const p = summary.produce;
  const d = summary.delivery?.[0];
  diagnostic(`produce ${JSON.stringify(p)}; delivery ${JSON.stringify(d)}; publish ${JSON.stringify(summary.latencyMs.publish)}`);
  assert.equal(summary.status, 'completed');
  assert.ok(p.sent >= (mode === 'sync' ? 250 : 1400), `sent ${p.sent} after warm-up`);
  assert.equal(p.sent, p.acked + p.failed, 'sent = acked + failed');
  assert.equal(p.failed, 0);
  assert.ok(d, 'delivery is verified');
  assert.equal(d.duplicated, 0);
  assert.equal(d.reordered, 0);
  if (mode === 'oneway') {
    assert.equal(d.unique, d.sent, 'on a healthy broker every one-way send arrives');
  } else {
    assert.equal(summary.consume.received, p.acked, 'consumers receive what was acked');
    assert.equal(d.lost, 0);
    assert.equal(d.unique, d.acked);
    assert.equal(summary.latencyMs.publish?.count, p.acked, 'one publish latency per ack');
  }
  const e2e = summary.latencyMs.e2e;
  assert.ok(e2e && e2e.count === summary.consume.received, 'one e2e latency per received message');
  assert.ok(e2e.p50 > 0 && e2e.p50 < 5000, `e2e p50 ${e2e.p50}`);
  return run;
}

/**
 * Runs a fan-out profile (1 async producer at 500 msg/s for 3 s, 3 groups of 1 consumer, auto
 * commit) on `topic` and checks each group received every acknowledged message, none lost.
 */
export async function checkFanOutRun(diagnostic: (text: string) => void, name: string, driver: Record<string, unknown>, topic: Record<string, unknown>): Promise<TestRun> {
  const profile = profileOf({
    name,
    driver,
    topics: [topic],
    message: { size: 200 },
    producers: { count: 1, mode: 'async', acks: 1, maxInFlight: 500 },
    consumers: { groups: 3, perGroup: 1, commit: 'auto' },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 500, duration: '3s' }] },
    verify: { graceMs: 8000 },
  });
  const run = await runWithExtensions(profile);
  const { summary } = run;
  diagnostic(`produce ${JSON.stringify(summary.produce)}; delivery ${JSON.stringify(summary.delivery)}`);
  assert.equal(summary.delivery?.length, 3);
  for (const d of summary.delivery ?? []) {
    assert.equal(d.lost, 0);
    assert.equal(d.duplicated, 0);
    assert.equal(d.unique, summary.produce.acked + (d.sent - summary.produce.sent), `group ${d.group} got every message`);
  }
  assert.equal(summary.consume.received, 3 * summary.produce.acked);
  return run;
}
