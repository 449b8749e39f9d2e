/**
 * `mqload run` exit codes against the real local Kafka: 99 when a threshold fails, 3 quickly
 * for an unreachable broker (message names the address), 130 with a valid `interrupted`
 * summary after SIGINT, 2 for a bad profile.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { testBrokers, uniqueName } from '../helpers/broker.js';

const BIN = fileURLToPath(new URL('../../../bin/mqload.js', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/**
 * Runs the CLI. `signalOn`: SIGINT as soon as stderr matches it (a progress line: the load is
 * under way however long start-up took on a busy machine); `ms` then counts from the signal.
 */
function mqload(args: string[], opts: { signalOn?: RegExp; timeoutMs?: number } = {}): Promise<Result> {
  return new Promise((resolve) => {
    let started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (opts.signalOn && !signalled && opts.signalOn.test(stderr)) {
        signalled = true;
        started = Date.now();
        child.kill('SIGINT');
      }
    });
    const kill = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 90_000);
    child.on('close', (code) => {
      clearTimeout(kill);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function writeProfile(dir: string, extra: { thresholds?: Record<string, string[]>; duration?: string; brokers?: string[] } = {}): string {
  const file = join(dir, 'profile.yaml');
  const topic = uniqueName('it-cli');
  const lines = [
    'name: it-cli',
    `driver: { type: kafka, brokers: [${(extra.brokers ?? testBrokers()).map((b) => `"${b}"`).join(', ')}] }`,
    `topics: [{ name: ${topic}, partitions: 2, replicationFactor: 1, deleteAfterRun: true }]`,
    'message: { size: 100 }',
    'producers: { count: 1, mode: async, acks: all }',
    'consumers: { groups: 1, perGroup: 1 }',
    'load:',
    '  warmup: 1s',
    '  cooldown: 0s',
    `  phases: [{ executor: constant-arrival-rate, rate: 100, duration: ${extra.duration ?? '2s'} }]`,
  ];
  if (extra.thresholds) {
    lines.push('thresholds:');
    for (const [k, v] of Object.entries(extra.thresholds)) lines.push(`  ${k}: [${v.map((e) => `"${e}"`).join(', ')}]`);
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const common = ['--no-report', '--quiet', '--metrics-port', '0', '--workers', '1'];

test('a failing threshold exits 99 and the summary marks it', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-cli-'));
  try {
    const profile = writeProfile(dir, { thresholds: { publish_latency: ['p(99)<0.001'], send_errors: ['count==0'] } });
    const r = await mqload(['run', profile, '--out', join(dir, 'run'), ...common]);
    assert.equal(r.code, 99, r.stderr);
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8'));
    const byMetric = Object.fromEntries(summary.thresholds.map((t: { metric: string; ok: boolean }) => [t.metric, t.ok]));
    assert.deepEqual(byMetric, { publish_latency: false, send_errors: true });
    assert.match(r.stderr, /✗ publish_latency/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an unreachable broker exits 3 within 15 s and names the address', { timeout: 60_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-cli-'));
  try {
    const profile = writeProfile(dir);
    const r = await mqload(['run', profile, '--out', join(dir, 'run'), '--brokers', '127.0.0.1:1', ...common]);
    assert.equal(r.code, 3, r.stderr);
    assert.ok(r.ms < 20_000, `took ${r.ms} ms`);
    assert.match(r.stderr, /127\.0\.0\.1:1/);
    assert.match(r.stderr, /hint:/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
    assert.equal(existsSync(join(dir, 'run', 'summary.json')), false, 'nothing was run');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('SIGINT stops the run: exit 130 and a valid interrupted summary', { timeout: 120_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-cli-'));
  try {
    const profile = writeProfile(dir, { duration: '60s' });
    // The first progress line (after 5 s of load) shows sends under way.
    const r = await mqload(['run', profile, '--out', join(dir, 'run'), ...common.filter((f) => f !== '--quiet')], { signalOn: /\[\s*\d+s\/\d+s (warmup|load)/ });
    assert.equal(r.code, 130, r.stderr);
    assert.ok(r.ms < 30_000, `stopped ${r.ms} ms after the signal`);
    const summary = JSON.parse(readFileSync(join(dir, 'run', 'summary.json'), 'utf8'));
    assert.equal(summary.status, 'interrupted');
    assert.ok(summary.produce.sent > 0);
    assert.equal(summary.produce.sent, summary.produce.acked + summary.produce.failed + (summary.produce.unresolved ?? 0));
    const lines = readFileSync(join(dir, 'run', 'timeline.jsonl'), 'utf8').trim().split('\n');
    for (const l of lines) JSON.parse(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an invalid profile exits 2 listing its problems, without contacting a broker', { timeout: 30_000 }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mqload-cli-'));
  try {
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, 'name: bad\ndriver: { type: kafka, brokers: ["127.0.0.1:1"] }\ntopics: []\nmessage: { size: -1 }\nproducers: { count: 1, mode: oneway, acks: all }\nload: { phases: [] }\n');
    const r = await mqload(['run', file, '--out', join(dir, 'run'), ...common]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /\/message\/size/);
    assert.match(r.stderr, /\/producers\/acks/);
    assert.ok(r.ms < 10_000, 'no broker connect attempted');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
