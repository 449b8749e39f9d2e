/**
 * report.html in headless Chromium: renders without errors, draws the charts that have data,
 * shows "no data" notes for the others, and screenshots to a non-trivial PNG; sweep.html and
 * tune.html draw their charts. Skipped (with a
 * message) only when Chromium is not installed (`apt-get install -y chromium`).
 */
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderHtml } from '../../src/reports/html.js';
import { loadChartAssets } from '../../src/reports/html-assets.js';
import type { ReportInput } from '../../src/reports/input.js';
import { buildFixture } from './fixtures.js';
import { renderSweepHtml } from '../../src/reports/sweep.js';
import { renderTuneHtml } from '../../src/reports/tune.js';
import { summariseSweep, type SweepStep } from '../../src/run/sweep.js';
import type { TuneResult, TuneStep } from '../../src/tune/types.js';

const CHROMIUM = process.env.MQLOAD_CHROMIUM ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}; install it with \`apt-get install -y chromium\` (or set MQLOAD_CHROMIUM)`;
const dir = mkdtempSync(join(tmpdir(), 'mqload-html-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function chromium(args: string[]): { stdout: string; stderr: string } {
  const profile = mkdtempSync(join(dir, 'profile-'));
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, '--enable-logging=stderr', '--v=0', '--virtual-time-budget=5000', ...args],
    { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 },
  );
  assert.equal(r.error, undefined, `chromium did not run: ${r.error?.message}`);
  assert.equal(r.status, 0, `chromium exited ${r.status}: ${r.stderr.slice(-2000)}`);
  return { stdout: r.stdout, stderr: r.stderr };
}

async function writePage(name: string, input: ReportInput): Promise<string> {
  const path = join(dir, name);
  writeFileSync(path, renderHtml(input, await loadChartAssets()));
  return path;
}

