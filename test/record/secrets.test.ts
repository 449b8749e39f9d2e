/**
 * Secrets are never written: a profile with a SASL password and a key password in
 * `driver.config`, a password in the sink URL, in a URL-shaped client property and in a Jolokia
 * URL. Each secret string is then searched for in every file of the run directory (record,
 * findings, reports), in what the command printed, and in the Prometheus `/metrics` text: zero
 * hits. First without a broker (the real writer, analyzer and reports on a synthetic run), then a
 * real two-second `mqload run` against the local Kafka with a PostgreSQL sink.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { spawn } from 'node:child_process';
import { analyzeRunDir } from '../../src/analyzer/index.js';
import { writeReports } from '../../src/reports/index.js';
import { clearMaskedSecrets } from '../../src/profile/redact.js';
import type { Profile } from '../../src/profile/schema.js';
import { buildFixture } from '../reports/fixtures.js';
import { writeRecord } from '../reports/record-dir.js';
import { repoRootForTests } from '../helpers/cli.js';
import { testBrokers, uniqueName } from '../helpers/broker.js';

const SASL = 'saslPw-7f3a91';
const KEY = 'keyPw-55c2e0';
const SINK = 'pgPw-a8d4c7';
const URL_VALUE = 'urlPw-0b6e13';
const JOLOKIA = 'jolPw-c31f09';
const SECRETS = [SASL, KEY, SINK, URL_VALUE, JOLOKIA];

/** Every file under `dir` with its text. */
function filesUnder(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push({ path, text: readFileSync(path, 'latin1') });
  }
  return out;
}

/** Asserts that no secret appears in any of `texts` (name → text). */
function assertNoSecrets(texts: Array<{ path: string; text: string }>): void {
  for (const { path, text } of texts) {
    for (const s of SECRETS) assert.ok(!text.includes(s), `secret ${s} written to ${path}`);
  }
}

