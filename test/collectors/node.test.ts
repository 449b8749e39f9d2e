/**
 * The node collector against a real Prometheus node_exporter (Debian's
 * `prometheus-node-exporter`) started on a free loopback port for this test.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { NodeExporterCollector, NodeValueDeriver, NODE_SAMPLE_NAMES, readNodeCounters, type NodeCounters } from '../../src/collectors/node.js';
import { parsePromText } from '../../src/collectors/prom-text.js';

const BINARY = '/usr/bin/prometheus-node-exporter';
const hasExporter = existsSync(BINARY);

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

let exporter: ChildProcess | null = null;
let endpoint = '';

before(async () => {
  if (!hasExporter) return;
  const port = await freePort();
  endpoint = `127.0.0.1:${port}`;
  exporter = spawn(BINARY, [`--web.listen-address=${endpoint}`], { stdio: 'ignore' });
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const up = await fetch(`http://${endpoint}/metrics`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`node_exporter did not come up on ${endpoint}`);
});

after(() => {
  exporter?.kill('SIGTERM');
});

test('real node_exporter: values present and plausible', { skip: !hasExporter && `${BINARY} missing (apt-get install prometheus-node-exporter)` }, async () => {
  const c = new NodeExporterCollector(endpoint, 2000);
  assert.deepEqual(await c.start(), { available: true });
  await new Promise((r) => setTimeout(r, 1100));
  const [main, ...rest] = await c.sample();
  assert.ok(main);
  assert.equal(main.source, 'node');
  assert.equal(main.instance, endpoint);
  const v = main.values;
  assert.equal(v['cores'], os.cpus().length);
  assert.ok(v['cpu_busy_percent']! >= 0 && v['cpu_busy_percent']! <= 100, `cpu ${v['cpu_busy_percent']}`);
  assert.ok(v['mem_total_bytes']! > 0);
  assert.ok(v['mem_available_bytes']! > 0 && v['mem_available_bytes']! <= v['mem_total_bytes']!);
  assert.ok(Math.abs(v['mem_total_bytes']! - os.totalmem()) / os.totalmem() < 0.05, 'MemTotal matches the OS figure');
  assert.ok(v['load1']! >= 0);
  for (const k of ['net_rx_bytes_per_sec', 'net_tx_bytes_per_sec', 'disk_read_bytes_per_sec', 'disk_write_bytes_per_sec']) {
    assert.ok(Number.isFinite(v[k]) && v[k]! >= 0, `${k} = ${v[k]}`);
  }
  if (v['disk_io_busy_ratio'] !== undefined) assert.ok(v['disk_io_busy_ratio'] >= 0 && v['disk_io_busy_ratio'] <= 1);
  for (const s of rest) assert.equal(s.labels?.['device'], 'lo');
  await c.stop();
});

test('an endpoint that is not a node_exporter is unavailable with a reason', { skip: !hasExporter }, async () => {
  const port = await freePort();
  const c = new NodeExporterCollector(`127.0.0.1:${port}`, 1000);
  const st = await c.start();
  assert.equal(st.available, false);
  assert.match(st.reason ?? '', /ECONNREFUSED/);
});

test('link speed: sum of known non-loopback speeds; -1 Mbit/s means unknown', () => {
  const idx = parsePromText(
    ['node_network_speed_bytes{device="eth0"} -125000', 'node_network_speed_bytes{device="eth1"} 1.25e+09', 'node_network_speed_bytes{device="eth2"} 1.25e+08', 'node_network_speed_bytes{device="lo"} 5e9', ''].join('\n'),
    NODE_SAMPLE_NAMES,
  );
  assert.equal(readNodeCounters(idx).linkSpeed, 1.375e9);
  assert.equal(readNodeCounters(parsePromText('node_network_speed_bytes{device="eth0"} -125000\n')).linkSpeed, undefined);
});

test('CPU busy share, rates, busiest disk and loopback from two scrapes', () => {
  const counters = (n: number): NodeCounters => ({
    cpuIdleSeconds: 100 + n * 1.5, // 2 cores, 2 s between scrapes: 4 cpu-seconds, 1.5 idle → 62.5 % busy
    cpuTotalSeconds: 200 + n * 4,
    cores: 2,
    load1: 1.2,
    memAvailable: 10,
    memTotal: 20,
    netRx: 1000 + n * 2000,
    netTx: 500 + n * 1000,
    loRx: n * 4000,
    loTx: n * 4000,
    linkSpeed: 1.25e9,
    diskRead: 0,
    diskWrite: n * 10_000,
    diskIoTime: new Map([
      ['vda', n * 0.5],
      ['vdb', n * 1.8],
    ]),
  });
  const d = new NodeValueDeriver();
  const first = d.derive(counters(0), 0);
  assert.deepEqual(first.main, { cores: 2, load1: 1.2, mem_available_bytes: 10, mem_total_bytes: 20, net_link_speed_bytes_per_sec: 1.25e9 });
  const second = d.derive(counters(1), 2000);
  assert.equal(second.main['cpu_busy_percent'], 62.5);
  assert.equal(second.main['net_rx_bytes_per_sec'], 1000);
  assert.equal(second.main['net_tx_bytes_per_sec'], 500);
  assert.equal(second.main['disk_write_bytes_per_sec'], 5000);
  assert.equal(second.main['disk_io_busy_ratio'], 0.9, 'busiest device');
  assert.deepEqual(second.loopback, { net_rx_bytes_per_sec: 2000, net_tx_bytes_per_sec: 2000 });
});
