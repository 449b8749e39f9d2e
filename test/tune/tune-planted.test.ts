/**
 * `mqload tune` end to end against the real local Kafka, one planted scenario each (the shipped
 * profiles under profiles/scenarios/, on a unique topic):
 * - slow consumers: the loop raises consumers and partitions by the computed counts, the lag
 *   clears, and the change is kept;
 * - tiny batches: the loop raises linger and batch size and throughput rises beyond noise;
 * - a hot key: the usual advice (more consumers) does not help, and the change is reverted with
 *   the report saying so;
 * - a small heap on the local broker: the broker is restarted with a larger one, GC time falls,
 *   and it is given back its heap at the end (this test restarts the local Kafka).
 * Each reads `tune.json` and `tune.md` as a user would.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import type { TuneResult } from '../../src/tune/types.js';
import { spawn } from 'node:child_process';
import { repoRootForTests, runCli } from '../helpers/cli.js';
import { localLauncher } from '../../src/local/index.js';
import { loadScenario, SCENARIOS_DIR } from '../helpers/scenarios.js';
import { testBrokers } from '../helpers/broker.js';

/** Runs `mqload tune` on a shipped scenario moved to a unique topic; returns tune.json, tune.md and what it printed. */
async function tune(file: string, args: string[], timeoutMs: number): Promise<{ result: TuneResult; md: string; code: number; stderr: string }> {
  const profile = await loadScenario(file);
  const dir = mkdtempSync(join(tmpdir(), 'mqload-tune-'));
  try {
    const path = join(dir, 'profile.yaml');
    writeFileSync(path, stringify(profile));
    const out = join(dir, 'tune');
    const r = await runCli(['tune', path, '--out', out, '--workers', '2', '--metrics-port', '0', ...args], { timeoutMs });
    assert.ok(r.code === 0 || r.code === 99, `exit ${r.code}\n${r.stderr}`);
    return { result: JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as TuneResult, md: readFileSync(join(out, 'tune.md'), 'utf8'), code: r.code, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The step table of tune.md (its first table), for the test's diagnostics: what a closing note quotes. */
const stepTable = (md: string): string => {
  const all = md.split('\n');
  const from = all.findIndex((l) => l.startsWith('|'));
  const to = all.findIndex((l, i) => i > from && !l.startsWith('|'));
  return from < 0 ? '(no table)' : all.slice(from, to < 0 ? undefined : to).join('\n');
};

const table = (r: TuneResult) => r.steps.map((s) => `${s.index} ${s.decision} ${s.target?.id ?? '-'} ${s.figures.throughput.toFixed(0)} msg/s e2e ${s.figures.e2eP99?.toFixed(0)} ms lag ${s.figures.lagAtLoadEnd} [${s.findings.join(',')}] ${s.reasons.join('; ')}`).join('\n');

test('tune, slow consumers: consumers and partitions raised to the computed counts, the lag clears, the change is kept', { timeout: 420_000 }, async (t) => {
  const { result: r, md, stderr, code } = await tune('slow-consumers.yaml', ['--max-steps', '3', '--objective', 'p(99)<2000'], 400_000);
  t.diagnostic(stepTable(md));
  // Every step raises consumers (and partitions past them) from the measured per-consumer rate; on a
  // busy machine a group of many members may need a second step, so the loop is judged at its end.
  const tuned = r.steps.filter((s) => s.index > 0);
  assert.ok(tuned.length >= 1 && tuned.every((s) => s.target?.id === 'consumer-lag-growing' && s.decision === 'kept'), `${table(r)}\n${stderr}`);
  const first = tuned[0]!;
  const consumers = first.actions.find((a) => a.target === 'profile' && a.path === 'consumers.perGroup');
  const partitions = first.actions.find((a) => a.target === 'topic');
  // 300 msg/s against ≤ 50 msg/s per consumer: at least 6, more than the 4 partitions.
  assert.ok(consumers && Number(consumers.to) >= 5, JSON.stringify(first.actions));
  assert.ok(partitions && partitions.to >= Number(consumers.to), JSON.stringify(first.actions));
  const best = r.steps[r.bestStep]!;
  assert.equal(best, tuned[tuned.length - 1], table(r));
  assert.ok(!best.findings.includes('consumer-lag-growing'), table(r));
  assert.ok(best.figures.e2eP99! < r.steps[0]!.figures.e2eP99! / 5, table(r));
  assert.ok(Number(r.finalProfile.consumers?.perGroup) >= Number(consumers.to));
  assert.match(md, /\| kept · objective met \| consumer-lag-growing cleared/);
  assert.match(md, /-  perGroup: 2\n\+  perGroup: \d+/);
  // The objective (e2e p99 under 2 s) fails on the backlog and holds once the lag clears.
  assert.equal(r.steps[0]!.objectiveMet, false, table(r));
  assert.equal(r.objectiveMet, true, table(r));
  assert.match(r.stoppedBecause, /objective is met/);
  assert.equal(code, 0);
});

test('tune, tiny batches: linger and batch size raised, throughput rises beyond noise, the change is kept', { timeout: 240_000 }, async (t) => {
  const { result: r, md, stderr, code } = await tune('tiny-batches.yaml', ['--max-steps', '1', '--objective', 'throughput>=15000'], 220_000);
  t.diagnostic(stepTable(md));
  const step = r.steps.find((s) => s.target?.id === 'tiny-batches');
  assert.ok(step, `${table(r)}\n${stderr}`);
  assert.equal(step.decision, 'kept', table(r));
  assert.ok(step.actions.some((a) => a.target === 'profile' && a.path === 'producers.batch.maxRecords' && a.to === 100), JSON.stringify(step.actions));
  const tp = step.comparison.find((c) => c.id === 'throughput')!;
  assert.equal(tp.verdict, 'better', JSON.stringify(tp));
  assert.ok(tp.change! > 0.5, `throughput +${(tp.change! * 100).toFixed(0)} %`);
  assert.equal(r.finalProfile.producers.batch?.maxRecords, 100);
  assert.match(md, /Throughput \(acked\) [^;]* → [^;]* \(\+\d/);
  assert.deepEqual([r.steps[0]!.objectiveMet, step.objectiveMet, r.objectiveMet, code], [false, true, true, 0], table(r));
});

test('tune, hot key: more consumers do not help one hot partition, so the change is reverted and the report says so', { timeout: 300_000 }, async (t) => {
  const { result: r, md, stderr, code } = await tune('hot-key.yaml', ['--max-steps', '1', '--objective', 'p(99)<1000'], 280_000);
  t.diagnostic(stepTable(md));
  const step = r.steps.find((s) => s.target?.id === 'consumer-lag-growing');
  assert.ok(step, `${table(r)}\n${stderr}`);
  assert.equal(step.decision, 'reverted', table(r));
  assert.ok(step.findings.includes('consumer-lag-growing'), 'the lag still grows');
  assert.equal(r.bestStep, 0);
  assert.equal(r.finalProfile.consumers?.perGroup, 2, 'the final profile is the original');
  assert.match(md, /No change was kept/);
  assert.match(md, /\| reverted · objective not met \| consumer-lag-growing is still found/);
  assert.match(md, /## The tuned profile against the original\n\nUnchanged\./);
  // The backlog keeps e2e p99 in seconds: the objective is not met, and the exit code says so.
  assert.equal(r.objectiveMet, false);
  assert.match(md, /The objective \(e2e_latency:p\(99\)<1000\) is not met/);
  assert.equal(code, 99);
});

test('tune, small heap on the local broker: the broker is restarted with a heap for its live set, GC time falls, and it gets its heap back at the end', { timeout: 420_000 }, async (t) => {
  const launcher = localLauncher('kafka')!;
  const recorded = launcher.recorded();
  if (!recorded || !launcher.isAlive(recorded) || launcher.foreignAddresses({ type: 'kafka', brokers: testBrokers() }, recorded).length > 0) {
    t.skip('needs the local Kafka mqload runs (a heap change restarts it)');
    return;
  }
  const before = launcher.tunable!.current()!.heap!;
  await launcher.tunable!.restartWith({ heap: '256m' });
  try {
    const { result: r, md, stderr } = await tune('small-heap.yaml', ['--max-steps', '2'], 400_000);
    t.diagnostic(stepTable(md));
    const step = r.steps.find((s) => s.target?.id === 'jvm-heap-pressure');
    assert.ok(step, `${table(r)}\n${stderr}`);
    assert.equal(step.decision, 'kept', table(r));
    assert.deepEqual(step.actions.map((a) => (a.target === 'local-broker' ? [a.property, a.from, a.to] : null)), [['heap', '256m', step.broker.heap]]);
    assert.ok(!step.findings.includes('jvm-heap-pressure'), table(r));
    const gc = (s: typeof step) => s.figures.gcTimeShare!;
    assert.ok(gc(step) < gc(r.steps[0]!), `GC time ${gc(r.steps[0]!)} → ${gc(step)}`);
    assert.equal(r.brokerSettings.original.heap, '256m');
    assert.equal(r.brokerSettings.kept.heap, step.broker.heap);
    assert.equal(launcher.tunable!.current()!.heap, '256m', 'the broker was given back its heap');
    assert.match(md, new RegExp(`broker JVM heap 256m → ${step.broker.heap}`));
  } finally {
    await launcher.tunable!.restartWith({ heap: before });
  }
});

test('tune: Ctrl-C ends the step in progress and still writes the report of the steps done; --dry-run --baseline names the first change; a bad --objective exits 2', { timeout: 240_000 }, async () => {
  const bad = await runCli(['tune', join(SCENARIOS_DIR, 'tiny-batches.yaml'), '--objective', 'latency<5', '--dry-run']);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /--objective term "latency<5"/);
  const profile = await loadScenario('tiny-batches.yaml');
  const dir = mkdtempSync(join(tmpdir(), 'mqload-tune-int-'));
  try {
    const path = join(dir, 'profile.yaml');
    writeFileSync(path, stringify(profile));
    const out = join(dir, 'tune');
    const child = spawn(process.execPath, [join(repoRootForTests(), 'bin', 'mqload.js'), 'tune', path, '--out', out, '--workers', '2', '--metrics-port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let signalled = false;
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
      if (!signalled && /step 1: /.test(stderr)) {
        signalled = true;
        setTimeout(() => child.kill('SIGINT'), 6000);
      }
    });
    const code = await new Promise<number | null>((res) => child.once('close', (c) => res(c)));
    assert.equal(code, 130, stderr);
    const r = JSON.parse(readFileSync(join(out, 'tune.json'), 'utf8')) as TuneResult;
    assert.deepEqual(r.steps.map((s) => [s.index, s.decision, s.status]), [[0, 'baseline', 'completed'], [1, 'incomplete', 'interrupted']], stderr);
    assert.equal(r.stoppedBecause, 'interrupted');
    assert.match(readFileSync(join(out, 'tune.md'), 'utf8'), /\| 1 \| tiny-batches: [^|]+\|.*\| incomplete \| the run was interrupted: no decision \|/);
    const dry = await runCli(['tune', path, '--dry-run', '--baseline', r.steps[0]!.dir]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /baseline findings: [^\n]*tiny-batches/);
    assert.match(dry.stdout, /first change: tiny-batches: producers\.batch\.lingerMs 0 → \d+, producers\.batch\.maxRecords 1 → 100/);
    assert.match(dry.stdout, /broker: the local kafka broker mqload runs/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
