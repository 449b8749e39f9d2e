/** The run-record reader: tolerant of killed runs, strict about versions and missing directories. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile, mkdir, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRunRecord, parseJsonLines, RecordVersionError } from '../../src/record/reader.js';
import { LEGACY_KAFKA_CAPABILITIES, upgradeProcessSamples } from '../../src/record/migrate.js';
import type { Sample } from '../../src/record/format.js';
import { UsageError } from '../../src/errors.js';
import { writeSyntheticRunDir } from '../helpers/synthetic-record.js';
import { analyzeRunDir } from '../../src/analyzer/analyze.js';

async function tempDir(t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mqload-reader-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('reads back every file of a run directory', async (t) => {
  const dir = await tempDir(t);
  const written = await writeSyntheticRunDir(join(dir, 'run'), { loadSec: 20 });
  const r = await readRunRecord(join(dir, 'run'));
  assert.equal(r.timeline.length, written.timeline.length);
  assert.equal(r.samples.length, written.samples.length);
  assert.equal(r.profile?.name, 'synthetic');
  assert.equal(r.summary?.runId, 'synthetic-run');
  assert.deepEqual(r.warnings, []);
});

test('broker.json keeps the broker settings the driver read; values that are not strings are dropped', async (t) => {
  const dir = await tempDir(t);
  await writeSyntheticRunDir(join(dir, 'run'), { broker: { kind: 'kafka', capabilities: LEGACY_KAFKA_CAPABILITIES, settings: { 'num.io.threads': '8' } } });
  assert.deepEqual((await readRunRecord(join(dir, 'run'))).broker?.settings, { 'num.io.threads': '8' });
  const file = join(dir, 'run', 'broker.json');
  await writeFile(file, JSON.stringify({ ...JSON.parse(await readFile(file, 'utf8')), settings: { 'num.io.threads': 8, 'num.network.threads': '3' } }));
  assert.deepEqual((await readRunRecord(join(dir, 'run'))).broker?.settings, { 'num.network.threads': '3' });
});

test('drops a partial last line of a killed run with a warning', async (t) => {
  const dir = join(await tempDir(t), 'run');
  const written = await writeSyntheticRunDir(dir, { loadSec: 20, summary: false });
  const text = await readFile(join(dir, 'timeline.jsonl'), 'utf8');
  await writeFile(join(dir, 'timeline.jsonl'), text.slice(0, text.length - 40)); // cut mid-line, no newline
  const samples = await readFile(join(dir, 'samples.jsonl'), 'utf8');
  await writeFile(join(dir, 'samples.jsonl'), samples + '{"t": 99, "source": "ho');
  const r = await readRunRecord(dir);
  assert.equal(r.timeline.length, written.timeline.length - 1);
  assert.equal(r.samples.length, written.samples.length);
  assert.equal(r.summary, null);
  assert.ok(r.warnings.some((w) => /timeline\.jsonl: dropped a partial last line/.test(w)));
  assert.ok(r.warnings.some((w) => /samples\.jsonl: dropped a partial last line/.test(w)));
  assert.ok(r.warnings.some((w) => /summary\.json is missing/.test(w)));
});

test('an interrupted run (no summary, truncated timeline) still analyzes and writes findings.json', async (t) => {
  const dir = join(await tempDir(t), 'run');
  await writeSyntheticRunDir(dir, { loadSec: 30, summary: false, lagSlopePerSec: 100 });
  const text = await readFile(join(dir, 'timeline.jsonl'), 'utf8');
  await writeFile(join(dir, 'timeline.jsonl'), text.slice(0, text.length - 10));
  const file = await analyzeRunDir(dir);
  assert.equal(file.verdict, 'bottleneck');
  assert.equal(file.primary, 'consumer-lag-growing');
  assert.ok(file.insufficient.some((i) => i.rule === 'delivery' && /interrupted/.test(i.reason)));
  const onDisk = JSON.parse(await readFile(join(dir, 'findings.json'), 'utf8'));
  assert.deepEqual(onDisk, file);
});

test('a bad line in the middle is skipped and reported, the rest is kept', () => {
  const warnings: string[] = [];
  const out = parseJsonLines<{ a: number }>('{"a":1}\nnot json\n{"a":3}\n', 'x.jsonl', warnings);
  assert.deepEqual(out, [{ a: 1 }, { a: 3 }]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /x\.jsonl: line 2 is not valid JSON/);
});

test('a complete last line without a trailing newline is kept', () => {
  const warnings: string[] = [];
  assert.deepEqual(parseJsonLines('{"a":1}\n{"a":2}', 'x.jsonl', warnings), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(warnings, []);
});

test('rejects another major schema version, accepts another minor', async (t) => {
  const dir = join(await tempDir(t), 'run');
  const r = await writeSyntheticRunDir(dir, { loadSec: 12 });
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ ...r.summary, schemaVersion: '2.0' }));
  await assert.rejects(readRunRecord(dir), (err: unknown) => err instanceof RecordVersionError && err.exitCode === 2);
  await writeFile(join(dir, 'summary.json'), JSON.stringify({ ...r.summary, schemaVersion: '1.7' }));
  assert.equal((await readRunRecord(dir)).summary?.schemaVersion, '1.7');
});

test('missing directory, a file, or a directory without a record: UsageError (exit 2)', async (t) => {
  const base = await tempDir(t);
  await assert.rejects(readRunRecord(join(base, 'nope')), (err: unknown) => err instanceof UsageError && /run directory not found/.test(err.message));
  await writeFile(join(base, 'file.txt'), 'x');
  await assert.rejects(readRunRecord(join(base, 'file.txt')), (err: unknown) => err instanceof UsageError && /not a directory/.test(err.message));
  await mkdir(join(base, 'empty'));
  await assert.rejects(readRunRecord(join(base, 'empty')), (err: unknown) => err instanceof UsageError && /holds no run record/.test(err.message));
});

test('only a profile: empty timeline, analysis says insufficient data', async (t) => {
  const dir = join(await tempDir(t), 'run');
  await writeSyntheticRunDir(dir, { loadSec: 12 });
  for (const f of ['timeline.jsonl', 'samples.jsonl', 'events.jsonl', 'summary.json']) await unlink(join(dir, f));
  const file = await analyzeRunDir(dir);
  assert.equal(file.verdict, 'insufficient-data');
  assert.match(file.headline, /no load intervals/);
});

test('a 1.0 record: the whole-process CPU and RSS on `coordinator` move to `all-threads`', () => {
  const legacy: Sample[] = [
    { t: 1, ts: 1001, source: 'host', values: { cpu_busy_percent: 50 } },
    { t: 1, ts: 1001, source: 'process', instance: 'coordinator', values: { cpu_percent: 45, rss_bytes: 9e7, heap_used_bytes: 1e7, event_loop_delay_p99_ms: 11 } },
    { t: 1, ts: 1001, source: 'process', instance: 'worker-0', values: { cpu_percent: 15 } },
    { t: 2, ts: 1002, source: 'process', instance: 'coordinator', values: { heap_used_bytes: 2e7 } },
  ];
  assert.deepEqual(upgradeProcessSamples(legacy), [
    legacy[0],
    { t: 1, ts: 1001, source: 'process', instance: 'all-threads', values: { cpu_percent: 45, rss_bytes: 9e7 } },
    { t: 1, ts: 1001, source: 'process', instance: 'coordinator', values: { heap_used_bytes: 1e7, event_loop_delay_p99_ms: 11 } },
    legacy[2],
    { t: 2, ts: 1002, source: 'process', instance: 'coordinator', values: { heap_used_bytes: 2e7 } },
  ]);
  const current: Sample[] = [
    { t: 1, ts: 1001, source: 'process', instance: 'all-threads', values: { cpu_percent: 45, rss_bytes: 9e7 } },
    { t: 1, ts: 1001, source: 'process', instance: 'coordinator', values: { cpu_percent: 4, heap_used_bytes: 1e7 } },
  ];
  assert.equal(upgradeProcessSamples(current), current, 'a 1.1 record is left as it is');
  const noProcess: Sample[] = [legacy[0]!];
  assert.equal(upgradeProcessSamples(noProcess), noProcess);
});

test('reading a 1.0 record upgrades its process samples', async (t) => {
  const dir = join(await tempDir(t), 'run');
  await writeSyntheticRunDir(dir, { loadSec: 20 });
  const line = { t: 3, ts: 3000, source: 'process', instance: 'coordinator', values: { cpu_percent: 60, rss_bytes: 1e8, heap_used_bytes: 1e7 } };
  await writeFile(join(dir, 'samples.jsonl'), (await readFile(join(dir, 'samples.jsonl'), 'utf8')) + JSON.stringify(line) + '\n');
  const r = await readRunRecord(dir);
  const proc = r.samples.filter((s) => s.source === 'process' && s.t === 3);
  assert.deepEqual(proc.map((s) => [s.instance, s.values]), [
    ['all-threads', { cpu_percent: 60, rss_bytes: 1e8 }],
    ['coordinator', { heap_used_bytes: 1e7 }],
  ]);
});
