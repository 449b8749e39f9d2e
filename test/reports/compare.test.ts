import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { coefficientOfVariation, compareFigures, compareRuns, keyFigures, lag1Autocorrelation, relativeChange, relativeNoise, type KeyFigure } from '../../src/reports/compare.js';
import { renderComparisonText } from '../../src/reports/compare-render.js';
import { buildFixture } from './fixtures.js';
import { tempBase, writeRecord } from './record-dir.js';

const BIN = fileURLToPath(new URL('../../../bin/mqload.js', import.meta.url));

function figure(id: string, value: number | null, noise: number | null, over: Partial<KeyFigure> = {}): KeyFigure {
  return { id, label: id, unit: 'ms', better: 'lower', gates: true, value, noise, intervalCv: noise, intervals: 60, ...over };
}

test('coefficient of variation and relative change', () => {
  assert.equal(coefficientOfVariation([10, 10, 10]), 0);
  assert.equal(coefficientOfVariation([0, 0]), 0);
  assert.equal(coefficientOfVariation([5]), null);
  // mean 10, sample stdev sqrt(((−2)²+0+2²)/2) = 2 → 0.2
  assert.ok(Math.abs(coefficientOfVariation([8, 10, 12])! - 0.2) < 1e-12);
  assert.ok(Math.abs(relativeChange(100, 110)! - 0.1) < 1e-12);
  assert.equal(relativeChange(0, 0), 0);
  assert.equal(relativeChange(0, 3), Number.POSITIVE_INFINITY);
  assert.equal(relativeChange(null, 3), null);
});

test('noise of a run-long figure: standard error, widened when intervals move together', () => {
  // Alternating values: negative autocorrelation clamps to 0 → cv / sqrt(n).
  const alternating = Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 90 : 110));
  const cv = coefficientOfVariation(alternating)!;
  assert.ok(lag1Autocorrelation(alternating) < -0.9);
  assert.ok(Math.abs(relativeNoise(alternating).noise! - cv / 8) < 1e-12);
  // The same values as a slow drift (first half low, second half high): r1 near 1 → much wider.
  const drift = [...alternating].sort((a, b) => a - b);
  assert.ok(lag1Autocorrelation(drift) > 0.9);
  assert.ok(relativeNoise(drift).noise! > 4 * relativeNoise(alternating).noise!);
  assert.equal(relativeNoise([5]).noise, null);
});

test('noise rule: a change counts only beyond max(threshold, 2 × combined noise)', () => {
  const opts = { minChange: 0.05, failOnRegression: 0.05 };
  // 8 % worse, noise 3 % + 4 % → combined 5 % → limit 10 %: within noise.
  let [row] = compareFigures([figure('p99', 100, 0.03)], [figure('p99', 108, 0.04)], opts);
  assert.ok(Math.abs(row!.combinedNoise - 0.05) < 1e-12);
  assert.ok(Math.abs(row!.limit - 0.1) < 1e-12);
  assert.equal(row!.verdict, 'within-noise');
  assert.equal(row!.regression, false);
  // Same change with 1 % noise each → limit max(5 %, 2.8 %) = 5 %: worse, and a regression.
  [row] = compareFigures([figure('p99', 100, 0.01)], [figure('p99', 108, 0.01)], opts);
  assert.equal(row!.verdict, 'worse');
  assert.equal(row!.regression, true);
  // Below the percentage threshold even without noise: not counted.
  [row] = compareFigures([figure('p99', 100, 0)], [figure('p99', 104, 0)], opts);
  assert.equal(row!.verdict, 'within-noise');
  // Worse beyond min change but not beyond the regression gate.
  [row] = compareFigures([figure('p99', 100, 0)], [figure('p99', 108, 0)], { minChange: 0.05, failOnRegression: 0.2 });
  assert.equal(row!.verdict, 'worse');
  assert.equal(row!.regression, false);
});

test('direction: throughput up is better, down is a regression; non-gating metrics never regress', () => {
  const opts = { minChange: 0.05, failOnRegression: 0.05 };
  const tp = (v: number) => figure('throughput', v, 0.01, { better: 'higher', unit: 'msg/s' });
  assert.equal(compareFigures([tp(1000)], [tp(1200)], opts)[0]!.verdict, 'better');
  const down = compareFigures([tp(1000)], [tp(800)], opts)[0]!;
  assert.equal(down.verdict, 'worse');
  assert.equal(down.regression, true);
  const cpu = compareFigures([figure('cpu', 30, 0.01, { gates: false })], [figure('cpu', 60, 0.01, { gates: false })], opts)[0]!;
  assert.equal(cpu.verdict, 'worse');
  assert.equal(cpu.regression, false);
  // Failures appearing from zero are an unbounded change.
  const failed = compareFigures([figure('failed', 0, 0)], [figure('failed', 0.001, 0.5)], opts)[0]!;
  assert.equal(failed.change, Number.POSITIVE_INFINITY);
  assert.equal(failed.regression, true);
  // Missing on one side → n/a, never a regression.
  const na = compareFigures([figure('e2e', null, null)], [figure('e2e', 5, 0)], opts)[0]!;
  assert.equal(na.verdict, 'n/a');
  assert.equal(na.regression, false);
});

