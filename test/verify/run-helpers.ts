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
import { localStatus, startLocalBroker } from '../../src/local/kafka/index.js';

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
