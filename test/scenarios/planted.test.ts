/**
 * The analyzer end to end against the real local Kafka, one planted scenario each (the shipped
 * profiles under profiles/scenarios/): slow consumers → consumer-lag with computed counts (on a
 * quiet machine and with a CPU hog beside the run alike: slow, never taken for stuck); more
 * consumers than partitions → consumer-idle; a healthy low-rate run → no warning or critical
 * finding; a target far above the machine → rate-not-met with the generator or broker blamed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../../src/profile/schema.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { analyzeRunDir } from '../../src/analyzer/index.js';
import type { Finding, FindingsFile } from '../../src/analyzer/finding-types.js';
import { loadScenario } from '../helpers/scenarios.js';

/** Runs a shipped scenario against the test broker (unique topic) and analyses it. */
async function runScenario(file: string): Promise<{ findings: FindingsFile; profile: Profile }> {
  const profile = await loadScenario(file);
  const dir = mkdtempSync(join(tmpdir(), 'mqload-scenario-'));
  const ext = await buildRunExtensions(profile, { collect: true, metricsPort: 0 });
  try {
    await runProfile(profile, { dir, workers: 2, outputs: ext.outputs, hooks: ext.hooks });
    return { findings: await analyzeRunDir(dir), profile };
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serious = (f: FindingsFile): Finding[] => f.findings.filter((x) => x.severity !== 'info');
const describe = (f: FindingsFile) => `${f.verdict}: ${f.headline}\n${f.findings.map((x) => `  [${x.severity}] ${x.id} (${x.category}): ${x.title}`).join('\n')}`;

/** What the slow-consumers scenario must give, on a quiet machine and on a loaded one alike. */
function assertSlowConsumers(findings: FindingsFile): void {
  const lag = findings.findings.find((x) => x.category === 'consumer-lag' && x.severity !== 'info');
  assert.ok(lag, describe(findings));
  // 300 msg/s against ≤ 50 msg/s per consumer: at least 6 consumers, more than the 4 partitions.
  const m = /at least (\d+) and run (\d+) consumers/.exec(lag.recommendation) ?? /run at least (\d+) consumers/.exec(lag.recommendation);
  assert.ok(m, `recommendation names a consumer count: ${lag.recommendation}`);
  assert.ok(Number(m[1]) >= 5, `needed consumers ${m[1]} (measured ~50 msg/s per consumer for 300 msg/s)`);
  assert.match(lag.recommendation, /partitions/);
  assert.ok(lag.evidence.length > 0 && lag.evidence.every((e) => Number.isFinite(e.value)));
  // The backlog left at the end is read back: still queued, not lost.
  assert.ok(!findings.findings.some((x) => x.id === 'delivery-loss'), describe(findings));
  const backlog = findings.findings.find((x) => x.id === 'delivery-backlog');
  assert.ok(backlog && backlog.severity === 'info' && backlog.evidence[0]!.value > 1000, describe(findings));
  // A slow consumer is not a stuck one: the lag comes with the consumers needed, and it is the
  // primary finding unless the generator's host itself was saturated (which outranks it).
  assert.ok(!findings.findings.some((x) => x.id === 'consumer-stalled'), describe(findings));
  const generatorFlagged = findings.findings.some((x) => x.category === 'load-generator' && x.severity !== 'info');
  if (!generatorFlagged) assert.equal(findings.findings.find((x) => x.id === findings.primary)?.category, 'consumer-lag', describe(findings));
}

test('slow consumers: consumer lag grows, and the recommendation computes consumers and partitions', { timeout: 120_000 }, async () => {
  assertSlowConsumers((await runScenario('slow-consumers.yaml')).findings);
});

test('more consumers than partitions: idle consumers are named with the fix', { timeout: 120_000 }, async () => {
  const { findings } = await runScenario('idle-consumers.yaml');
  const idle = findings.findings.find((x) => x.category === 'consumer-idle');
  assert.ok(idle, describe(findings));
  assert.match(idle.title, /2 of 4 consumers/);
  assert.match(idle.recommendation, /from 2 to at least 4/);
});

test('a healthy low-rate run has no warning or critical finding and says so', { timeout: 120_000 }, async () => {
  const { findings } = await runScenario('healthy-low-rate.yaml');
  assert.deepEqual(serious(findings).map((x) => x.id), [], describe(findings));
  assert.equal(findings.verdict, 'healthy', describe(findings));
});

test('a target far above the machine: rate not met, with the generator or the broker blamed', { timeout: 120_000 }, async () => {
  const { findings } = await runScenario('rate-too-high.yaml');
  const relevant = serious(findings).filter((x) => x.category === 'rate-not-met' || x.category === 'load-generator' || x.category.startsWith('broker-'));
  assert.ok(relevant.length > 0, describe(findings));
  assert.ok(findings.primary !== null, describe(findings));
  const primary = findings.findings.find((x) => x.id === findings.primary)!;
  assert.ok(['load-generator', 'rate-not-met'].includes(primary.category) || primary.category.startsWith('broker-'), describe(findings));
  if (primary.category === 'load-generator') {
    assert.equal(findings.verdict, 'generator-limited');
    assert.match(findings.headline, /understate/i);
  }
});

// Last in the file: the hog and the backlog it leaves must not disturb the other scenarios.
test('slow consumers with a CPU hog beside the run: still slow, never taken for stuck', { timeout: 120_000 }, async () => {
  // One core kept busy by another process for the whole run, as on a shared machine.
  const hog = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  try {
    assertSlowConsumers((await runScenario('slow-consumers.yaml')).findings);
  } finally {
    hog.kill('SIGKILL');
  }
});
