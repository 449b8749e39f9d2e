/**
 * The analyzer end to end against the real local RabbitMQ (management and Prometheus plugins on),
 * one planted scenario each, run through the real orchestrator with its collectors: slow
 * consumers → consumers named as the limit with a consumer count; prefetch-bound consumers →
 * unacked at prefetch; a healthy low-rate run → healthy, no RabbitMQ warning. Each run is at most
 * ~16 s on a unique exchange deleted with its queues after the run (deleteAfterRun). Management
 * values refresh every 5 s, so windows are long enough for several refreshes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProfile } from '../../src/profile/load.js';
import { runProfile } from '../../src/run/orchestrator.js';
import { buildRunExtensions } from '../../src/run/extensions.js';
import { analyzeRunDir } from '../../src/analyzer/index.js';
import type { Finding, FindingsFile } from '../../src/analyzer/finding-types.js';
import { RABBITMQ_URL, rabbitName } from '../helpers/rabbitmq.js';

interface Scenario {
  rate: number;
  consumers: number;
  delayMs: number;
  prefetch?: number;
  loadSec: number;
}

/** Runs one RabbitMQ scenario (written as a profile file and loaded like a user's) and analyses it. */
async function runScenario(name: string, s: Scenario): Promise<FindingsFile> {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-rabbit-scenario-'));
  const exchange = rabbitName(`mqload-planted-${name}`);
  const yaml = [
    `name: rabbit-planted-${name}`,
    'driver:',
    '  type: rabbitmq',
    `  url: ${RABBITMQ_URL}`,
    ...(s.prefetch !== undefined ? [`  config: { prefetch: ${s.prefetch} }`] : []),
    'topics:',
    `  - { name: ${exchange}, exchangeType: fanout, queueType: classic, durable: false, persistent: false, deleteAfterRun: true }`,
    'message: { size: 256, keys: none }',
    'producers: { count: 2, mode: async, acks: 1, maxInFlight: 500 }',
    `consumers: { groups: 1, perGroup: ${s.consumers}, commit: after-process, processing: { delayMs: ${s.delayMs} } }`,
    'load:',
    '  warmup: 2s',
    '  phases:',
    `    - { executor: constant-arrival-rate, rate: ${s.rate}, duration: ${s.loadSec}s }`,
    'verify: { graceMs: 1000 }',
  ].join('\n');
  const file = join(dir, 'profile.yaml');
  writeFileSync(file, yaml + '\n');
  const profile = await loadProfile(file);
  const runDir = join(dir, 'run');
  const ext = await buildRunExtensions(profile, { collect: true, metricsPort: 0 });
  try {
    await runProfile(profile, { dir: runDir, workers: 2, outputs: ext.outputs, hooks: ext.hooks });
    return await analyzeRunDir(runDir);
  } finally {
    await ext.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const serious = (f: FindingsFile): Finding[] => f.findings.filter((x) => x.severity !== 'info');
const describe = (f: FindingsFile) => `${f.verdict}: ${f.headline}\n${f.findings.map((x) => `  [${x.severity}] ${x.id} (${x.category}): ${x.title}\n      ${x.recommendation}`).join('\n')}`;

test('slow consumers: the queue grows and consumers are named as the limit, with a consumer count', { timeout: 120_000 }, async () => {
  // 800 msg/s against 2 consumers at 5 ms per message (≤ 200 msg/s each): at least 4 consumers.
  const f = await runScenario('slow', { rate: 800, consumers: 2, delayMs: 5, loadSec: 14 });
  console.log(describe(f));
  const limit = f.findings.find((x) => ['rabbitmq-consumers-limit', 'consumer-lag-growing'].includes(x.id) && x.severity !== 'info');
  assert.ok(limit, describe(f));
  const m = /run at least (\d+) consumers/i.exec(limit.recommendation);
  assert.ok(m && Number(m[1]) >= 4, `consumer count ≥ 4: ${limit.recommendation}`);
  assert.ok(f.findings.some((x) => x.id === 'rabbitmq-consumers-limit'), `the RabbitMQ queue finding: ${describe(f)}`);
});

test('prefetch-bound consumers: unacked pinned at consumers × prefetch', { timeout: 120_000 }, async () => {
  const f = await runScenario('prefetch', { rate: 800, consumers: 2, delayMs: 2, prefetch: 1, loadSec: 14 });
  console.log(describe(f));
  const p = f.findings.find((x) => x.id === 'rabbitmq-unacked-at-prefetch');
  assert.ok(p, describe(f));
  assert.match(p.title, /of 2 × 1 while messages wait/);
  assert.match(p.recommendation, /prefetch from 1 to \d+|run at least \d+ consumers/);
});

test('a healthy low-rate RabbitMQ run: no RabbitMQ warning, verdict healthy', { timeout: 120_000 }, async () => {
  const f = await runScenario('healthy', { rate: 100, consumers: 1, delayMs: 0, loadSec: 12 });
  console.log(describe(f));
  assert.deepEqual(serious(f).filter((x) => x.id.startsWith('rabbitmq-')).map((x) => x.id), [], describe(f));
  // The 2-core test host is shared: a saturated generator host is the test machine, not the broker.
  const others = serious(f).filter((x) => x.category !== 'load-generator');
  assert.deepEqual(others.map((x) => x.id), [], describe(f));
  if (serious(f).length === 0) assert.equal(f.verdict, 'healthy', describe(f));
});
