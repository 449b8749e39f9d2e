/**
 * The collector runner: an endpoint that fails midway (a local HTTP server stopped and
 * restarted) gives a gap event, retries with growing backoff, then a recovery event; a
 * collector that fails or hangs at start is marked unavailable and the others go on.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CollectorRunner, type CollectorEvent } from '../../src/collectors/runner.js';
import { NodeExporterCollector } from '../../src/collectors/node.js';
import type { Collector, SampleReading } from '../../src/collectors/types.js';
import type { CollectorStatus } from '../../src/record/format.js';

/** A minimal node_exporter page whose counters advance on every scrape. */
function nodePage(n: number): string {
  return [
    '# TYPE node_cpu_seconds_total counter',
    `node_cpu_seconds_total{cpu="0",mode="idle"} ${100 + n * 0.05}`,
    `node_cpu_seconds_total{cpu="0",mode="user"} ${50 + n * 0.05}`,
    'node_load1 0.5',
    'node_memory_MemTotal_bytes 1000',
    'node_memory_MemAvailable_bytes 400',
    `node_network_receive_bytes_total{device="eth0"} ${n * 1000}`,
    `node_network_transmit_bytes_total{device="eth0"} ${n * 500}`,
    '',
  ].join('\n');
}

/** Records when `sample()` was called. */
class Spy implements Collector {
  readonly calls: number[] = [];
  constructor(private readonly inner: Collector) {}
  get name() {
    return this.inner.name;
  }
  get source() {
    return this.inner.source;
  }
  start(): Promise<CollectorStatus> {
    return this.inner.start();
  }
  sample(): Promise<SampleReading[]> {
    this.calls.push(Date.now());
    return this.inner.sample();
  }
  stop(): Promise<void> {
    return this.inner.stop();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function listen(server: http.Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

async function shut(server: http.Server): Promise<void> {
  await new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });
}

test('an endpoint that fails midway: gap event, exponential backoff, recovery event', async () => {
  let scrapes = 0;
  const handler: http.RequestListener = (_req, res) => res.end(nodePage(++scrapes));
  let server = http.createServer(handler);
  const port = await listen(server);
  const spy = new Spy(new NodeExporterCollector(`127.0.0.1:${port}`, 500));
  const runner = new CollectorRunner([spy], { intervalMs: 100, maxBackoffMs: 400 });
  const events: CollectorEvent[] = [];
  runner.onEvent((e) => events.push(e));
  const batches: number[] = [];
  runner.onSamples((b) => batches.push(b.takenAtMs));
  try {
    assert.equal((await runner.start())[spy.name]?.available, true);
    await sleep(350);
    const beforeOutage = batches.length;
    assert.ok(beforeOutage >= 2, `sampled before the outage (${beforeOutage})`);

    await shut(server);
    const outageStart = Date.now();
    await sleep(1600);
    const failedCalls = spy.calls.filter((t) => t > outageStart);
    assert.equal(events.filter((e) => e.kind === 'collector-gap').length, 1, 'one gap event per outage');
    const gap = events.find((e) => e.kind === 'collector-gap')!;
    assert.equal(gap.data.collector, spy.name);
    assert.match(String(gap.data['reason']), /ECONNREFUSED/);
    assert.equal(runner.statuses()[spy.name]?.available, true, 'a failing collector stays in the run');
    assert.match(runner.statuses()[spy.name]?.reason ?? '', /ECONNREFUSED/);
    // 16 ticks passed; with backoff 100, 200, 400, 400, … ms there are only a handful of attempts.
    assert.ok(failedCalls.length >= 3 && failedCalls.length <= 8, `attempts during the outage: ${failedCalls.length}`);
    const waits = failedCalls.slice(1).map((t, i) => t - failedCalls[i]!);
    assert.ok(waits[waits.length - 1]! >= 350, `waits grow to the cap: ${waits.join(', ')}`);
    assert.ok(Math.max(...waits) <= 400 + 100 + 150, `waits stay under the cap plus one tick: ${waits.join(', ')}`);

    server = http.createServer(handler);
    await listen(server, port);
    await sleep(900);
    const recovered = events.filter((e) => e.kind === 'collector-recovered');
    assert.equal(recovered.length, 1, `recovered once: ${events.map((e) => e.kind).join(', ')}`);
    assert.ok(Number(recovered[0]!.data['gapSeconds']) >= 1.4, `gap length reported: ${recovered[0]!.data['gapSeconds']}`);
    const st = runner.statuses()[spy.name]!;
    assert.equal(st.gaps, 1);
    assert.equal(st.reason, undefined);
    assert.ok(batches.filter((t) => t > outageStart).length >= 2, 'samples flow again');
  } finally {
    await runner.stop();
    await shut(server);
  }
});

test('a collector that throws or hangs at start is unavailable; the others run', async () => {
  const failing: Collector = {
    name: 'broken',
    source: 'host',
    start: () => Promise.reject(new Error('boom at start')),
    sample: () => Promise.resolve([]),
    stop: () => Promise.resolve(),
  };
  const hanging: Collector = {
    name: 'hanging',
    source: 'host',
    start: () => new Promise<CollectorStatus>(() => undefined),
    sample: () => Promise.resolve([]),
    stop: () => Promise.resolve(),
  };
  let n = 0;
  const working: Collector = {
    name: 'working',
    source: 'host',
    start: () => Promise.resolve({ available: true }),
    sample: () => Promise.resolve([{ source: 'host', values: { load1: ++n } }]),
    stop: () => Promise.resolve(),
  };
  const runner = new CollectorRunner([failing, hanging, working], { intervalMs: 50, startTimeoutMs: 200 });
  const kinds: string[] = [];
  runner.onEvent((e) => kinds.push(`${e.kind}:${e.data.collector}`));
  const st = await runner.start();
  assert.deepEqual(st['broken'], { available: false, reason: 'boom at start', samples: 0, gaps: 0 });
  assert.equal(st['hanging']?.available, false);
  assert.match(st['hanging']?.reason ?? '', /no answer within 200 ms/);
  assert.equal(st['working']?.available, true);
  assert.deepEqual(kinds.sort(), ['collector-unavailable:broken', 'collector-unavailable:hanging']);
  await sleep(220);
  await runner.stop();
  await runner.stop();
  assert.ok((runner.statuses()['working']?.samples ?? 0) >= 2);
});

test('a sample that hangs counts as a failure and the collector is not sampled twice at once', async () => {
  let calls = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const slow: Collector = {
    name: 'slow',
    source: 'host',
    start: () => Promise.resolve({ available: true }),
    sample: async () => {
      calls++;
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(calls === 1 ? 400 : 0);
      inFlight--;
      return [{ source: 'host', values: { load1: 1 } }];
    },
    stop: () => Promise.resolve(),
  };
  const runner = new CollectorRunner([slow], { intervalMs: 50, sampleTimeoutMs: 150, maxBackoffMs: 100 });
  const kinds: string[] = [];
  runner.onEvent((e) => kinds.push(e.kind));
  await runner.start();
  await sleep(700);
  await runner.stop();
  assert.equal(maxInFlight, 1);
  assert.deepEqual(kinds.slice(0, 2), ['collector-gap', 'collector-recovered']);
});

test('two collectors with one name are refused', () => {
  const c: Collector = { name: 'x', source: 'host', start: async () => ({ available: true }), sample: async () => [], stop: async () => {} };
  assert.throws(() => new CollectorRunner([c, c], { intervalMs: 100 }), /two collectors named x/);
});
