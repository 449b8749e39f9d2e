/** `mqload analyze <dir>` end to end through bin/mqload.js. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeSyntheticRunDir } from '../helpers/synthetic-record.js';

const BIN = resolve('bin/mqload.js');

function mqload(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('analyze writes findings.json and prints the headline (exit 0)', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mqload-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeSyntheticRunDir(dir, { noise: 0.05, requestHandlerIdle: 0.1 });
  const r = mqload('analyze', dir);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Primary bottleneck: Request-handler threads saturated/);
  assert.match(r.stdout, /num\.io\.threads/);
  const file = JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'));
  assert.equal(file.verdict, 'bottleneck');
  assert.equal(file.primary, 'request-handler-saturated');
});

test('analyze --json prints the findings file', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'mqload-cli-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeSyntheticRunDir(dir, {});
  const r = mqload('analyze', dir, '--json');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).verdict, 'healthy');
});

test('analyze on a missing directory exits 2 with a clear message', () => {
  const r = mqload('analyze', join(tmpdir(), 'mqload-no-such-run-dir'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /run directory not found: .*mqload-no-such-run-dir/);
  assert.match(r.stderr, /hint: /);
});
