/**
 * Host and process collectors on this machine, the worker-stats hub, and the /proc readers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import os from 'node:os';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { HostCollector, parseProcNetDev, parseProcStatCpu, readLinkSpeed } from '../../src/collectors/host.js';
import { ProcessCollector } from '../../src/collectors/process.js';
import { WorkerStatsHub, type WorkerStats } from '../../src/collectors/worker-stats.js';
import { ClientCollector } from '../../src/collectors/client.js';
import { diskUsageBytes, parseProcKeyValues, parseProcStat, threadCpuMs } from '../../src/collectors/proc.js';

const linux = process.platform === 'linux';

test('host: CPU per core, memory, load, and network per interface with loopback marked', async () => {
  const c = new HostCollector();
  assert.deepEqual(await c.start(), { available: true });
  await new Promise((r) => setTimeout(r, 500));
  const samples = await c.sample();
  const main = samples.find((s) => s.instance === undefined)!;
  const v = main.values;
  const cores = os.cpus().length;
  assert.equal(v['cores'], cores);
  for (let i = 0; i < cores; i++) {
    const core = v[`cpu_core_${i}_busy_percent`];
    assert.ok(core !== undefined && core >= 0 && core <= 100, `core ${i}: ${core}`);
  }
  assert.ok(v['cpu_busy_percent']! >= 0 && v['cpu_busy_percent']! <= 100);
  // The aggregate `cpu` line and the per-core lines of /proc/stat are separate jiffy counts: over a
  // 0.5 s window (≈50 ticks per core) they can disagree by a tick or two, i.e. a few percent.
  const slack = (2 * 100) / (0.5 * 100) + 1e-9;
  assert.ok(v['cpu_max_core_busy_percent']! >= v['cpu_busy_percent']! - slack, `max core ${v['cpu_max_core_busy_percent']} vs total ${v['cpu_busy_percent']}`);
  assert.ok(v['mem_available_bytes']! > 0 && v['mem_available_bytes']! <= v['mem_total_bytes']!);
  assert.equal(v['mem_total_bytes'], os.totalmem());
  const ifaces = samples.filter((s) => s.instance !== undefined);
  if (linux) {
    const lo = ifaces.find((s) => s.instance === 'lo');
    assert.ok(lo, 'lo is kept');
    assert.equal(lo.labels?.['loopback'], 'true');
    assert.ok(lo.values['net_rx_bytes_per_sec']! >= 0);
    for (const s of ifaces.filter((x) => x.instance !== 'lo')) assert.equal(s.labels?.['loopback'], 'false');
  }
  await c.stop();
});

test('/proc/stat CPU lines: idle includes iowait, guest is not counted twice', () => {
  const text = `cpu  100 5 50 800 20 1 4 10 7 0
cpu0 60 5 30 390 10 1 2 5 7 0
cpu1 40 0 20 410 10 0 2 5 0 0
intr 12345
`;
  const r = parseProcStatCpu(text);
  assert.deepEqual(r.all, { idle: 820, total: 990 });
  assert.deepEqual(r.cores, [
    { idle: 400, total: 503 },
    { idle: 420, total: 487 },
  ]);
  assert.throws(() => parseProcStatCpu('intr 1\n'), /no cpu line/);
});

test('link speed of an interface: bytes/s, or undefined when the kernel does not know it', { skip: !linux && 'needs /sys' }, () => {
  assert.equal(readLinkSpeed('lo'), undefined, 'loopback has no speed (EINVAL)');
  assert.equal(readLinkSpeed('no-such-iface-x'), undefined);
  for (const iface of Object.keys(os.networkInterfaces())) {
    const v = readLinkSpeed(iface);
    assert.ok(v === undefined || (v > 0 && v % 125_000 === 0), `${iface}: ${v}`);
  }
});

test('/proc/net/dev parsing', () => {
  const text = `Inter-|   Receive                                                |  Transmit
 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
    lo: 1937735    1000    0    0    0     0          0         0  1937735    1000    0    0    0     0       0          0
  eth0: 281179239  200000    0    0    0     0          0         0   597556    5000    0    0    0     0       0          0
`;
  assert.deepEqual(parseProcNetDev(text), [
    { iface: 'lo', rxBytes: 1937735, txBytes: 1937735 },
    { iface: 'eth0', rxBytes: 281179239, txBytes: 597556 },
  ]);
});

test('process: whole-process and coordinator-thread CPU, memory, event loop; busy loop shows in delay and utilisation', async () => {
  const c = new ProcessCollector(null);
  await c.start();
  await new Promise((r) => setTimeout(r, 50)); // let the delay monitor's timer start
  const until = Date.now() + 150;
  while (Date.now() < until) {
    // Block the event loop for 150 ms.
  }
  await new Promise((r) => setTimeout(r, 50));
  const [all, s] = await c.sample();
  assert.equal(all?.instance, 'all-threads');
  assert.deepEqual(Object.keys(all!.values).sort(), ['cpu_percent', 'rss_bytes']);
  assert.ok(all!.values['rss_bytes']! > 0);
  assert.ok(all!.values['cpu_percent']! > 30, `a 150 ms busy loop in ~200 ms, whole process: ${all!.values['cpu_percent']}`);
  assert.equal(s?.instance, 'coordinator');
  const v = s!.values;
  assert.equal(v['rss_bytes'], undefined, 'RSS is the whole process');
  assert.ok(v['heap_used_bytes']! > 0 && v['heap_used_bytes']! <= v['heap_total_bytes']!);
  if (process.platform === 'linux') assert.ok(v['cpu_percent']! > 30, `a 150 ms busy loop in ~200 ms, coordinator thread: ${v['cpu_percent']}`);
  assert.ok(v['event_loop_utilization_ratio']! > 0.3, `ELU ${v['event_loop_utilization_ratio']}`);
  assert.ok(v['event_loop_delay_max_ms']! >= 100, `delay max ${v['event_loop_delay_max_ms']}`);
  await c.stop();
});

const report = (i: number, over: Partial<WorkerStats> = {}): WorkerStats => ({
  workerIndex: i,
  eventLoopDelayP99Ms: 12,
  eventLoopDelayMaxMs: 30,
  elu: 0.5,
  cpuUserMs: 300,
  cpuSystemMs: 100,
  intervalMs: 1000,
  client: { requests: 10, latencyMsSum: 50, latencyP99Ms: 9, timeouts: 1, retries: 2, queueSizeMax: 4 },
  ...over,
});

test('worker stats reach process and client samples as worker-<i>; repeated reports merge', async () => {
  const hub = new WorkerStatsHub();
  const proc = new ProcessCollector(hub);
  const client = new ClientCollector(null, hub);
  await proc.start();
  assert.deepEqual(await client.start(), { available: true });
  hub.report(report(0));
  hub.report(report(1, { elu: 0.9, eventLoopDelayP99Ms: 80 }));
  hub.report(report(1, { elu: 0.1, eventLoopDelayP99Ms: 20, cpuUserMs: 100, cpuSystemMs: 0, client: { requests: 30, latencyMsSum: 90, latencyP99Ms: 4, timeouts: 0, retries: 0, queueSizeMax: 9 } }));
  const ps = await proc.sample();
  const w0 = ps.find((s) => s.instance === 'worker-0')!.values;
  assert.deepEqual(w0, { event_loop_delay_p99_ms: 12, event_loop_delay_max_ms: 30, event_loop_utilization_ratio: 0.5, cpu_percent: 40 });
  const w1 = ps.find((s) => s.instance === 'worker-1')!.values;
  assert.equal(w1['event_loop_utilization_ratio'], 0.5, 'time-weighted mean of 0.9 and 0.1');
  assert.equal(w1['event_loop_delay_p99_ms'], 80, 'largest p99 (percentiles are not summable)');
  assert.equal(w1['cpu_percent'], 25, '500 ms CPU over 2 s');
  const cs = await client.sample();
  const c1 = cs.find((s) => s.instance === 'worker-1')!.values;
  assert.deepEqual(c1, {
    requests_count: 40,
    request_timeouts_count: 1,
    retries_count: 2,
    request_queue_size_max: 9,
    request_latency_avg_ms: 140 / 40,
    request_latency_p99_ms: 9,
  });
  assert.deepEqual(await proc.sample().then((s) => s.map((x) => x.instance)), ['all-threads', 'coordinator'], 'drained');
  assert.deepEqual(await client.sample(), [], 'drained');
  await proc.stop();
});

test('coordinator-thread CPU leaves out what other threads use', async () => {
  if (process.platform !== 'linux') return;
  const { Worker } = await import('node:worker_threads');
  const c = new ProcessCollector(null);
  await c.start();
  // A worker thread spins for 300 ms while the coordinator thread waits.
  const w = new Worker('const until = Date.now() + 300; while (Date.now() < until) {}', { eval: true });
  await new Promise((r) => w.once('exit', r));
  const [all, coordinator] = await c.sample();
  assert.ok(all!.values['cpu_percent']! > 10, `whole process counts the worker: ${all!.values['cpu_percent']}`);
  assert.ok(coordinator!.values['cpu_percent']! < all!.values['cpu_percent']! / 2, `coordinator ${coordinator!.values['cpu_percent']} vs all ${all!.values['cpu_percent']}`);
  await c.stop();
});

test('worker reports without CPU times give no worker cpu_percent', async () => {
  const hub = new WorkerStatsHub();
  hub.report(report(3, { cpuUserMs: undefined, cpuSystemMs: undefined }));
  const f = hub.drainProcess().get(3)!;
  assert.equal(f.cpuPercent, undefined);
  assert.equal(f.elu, 0.5);
});

test('/proc parsers on this process', { skip: !linux && 'needs /proc' }, () => {
  const st = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
  assert.ok(st.utimeTicks >= 0 && st.stimeTicks >= 0);
  assert.ok(st.threads >= 1);
  assert.ok(st.rssPages > 0);
  const status = parseProcKeyValues(readFileSync('/proc/self/status', 'utf8'));
  assert.equal(status['Threads'], st.threads);
  assert.ok(status['VmRSS']! > 0);
  // A command name with spaces and parentheses does not shift the fields.
  const weird = parseProcStat('123 (a b) c)) S 1 2 3 4 5 6 7 8 9 10 11 22 33 14 15 16 7 18 19 20 555 22');
  assert.equal(weird.utimeTicks, 11);
  assert.equal(weird.stimeTicks, 22);
  assert.equal(weird.threads, 7);
  assert.equal(weird.rssPages, 555);
  assert.equal(weird.startTicks, 19);
});

test('disk usage of a directory tree counts allocated blocks', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mqload-du-'));
  try {
    await mkdir(path.join(dir, 'a', 'b'), { recursive: true });
    await writeFile(path.join(dir, 'a', 'b', 'x.log'), Buffer.alloc(64 * 1024, 1));
    await writeFile(path.join(dir, 'y.log'), Buffer.alloc(32 * 1024, 1));
    const bytes = await diskUsageBytes(dir);
    assert.ok(bytes >= 96 * 1024 && bytes < 200 * 1024, `${bytes}`);
    await assert.rejects(diskUsageBytes(path.join(dir, 'missing')), /ENOENT/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('thread CPU: a busy worker thread counts its own CPU, the idle main thread does not', { skip: !linux && 'needs /proc/thread-self' }, async () => {
  const { Worker } = await import('node:worker_threads');
  const procUrl = new URL('../../src/collectors/proc.js', import.meta.url).href;
  const code = `
    import { parentPort } from 'node:worker_threads';
    const { threadCpuMs } = await import(${JSON.stringify(procUrl)});
    const before = threadCpuMs();
    const until = Date.now() + 300;
    while (Date.now() < until) {}
    const after = threadCpuMs();
    parentPort.postMessage({ before, after });
  `;
  const mainBefore = threadCpuMs()!;
  const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
  const msg = await new Promise<{ before: { userMs: number; systemMs: number }; after: { userMs: number; systemMs: number } }>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  await worker.terminate();
  const mainAfter = threadCpuMs()!;
  const workerMs = msg.after.userMs + msg.after.systemMs - (msg.before.userMs + msg.before.systemMs);
  const mainMs = mainAfter.userMs + mainAfter.systemMs - (mainBefore.userMs + mainBefore.systemMs);
  assert.ok(workerMs >= 150, `worker spun 300 ms, measured ${workerMs} ms of its CPU`);
  assert.ok(mainMs < workerMs / 2, `main thread waited: ${mainMs} ms vs worker ${workerMs} ms`);
});
