/**
 * Execution segments against the real local Kafka: N segments as N `mqload run --segment K/N`
 * processes with one --run-id and --start-at, then `mqload merge`. The merged record must hold
 * the invariants of a single run (sent = acked + failed, every acknowledged message received once
 * per group, nothing lost or duplicated) and its p99 must be the p99 of the union of the
 * segments' interval histograms, computed here independently; for N = 1, 2, 3 with 3 producers
 * (uneven shares). A segment stopped mid-run (SIGTERM) leaves a merge that says so and counts its
 * unsent share as not sent, not lost. Topics and groups are deleted afterwards.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TestKafka, uniqueName } from '../helpers/broker.js';
import { repoRootForTests, runCli } from '../helpers/cli.js';
import { waitForLocalBroker } from '../verify/run-helpers.js';
import { createHistogram, decodeHistogram, percentileMs } from '../../src/metrics/histogram.js';
import type { TimelineEntry } from '../../src/record/format.js';
import type { RunSummary } from '../../src/record/summary.js';
import type { MergedSegmentsFile } from '../../src/record/segment.js';

const kafka = new TestKafka();
const work = mkdtempSync(join(tmpdir(), 'mqload-segments-'));
before(() => waitForLocalBroker());
after(async () => {
  await kafka.cleanup();
  rmSync(work, { recursive: true, force: true });
});

/** A small profile file: 3 producers at 600 msg/s, one group of 2 consumers, on a fresh 4-partition topic. */
function profileFile(name: string, durationSec: number): string {
  const topic = kafka.trackTopic(uniqueName('mqload-seg'));
  const file = join(work, `${name}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      name,
      driver: { type: 'kafka', brokers: ['127.0.0.1:9092'] },
      topics: [{ name: topic, partitions: 4, replicationFactor: 1 }],
      message: { size: 200, keys: 'round-robin' },
      producers: { count: 3, mode: 'async', acks: 'all', maxInFlight: 200 },
      consumers: { groups: 1, perGroup: 2 },
      load: { warmup: '1s', cooldown: '2s', phases: [{ executor: 'constant-arrival-rate', rate: 600, duration: `${durationSec}s` }] },
      verify: { graceMs: 8000 },
    }),
  );
  return file;
}

const startIn = (ms: number) => new Date(Math.ceil((Date.now() + ms) / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const segmentArgs = (file: string, k: number, n: number, runId: string, startAt: string, out: string) => ['run', file, '--segment', `${k}/${n}`, '--run-id', runId, '--start-at', startAt, '--workers', '1', '--no-report', '--quiet', '--metrics-port', '0', '--out', out];
const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const timeline = (dir: string): TimelineEntry[] => readFileSync(join(dir, 'timeline.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as TimelineEntry);

/** p99 of the union of the segments' publish histograms, warm-up messages taken out (as the summary does). */
function unionP99(dirs: string[], kind: 'publish' | 'e2e'): number {
  const h = createHistogram();
  for (const d of dirs) {
    for (const e of timeline(d)) {
      if (e.hist[kind]) h.add(decodeHistogram(e.hist[kind]));
      if (e.warmupHist?.[kind]) h.subtract(decodeHistogram(e.warmupHist[kind]));
    }
  }
  return percentileMs(h, 99);
}

for (const n of [1, 2, 3]) {
  test(`${n} segment${n === 1 ? '' : 's'} merged: the invariants of one run, and p99 from the union of the histograms`, { timeout: 150_000 }, async () => {
    const file = profileFile(`seg${n}`, 4);
    const runId = uniqueName('seg');
    kafka.trackGroup(`mqload-${runId}-g0`);
    const startAt = startIn(15_000);
    const dirs = Array.from({ length: n }, (_, i) => join(work, `${runId}-s${i + 1}`));
    const results = await Promise.all(dirs.map((out, i) => runCli(segmentArgs(file, i + 1, n, runId, startAt, out), { timeoutMs: 120_000 })));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const merged = join(work, `${runId}-merged`);
    const m = await runCli(['merge', ...dirs, '--out', merged, '--quiet'], { timeoutMs: 60_000 });
    assert.equal(m.code, 0, m.stderr);
    const s = readJson<RunSummary>(join(merged, 'summary.json'));
    const segs = readJson<MergedSegmentsFile>(join(merged, 'segments.json'));
    assert.equal(s.status, 'completed');
    assert.equal(s.runId, runId);
    assert.equal(segs.segments.length, n);
    assert.deepEqual(segs.segments.map((x) => x.producers.to - x.producers.from).reduce((a, b) => a + b, 0), 3);
    assert.equal(s.produce.sent, s.produce.acked + s.produce.failed + (s.produce.unresolved ?? 0));
    assert.equal(s.produce.failed, 0);
    assert.equal(s.produce.sent, segs.segments.reduce((a, x) => a + x.sent, 0), 'counters are the sums of the segments');
    const late = segs.segments.map((x) => x.lateMs);
    // Every scheduled message was sent or, on a busy machine, dropped by the generator (counted).
    assert.ok(Math.abs(s.produce.sent + s.produce.dropped - 2400) <= 120, `600 msg/s for 4 s after warm-up: ${s.produce.sent} sent and ${s.produce.dropped} dropped over ${s.durationSec} s (segments late by ${late} ms)`);
    assert.equal(s.produce.targetRatePerSec, 600);
    const d = s.delivery?.[0];
    assert.ok(d, 'delivery verified across segments');
    // Consumers of several processes rebalance when one leaves: a few uncommitted messages may be
    // delivered again (a consumer-side replay), never written twice and never lost.
    assert.ok(d.verdict === 'ok' || d.verdict === 'redelivered', JSON.stringify(d));
    assert.equal(d.lost, 0);
    assert.equal(d.duplicatedInLog, 0);
    assert.equal(d.duplicated, d.redelivered);
    if (n === 1) assert.equal(d.duplicated, 0, 'one segment: no rebalance, no replay');
    assert.equal(d.unique, d.acked, 'every acknowledged message received once by the group');
    if (n === 1) assert.equal(s.consume.received, s.produce.acked, 'received = acked for the one group (warm-up excluded on both sides)');
    assert.equal(s.latencyMs.publish!.p99, unionP99(dirs, 'publish'));
    assert.equal(s.latencyMs.e2e!.p99, unionP99(dirs, 'e2e'));
    assert.equal(s.latencyMs.publish!.count, s.produce.acked);
    // analyze and report read the merged record like any other.
    const a = await runCli(['analyze', merged, '--json'], { timeoutMs: 60_000 });
    assert.ok(a.code === 0 || a.code === 99, a.stderr);
  });
}

test('a segment stopped mid-run: the merge succeeds, names it interrupted, and its unsent share is not sent, not lost', { timeout: 150_000 }, async () => {
  const file = profileFile('seg-stop', 10);
  const runId = uniqueName('segstop');
  kafka.trackGroup(`mqload-${runId}-g0`);
  const startAt = startIn(9000);
  const dirs = [1, 2].map((k) => join(work, `${runId}-s${k}`));
  const first = runCli(segmentArgs(file, 1, 2, runId, startAt, dirs[0]!), { timeoutMs: 120_000 });
  const child = spawn(process.execPath, [join(repoRootForTests(), 'bin', 'mqload.js'), ...segmentArgs(file, 2, 2, runId, startAt, dirs[1]!)], { stdio: 'ignore' });
  const stopped = new Promise<number>((resolve) => child.once('close', (code) => resolve(code ?? -1)));
  // Stop segment 2 four seconds into its load (one second of warm-up, three of load).
  await new Promise((r) => setTimeout(r, Date.parse(startAt) - Date.now() + 4000));
  child.kill('SIGTERM');
  assert.equal(await stopped, 130, 'an interrupted segment exits 130');
  assert.equal((await first).code, 0);
  const merged = join(work, `${runId}-merged`);
  const m = await runCli(['merge', ...dirs, '--out', merged, '--quiet'], { timeoutMs: 60_000 });
  assert.equal(m.code, 130, `a merged run with an interrupted segment exits 130: ${m.stderr}`);
  const s = readJson<RunSummary>(join(merged, 'summary.json'));
  const segs = readJson<MergedSegmentsFile>(join(merged, 'segments.json'));
  assert.equal(s.status, 'interrupted');
  assert.match(s.reason ?? '', /segment 2 interrupted/);
  const [one, two] = segs.segments;
  assert.equal(one!.status, 'completed');
  assert.equal(two!.status, 'interrupted');
  assert.ok((two!.notSent ?? 0) > 1000, `segment 2 (2 of 3 producers) left most of its 11 s share unsent: ${two!.notSent}`);
  assert.ok((one!.notSent ?? 0) < 50, `segment 1 sent its share: ${one!.notSent}`);
  const d = s.delivery?.[0];
  assert.ok(d);
  assert.equal(d.lost, 0, `nothing acknowledged was lost: ${JSON.stringify(d)}`);
  assert.ok(d.verdict === 'ok' || d.verdict === 'redelivered', d.verdict);
  const events = readFileSync(join(merged, 'events.jsonl'), 'utf8');
  assert.match(events, /segment 2\/2 interrupted.*not loss/);
});
