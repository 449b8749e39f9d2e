/**
 * Saturation sweep: the step judgement and knee logic on hand-made summaries, and the `sweep`
 * command end to end against the real local Kafka (a generous objective passes every step; an
 * impossible one stops at the first step and names no sustainable rate).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { judgeStep, rateForStep, summariseSweep, type SweepOptions, type SweepResult } from '../../src/run/sweep.js';
import { sloFor } from '../../src/cli/sweep.js';
import { renderSweepMarkdown } from '../../src/reports/sweep.js';
import type { LatencyStats } from '../../src/record/format.js';
import type { RunSummary } from '../../src/record/summary.js';
import type { FindingsFile } from '../../src/analyzer/finding-types.js';
import { validateProfile } from '../../src/profile/validate.js';
import { testBrokers, uniqueName } from '../helpers/broker.js';

const opts: SweepOptions = { startRate: 1000, stepFactor: 2, maxSteps: 5, stepSec: 10, warmupSec: 2, slo: { metric: 'publish', p99Ms: 50 }, minAchievedShare: 0.95 };

const lat = (p50: number, p99: number): LatencyStats => ({ count: 100, mean: p50, min: 0.1, p50, p90: p99, p99, p999: p99, max: p99 });

function summary(achieved: number, p99: number, failed = 0): RunSummary {
  return {
    schemaVersion: '1.0', status: 'completed', runId: 'r', profile: 'p', startedAt: '', endedAt: '', durationSec: 10, warmupSec: 2, mode: 'async', workers: 2,
    produce: { sent: 1, acked: 1, failed, dropped: 0, bytes: 0, ratePerSec: achieved, targetRatePerSec: null },
    consume: { received: 1, bytes: 0, ratePerSec: achieved },
    latencyMs: { publish: lat(p99 / 4, p99), publishDelay: null, e2e: lat(p99 / 2, p99 * 2) },
    thresholds: [], errors: {},
  };
}

function findings(category: 'load-generator' | 'broker-cpu'): FindingsFile {
  return {
    schemaVersion: '1.0', runId: 'r', primary: 'f1', verdict: 'bottleneck', headline: '', window: { from: 0, to: 10 }, insufficient: [], ok: [],
    findings: [{ id: 'f1', category, severity: 'critical', title: `${category} saturated`, evidence: [], recommendation: '', confidence: 'high' }],
  };
}

test('rates grow geometrically from the start rate', () => {
  assert.deepEqual([0, 1, 2, 3].map((i) => rateForStep(opts, i)), [1000, 2000, 4000, 8000]);
});

test('a step fails on latency, on a missed target, and on errors — each reason named', () => {
  assert.equal(judgeStep(0, 1000, summary(1000, 20), null, 'd', opts).passed, true);
  const slow = judgeStep(1, 2000, summary(2000, 80), null, 'd', opts);
  assert.equal(slow.passed, false);
  assert.match(slow.reasons.join(), /publish p99 80\.0 ms > objective 50 ms/);
  assert.match(judgeStep(1, 2000, summary(1800, 20), null, 'd', opts).reasons.join(), /95 % of target/);
  assert.match(judgeStep(1, 2000, summary(2000, 20, 3), null, 'd', opts).reasons.join(), /3 failed sends/);
  assert.equal(judgeStep(1, 2000, summary(1950, 20), null, 'd', opts).passed, true, '97.5 % of target is enough');
});

test('a step with a critical finding, or where the generator dropped sends or fell behind, is not sustained', () => {
  const crit = judgeStep(1, 2000, summary(2000, 20), findings('broker-cpu'), 'd', opts);
  assert.equal(crit.passed, false);
  assert.match(crit.reasons.join(), /critical finding f1: broker-cpu saturated/);
  const dropped: FindingsFile = { ...findings('load-generator'), findings: [{ ...findings('load-generator').findings[0]!, id: 'generator-dropped-sends', severity: 'warning', title: '9,330 sends dropped' }] };
  const step = judgeStep(1, 2000, summary(2000, 20), dropped, 'd', opts);
  assert.equal(step.passed, false, 'a warning that sends were dropped fails the step too');
  assert.match(step.reasons.join(), /generator-dropped-sends: 9,330 sends dropped/);
  const warn: FindingsFile = { ...findings('broker-cpu'), findings: [{ ...findings('broker-cpu').findings[0]!, severity: 'warning' }] };
  assert.equal(judgeStep(1, 2000, summary(2000, 20), warn, 'd', opts).passed, true, 'a broker warning alone does not');
});

test('the maximum sustainable rate is the last passing step; the knee names the first failing step\'s primary finding', () => {
  const steps = [
    judgeStep(0, 1000, summary(1000, 10), null, 'a', opts),
    judgeStep(1, 2000, summary(1990, 30), null, 'b', opts),
    judgeStep(2, 4000, summary(3000, 400), findings('broker-cpu'), 'c', opts),
  ];
  const r: SweepResult = summariseSweep('p', opts, steps, 'x');
  assert.equal(r.maxSustainableRate, 1990);
  assert.equal(r.knee?.targetRate, 4000);
  assert.equal(r.knee?.bottleneck, 'broker-cpu saturated');
  assert.equal(r.knee?.generatorLimited, false);
  const gen = summariseSweep('p', opts, [judgeStep(0, 1000, summary(500, 400), findings('load-generator'), 'a', opts)], 'x');
  assert.equal(gen.maxSustainableRate, null);
  assert.equal(gen.knee?.generatorLimited, true);
  const genKnee = summariseSweep('p', opts, [steps[0]!, judgeStep(1, 2000, summary(2000, 20), findings('load-generator'), 'b', opts)], 'x');
  assert.equal(genKnee.maxSustainableRate, 1000, 'the generator-limited step does not count as sustained');
  assert.match(renderSweepMarkdown(genKnee), /Maximum sustainable rate: .*the load generator's maximum, not the system's/);
  assert.doesNotMatch(renderSweepMarkdown(r), /generator's maximum/);
});

test('the objective comes from the flag, else the profile\'s p(99) threshold, else 100 ms', () => {
  const v = validateProfile(
    {
      name: 's', driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] }, topics: [{ name: 't', partitions: 1 }], message: { size: 10 },
      producers: { count: 1, mode: 'async' }, load: { phases: [{ executor: 'constant-arrival-rate', rate: 10, duration: '1s' }] },
      thresholds: { publish_latency: ['avg<5', 'p(99)<42'] },
    },
    't',
  );
  assert.deepEqual(v.problems, []);
  assert.equal(sloFor(v.profile!, 'publish'), 42);
  assert.equal(sloFor(v.profile!, 'e2e'), 100);
  assert.equal(sloFor(v.profile!, 'publish', 7), 7);
});

const BIN = fileURLToPath(new URL('../../../bin/mqload.js', import.meta.url));

function sweep(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'sweep', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const kill = setTimeout(() => child.kill('SIGKILL'), 150_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stderr });
    });
  });
}

test('mqload sweep against the local broker: passing steps, then a knee', { timeout: 200_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-sweep-'));
  try {
    const profile = join(dir, 'p.yaml');
    writeFileSync(
      profile,
      [
        'name: it-sweep',
        `driver: { type: kafka, brokers: [${testBrokers().map((b) => `"${b}"`).join(', ')}] }`,
        `topics: [{ name: ${uniqueName('it-sweep')}, partitions: 2, deleteAfterRun: true }]`,
        'message: { size: 100 }',
        'producers: { count: 1, mode: async, acks: 1 }',
        'consumers: { groups: 1, perGroup: 1 }',
        'load: { phases: [{ executor: constant-arrival-rate, rate: 100, duration: 5s }] }',
      ].join('\n') + '\n',
    );
    const common = ['--step-duration', '3s', '--step-warmup', '1s', '--metrics-port', '0', '--workers', '1', '--start-rate', '100', '--step-factor', '2'];
    const ok = await sweep([profile, '--out', join(dir, 'ok'), '--max-steps', '2', '--slo-p99', '60000', ...common]);
    assert.equal(ok.code, 0, ok.stderr);
    const r1 = JSON.parse(readFileSync(join(dir, 'ok', 'sweep.json'), 'utf8')) as SweepResult;
    assert.deepEqual(r1.steps.map((s) => s.targetRate), [100, 200]);
    assert.ok(r1.steps.every((s) => s.passed), JSON.stringify(r1.steps.map((s) => s.reasons)));
    assert.ok(r1.maxSustainableRate !== null && r1.maxSustainableRate > 150, `max sustainable ${r1.maxSustainableRate}`);
    assert.equal(r1.knee, null);
    assert.match(readFileSync(join(dir, 'ok', 'sweep.html'), 'utf8'), /Throughput–latency/);

    const knee = await sweep([profile, '--out', join(dir, 'knee'), '--max-steps', '3', '--slo-p99', '0.001', ...common]);
    assert.equal(knee.code, 0, knee.stderr);
    const r2 = JSON.parse(readFileSync(join(dir, 'knee', 'sweep.json'), 'utf8')) as SweepResult;
    assert.equal(r2.steps.length, 1, 'stops at the first failing step');
    assert.equal(r2.maxSustainableRate, null);
    assert.equal(r2.knee?.targetRate, 100);
    assert.match(readFileSync(join(dir, 'knee', 'sweep.md'), 'utf8'), /No step met the objective/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