function secretProfile(overrides: { topic: string; table: string; sinkDb?: string }): Profile {
  return {
    name: 'secrets-run',
    description: 'a run whose profile carries secrets',
    driver: {
      type: 'kafka',
      brokers: testBrokers(),
      // Without sasl.mechanism and ssl the clients ignore these, so the run still connects.
      config: { 'sasl.password': SASL, 'ssl.key.password': KEY, 'sasl.username': `https://svc:${URL_VALUE}@idp.example.com/token` },
    },
    topics: [{ name: overrides.topic, partitions: 1, replicationFactor: 1, deleteAfterRun: true }],
    message: { size: 100 },
    producers: { count: 1, mode: 'async', acks: 1 },
    consumers: {
      groups: 1,
      perGroup: 1,
      // PostgreSQL trusts local connections: the password is sent only if asked for, so any works.
      sink: { type: 'postgres', url: `postgres://postgres:${SINK}@127.0.0.1:5432/${overrides.sinkDb ?? 'postgres'}`, table: overrides.table, mode: 'insert', dropAfterRun: true },
    },
    load: { warmup: '0s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: 150, duration: '2s' }] },
    // Nothing listens on port 1: the collector reports itself unavailable, naming its URL.
    collect: { jolokia: [`http://admin:${JOLOKIA}@127.0.0.1:1/jolokia`], intervalMs: 500 },
    verify: { graceMs: 2000 },
  } as Profile;
}

test('a run record written for a profile with secrets holds none of them, nor do its findings and reports', async () => {
  const base = mkdtempSync(join(tmpdir(), 'mqload-secrets-'));
  try {
    const input = buildFixture();
    const profile = secretProfile({ topic: 't', table: 'x' });
    const url = profile.consumers!.sink!.url;
    input.profile = profile;
    input.events.push({ t: 3, ts: Date.now(), kind: 'note', message: `sink ${url} slow; jolokia ${profile.collect!.jolokia![0]} down` });
    input.samples.push({ t: 3, ts: Date.now(), source: 'jolokia', instance: profile.collect!.jolokia![0]!, labels: { url }, values: { heap_used_bytes: 1 } });
    input.timeline[0] = { ...input.timeline[0]!, errors: { [`auth failed for ${SASL}`]: 1 } };
    input.summary = { ...input.summary!, reason: `could not reach ${url}`, errors: { [`sasl ${SASL} refused`]: 2 } };
    const dir = writeRecord(join(base, 'run'), input);
    await analyzeRunDir(dir);
    await writeReports(dir, ['md', 'html', 'json', 'junit']);
    const files = filesUnder(dir);
    assert.ok(files.length >= 8, files.map((f) => f.path).join(', '));
    assertNoSecrets(files);
    const written = JSON.parse(readFileSync(join(dir, 'profile.json'), 'utf8')) as Profile;
    assert.equal(written.consumers?.sink?.url, 'postgres://postgres:***@127.0.0.1:5432/postgres', 'the user and host stay readable');
    assert.equal(written.driver.config?.['sasl.password'], '***');
    assert.match(readFileSync(join(dir, 'events.jsonl'), 'utf8'), /jolokia http:\/\/admin:\*\*\*@127\.0\.0\.1:1\/jolokia down/);
  } finally {
    clearMaskedSecrets();
    rmSync(base, { recursive: true, force: true });
  }
});

/** A TCP port free right now on 127.0.0.1. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? resolve(addr.port) : reject(new Error('no port'))));
    });
  });
}

test('a real run with secrets: none in the run directory, stdout, stderr or /metrics', { timeout: 120_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'mqload-secrets-run-'));
  try {
    const profile = secretProfile({ topic: uniqueName('it-secrets'), table: `mqload_secrets_${process.pid}_${Date.now() % 100000}` });
    const file = join(base, 'secrets.yaml');
    writeFileSync(file, stringify(profile));
    for (const s of SECRETS) assert.ok(readFileSync(file, 'utf8').includes(s), `the profile carries ${s}`);
    const port = await freePort();
    const out = join(base, 'run');
    const args = ['run', file, '--out', out, '--workers', '1', '--metrics-port', String(port), '--metrics-linger', '1s'];
    const child = spawn(process.execPath, [join(repoRootForTests(), 'bin', 'mqload.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const closed = new Promise<number | null>((resolve) => child.once('close', resolve));
    // Scrape /metrics while the run goes on (and lingers), keeping every text served.
    const scrapes: string[] = [];
    let done = false;
    void closed.then(() => (done = true));
    while (!done) {
      try {
        const res = await fetch(`http://127.0.0.1:${port}/metrics`);
        scrapes.push(await res.text());
      } catch (err) {
        if (!(err instanceof TypeError)) throw err; // fetch failed: not up yet, or already down; try again until the process ends
      }
      await new Promise((r) => setTimeout(r, 300));
    }
    const code = await closed;
    assert.equal(code, 0, `exit ${code}\n${stderr}`);
    assert.ok(scrapes.some((s) => s.includes('mqload_')), `scraped /metrics ${scrapes.length} times, never with mqload metrics`);
    const files = filesUnder(out);
    assert.ok(files.some((f) => f.path.endsWith('report.html')), files.map((f) => f.path).join(', '));
    assertNoSecrets([...files, { path: 'stdout', text: stdout }, { path: 'stderr', text: stderr }, { path: '/metrics', text: scrapes.join('\n') }]);
    // The run did reach the places the secrets could leak from: the sink wrote rows, the Jolokia collector reported its URL.
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { sink?: { rows?: number }; collectors?: Record<string, unknown>; produce: { acked: number } };
    assert.ok(summary.produce.acked > 0, JSON.stringify(summary.produce));
    assert.ok(Object.keys(summary.collectors ?? {}).some((k) => k.includes('admin:***@127.0.0.1:1')), JSON.stringify(summary.collectors));
    assert.match(readFileSync(join(out, 'profile.json'), 'utf8'), /postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:5432\/postgres/);
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});

test('validate and run print no secret of an invalid profile, even where a problem quotes the value', { timeout: 60_000 }, async () => {
  const base = mkdtempSync(join(tmpdir(), 'mqload-secrets-cli-'));
  try {
    const profile = secretProfile({ topic: 't', table: 'x' }) as unknown as Record<string, any>;
    profile.collect.jolokia = [`ftp://admin:${JOLOKIA}@127.0.0.1:1/jolokia`]; // fails the pattern; the problem quotes the value
    profile.consumers.sink.type = 'oracle';
    profile.driver.config['sasl.password'] = { nested: SASL }; // wrong type; the problem quotes it
    const file = join(base, 'bad.yaml');
    writeFileSync(file, stringify(profile));
    const root = repoRootForTests();
    const results = await Promise.all(
      [['validate', file], ['run', file, '--dry-run'], ['run', file, '--brokers', '127.0.0.1:1']].map(
        (args) =>
          new Promise<{ code: number | null; text: string }>((resolve) => {
            const child = spawn(process.execPath, [join(root, 'bin', 'mqload.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
            let text = '';
            child.stdout.on('data', (d: Buffer) => (text += d.toString()));
            child.stderr.on('data', (d: Buffer) => (text += d.toString()));
            child.once('close', (code) => resolve({ code, text }));
          }),
      ),
    );
    for (const r of results) {
      assert.equal(r.code, 2, r.text);
      assert.match(r.text, /\/collect\/jolokia\/0: "ftp:\/\/admin:\*\*\*@127\.0\.0\.1:1\/jolokia"/, r.text);
      assert.match(r.text, /\/consumers\/sink\/type/, r.text);
      assertNoSecrets([{ path: 'output', text: r.text }]);
    }
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
});