test('key figures of a run carry their own interval-to-interval noise', () => {
  const quiet = keyFigures(buildFixture({ fault: false, noise: 0.01 }));
  const noisy = keyFigures(buildFixture({ fault: false, noise: 0.2 }));
  const tpQuiet = quiet.find((f) => f.id === 'throughput')!;
  const tpNoisy = noisy.find((f) => f.id === 'throughput')!;
  assert.equal(tpQuiet.intervals, 60);
  assert.ok(tpQuiet.intervalCv! < 0.01, `quiet cv ${tpQuiet.intervalCv}`);
  assert.ok(tpNoisy.intervalCv! > 0.08, `noisy cv ${tpNoisy.intervalCv}`);
  assert.ok(tpNoisy.noise! > 10 * tpQuiet.noise!, 'noise follows the interval variation');
  assert.ok(tpNoisy.noise! < tpNoisy.intervalCv!, 'a run-long figure is steadier than one interval');
  assert.deepEqual(quiet.map((f) => f.id), ['throughput', 'publish-p50', 'publish-p99', 'publish-p999', 'e2e-p50', 'e2e-p99', 'e2e-p999', 'failed', 'dropped', 'generator-cpu', 'broker-cpu', 'heap-max', 'gc-time']);
  assert.equal(quiet.find((f) => f.id === 'heap-max')!.value, 480 * 2 ** 20);
});

test('two runs of the same workload differ only within noise; a slower broker is flagged', () => {
  const opts = { minChange: 0.05, failOnRegression: 0.1 };
  const a = buildFixture({ seed: 1, fault: false });
  const same = compareRuns(a, buildFixture({ seed: 2, fault: false }), opts);
  assert.deepEqual(same.filter((r) => r.regression).map((r) => r.id), []);
  const slower = compareRuns(a, buildFixture({ seed: 2, fault: false, latencyMs: 8 }), opts);
  const regressed = slower.filter((r) => r.regression).map((r) => r.id);
  assert.ok(regressed.includes('publish-p50') && regressed.includes('e2e-p50'), `regressions: ${regressed.join(',')}`);
  assert.ok(!regressed.includes('throughput'));
  const text = renderComparisonText({ dir: 'runs/a', runId: 'run-1' }, { dir: 'runs/b', runId: 'run-2' }, slower, opts);
  assert.match(text, /Publish p50 +[\d.]+ ms +[\d.]+ ms +\+[\d.]+ % +±[\d.]+ % +WORSE \(regression\)/);
  assert.match(text, /Throughput \(acked\) +[\d,]+ msg\/s +[\d,]+ msg\/s .* within noise/);
  assert.match(text, /Regressions beyond 10 % and noise: .*Publish p50/);
});

const base = tempBase('compare');
after(() => rmSync(base, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('mqload compare: exit 99 on regression, 0 otherwise, 2 for a missing run dir, --json', () => {
  const dirA = writeRecord(join(base, 'a'), buildFixture({ seed: 1, fault: false }));
  const dirB = writeRecord(join(base, 'b'), buildFixture({ seed: 2, fault: false }));
  const dirSlow = writeRecord(join(base, 'slow'), buildFixture({ seed: 3, fault: false, latencyMs: 8 }));

  const ok = cli('compare', dirA, dirB, '--fail-on-regression', '10');
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /Metric +A +B +Change +Noise +Verdict/);
  assert.match(ok.stdout, /No regression beyond 10 %/);

  const bad = cli('compare', dirA, dirSlow, '--fail-on-regression', '10');
  assert.equal(bad.status, 99, bad.stderr);
  assert.match(bad.stderr, /regression.*Publish p50/);

  const noGate = cli('compare', dirA, dirSlow);
  assert.equal(noGate.status, 0, noGate.stderr);

  const json = cli('compare', dirA, dirSlow, '--json', '--fail-on-regression', '10%');
  assert.equal(json.status, 99);
  const doc = JSON.parse(json.stdout) as { regressions: string[]; rows: Array<{ id: string; verdict: string }>; failOnRegression: number };
  assert.equal(doc.failOnRegression, 0.1);
  assert.ok(doc.regressions.includes('publish-p99'));

  const missing = join(base, 'does-not-exist');
  const gone = cli('compare', dirA, missing);
  assert.equal(gone.status, 2);
  assert.ok(gone.stderr.includes(missing), gone.stderr);

  const badFlag = cli('compare', dirA, dirB, '--fail-on-regression', 'lots');
  assert.equal(badFlag.status, 2);
  assert.match(badFlag.stderr, /--fail-on-regression must be a percentage/);
});
