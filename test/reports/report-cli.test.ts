import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseReportFormats, writeReports } from '../../src/reports/index.js';
import { UsageError } from '../../src/errors.js';
import { buildFixture } from './fixtures.js';
import { tempBase, writeRecord } from './record-dir.js';

const BIN = fileURLToPath(new URL('../../../bin/mqload.js', import.meta.url));
const base = tempBase('report');
after(() => rmSync(base, { recursive: true, force: true }));

function cli(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000 });
}

test('parseReportFormats accepts known formats and names an unknown one', () => {
  assert.deepEqual(parseReportFormats('md, junit,md'), ['md', 'junit']);
  assert.throws(() => parseReportFormats('md,pdf'), (err: unknown) => err instanceof UsageError && /"pdf"/.test(err.message));
  assert.throws(() => parseReportFormats(' , '), UsageError);
});

test('writeReports writes the requested files from a run directory', async () => {
  const dir = writeRecord(join(base, 'lib'), buildFixture({ failThreshold: true }));
  const files = await writeReports(dir, ['junit', 'md']);
  assert.deepEqual(files, [join(dir, 'report.md'), join(dir, 'junit.xml')]);
  const md = readFileSync(files[0]!, 'utf8');
  assert.match(md, /^# mqload tuning report: fixture-run\n/);
  assert.match(md, /\| ✗ \| publish_latency \|/);
  assert.match(readFileSync(files[1]!, 'utf8'), /type="ThresholdFailed"/);
  assert.ok(!existsSync(join(dir, 'report.html')));
});

test('mqload report writes md, html and json by default; --format picks; errors exit 2', () => {
  const dir = writeRecord(join(base, 'cli'), buildFixture());
  const r = cli('report', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split('\n'), ['report.md', 'report.html', 'report.json'].map((f) => join(dir, f)));
  const html = readFileSync(join(dir, 'report.html'), 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.match(html, /var uPlot=/, 'chart library inlined');
  assert.equal((JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { runId: string }).runId, 'run-1');

  const junit = cli('report', dir, '--format', 'junit');
  assert.equal(junit.status, 0, junit.stderr);
  assert.equal(junit.stdout.trim(), join(dir, 'junit.xml'));

  const missing = join(base, 'nope');
  const gone = cli('report', missing);
  assert.equal(gone.status, 2);
  assert.ok(gone.stderr.includes(missing), gone.stderr);

  const badFormat = cli('report', dir, '--format', 'md,pdf');
  assert.equal(badFormat.status, 2);
  assert.match(badFormat.stderr, /unknown report format "pdf"/);
});