function bodyAttributes(dom: string): Record<string, string> {
  const body = /<body([^>]*)>/.exec(dom);
  assert.ok(body, 'no <body> in the dumped DOM');
  return Object.fromEntries([...body[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

test('the full report renders in Chromium without errors and draws every chart', { skip }, async () => {
  const page = await writePage('full.html', buildFixture());
  const html = readFileSync(page, 'utf8');
  assert.ok(!/<(script|link)[^>]+(src|href)=/i.test(html), 'no external scripts or stylesheets');
  const { stdout, stderr } = chromium(['--dump-dom', `file://${page}`]);
  const attrs = bodyAttributes(stdout);
  assert.equal(attrs['data-render-status'], 'ok');
  assert.equal(attrs['data-charts-with-data'], '6');
  assert.equal(attrs['data-charts-drawn'], '6');
  assert.equal((stdout.match(/class="uplot/g) ?? []).length, 6, 'six uPlot charts in the DOM');
  assert.ok(!stdout.includes('class="nodata"'));
  assert.doesNotMatch(stderr, /Uncaught|CONSOLE\(\d+\)\] "(?:Error|TypeError)/);
  // Findings on top, in rank order.
  const order = ['Broker CPU saturated', 'Consumer lag grew', 'Event loop delay', 'id="charts"', 'id="throughput"'].map((s) => stdout.indexOf(s));
  assert.ok(order.every((p, i) => p > 0 && (i === 0 || p > order[i - 1]!)), `sections out of order: ${order.join(',')}`);
});

test('charts without data show a note instead of an empty box', { skip }, async () => {
  const input = buildFixture();
  input.samples = input.samples.filter((s) => s.source !== 'lag' && s.source !== 'jmx');
  const { stdout } = chromium(['--dump-dom', `file://${await writePage('partial.html', input)}`]);
  const attrs = bodyAttributes(stdout);
  assert.equal(attrs['data-render-status'], 'ok');
  assert.equal(attrs['data-charts-with-data'], '4');
  assert.equal(attrs['data-charts-drawn'], '4');
  assert.match(stdout, /<div class="chart" id="chart-lag"><div class="nodata">No data/);
  assert.match(stdout, /<div class="chart" id="chart-heap"><div class="nodata">No data/);
});

test('the render status reports errors (the check can fail)', { skip }, async () => {
  const page = await writePage('broken.html', buildFixture());
  const html = readFileSync(page, 'utf8').replace(/(<script type="application\/json" id="mqload-data">)\{/, '$1{broken');
  writeFileSync(page, html);
  const { stdout } = chromium(['--dump-dom', `file://${page}`]);
  assert.match(bodyAttributes(stdout)['data-render-status'] ?? '', /^error:report data: /);
});

test('screenshot of the report is a real, non-trivial PNG', { skip }, async (t) => {
  const page = await writePage('shot.html', buildFixture());
  const png = join(dir, 'report.png');
  chromium([`--screenshot=${png}`, '--window-size=1280,2000', `file://${page}`]);
  const bytes = readFileSync(png);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.readUInt32BE(16), 1280, 'width');
  assert.equal(bytes.readUInt32BE(20), 2000, 'height');
  // A blank or unstyled page compresses to a few KB; charts and tables make it far larger.
  assert.ok(statSync(png).size > 100 * 1024, `screenshot only ${statSync(png).size} bytes`);
  if (process.env.MQLOAD_KEEP_SCREENSHOT) {
    writeFileSync(process.env.MQLOAD_KEEP_SCREENSHOT, bytes);
    t.diagnostic(`screenshot kept at ${process.env.MQLOAD_KEEP_SCREENSHOT}`);
  }
});

test('sweep.html and tune.html render in Chromium and draw both of their charts', { skip }, async () => {
  const assets = await loadChartAssets();
  const step = (index: number, target: number, achieved: number, passed: boolean): SweepStep => ({
    index, targetRate: target, achievedRate: achieved, publish: { p50: 2, p99: 10 * (index + 1) }, e2e: { p50: 3, p99: 12 * (index + 1) }, failed: 0, dropped: 0, passed, reasons: passed ? [] : ['slow'], findings: [], primary: null, dir: `d${index}`,
  });
  const opts = { startRate: 1000, stepFactor: 2, maxSteps: 3, stepSec: 10, warmupSec: 2, slo: { metric: 'publish' as const, p99Ms: 25 }, minAchievedShare: 0.95 };
  const sweep = summariseSweep('p', opts, [step(0, 1000, 1000, true), step(1, 2000, 1990, true), step(2, 4000, 3100, false)], 'step 3 failed');
  const figures = (throughput: number, p99: number) => ({ throughput, publishP99: p99, e2eP99: p99 * 2, lagAtLoadEnd: 10, gcTimeShare: 0.01 });
  const tuneStep = (index: number, decision: TuneStep['decision'], throughput: number): TuneStep => ({
    index, dir: `s${index}`, target: index === 0 ? null : { id: 'tiny-batches', title: 't' }, actions: [], broker: {}, decision, reasons: [], primary: null, findings: [], figures: figures(throughput, 50 / (index + 1)), objectiveMet: null, comparison: [], status: 'completed',
  });
  const tune: TuneResult = {
    schemaVersion: '1', profile: 'p', objective: [], options: { maxSteps: 2, minChange: 0.05, localBroker: false }, steps: [tuneStep(0, 'baseline', 1000), tuneStep(1, 'kept', 5000), tuneStep(2, 'reverted', 4900)], skipped: [],
    originalProfile: buildFixture().profile!, finalProfile: buildFixture().profile!, brokerSettings: { original: {}, kept: {} }, bestStep: 1, objectiveMet: null, stoppedBecause: 'done',
  };
  for (const [name, html] of [['sweep.html', renderSweepHtml(sweep, assets)], ['tune.html', renderTuneHtml(tune, assets)]] as const) {
    const page = join(dir, name);
    writeFileSync(page, html);
    const { stdout } = chromium(['--dump-dom', `file://${page}`]);
    const attrs = bodyAttributes(stdout);
    assert.equal(attrs['data-render-status'], 'ok', name);
    assert.equal(attrs['data-charts-drawn'], '2', name);
    assert.equal((stdout.match(/class="uplot/g) ?? []).length, 2, `${name}: two uPlot charts`);
  }
});
