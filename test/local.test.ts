/**
 * `mqload local up|status|down` end to end, against a broker on non-default ports with its own
 * temporary cache directory (reusing the downloaded jars through MQLOAD_KAFKA_LIBS), plus the
 * pure parts (settings, rendered config, pinned versions).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, UsageError } from '../src/errors.js';
import { KAFKA_JAVA, renderServerProperties, resolveSettings } from '../src/local/kafka/config.js';
import { findJava } from '../src/local/environment.js';
import { readPinnedVersions, resolveLocalPaths } from '../src/local/kafka/paths.js';
import { readStateFile } from '../src/local/kafka/state.js';
import { isProcessAlive } from '../src/local/process.js';
import { runCli } from './helpers/cli.js';
import { createDriver } from '../src/drivers/index.js';

/** Listens on a free 127.0.0.1 port chosen by the OS; the caller closes the server. */
function listenOnFreePort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolvePromise, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, () => {
      const addr = server.address();
      if (addr === null || typeof addr === 'string') return reject(new Error('no port'));
      resolvePromise({ server, port: addr.port });
    });
  });
}

/** Three distinct free ports (released before returning). */
async function freePorts(n: number): Promise<number[]> {
  const held = await Promise.all(Array.from({ length: n }, () => listenOnFreePort()));
  await Promise.all(held.map((h) => new Promise((r) => h.server.close(r))));
  return held.map((h) => h.port);
}

describe('local broker settings', () => {
  test('defaults: client 9092, controller port+1, JMX 7071, heap 1g, Kafka\'s own thread pools (8 request handlers, 3 network)', () => {
    assert.deepEqual(resolveSettings({}), { port: 9092, controllerPort: 9093, jmxPort: 7071, heap: '1g', ioThreads: 8, networkThreads: 3 });
    assert.equal(resolveSettings({ port: 19092 }).controllerPort, 19093);
  });

  test('rejects clashing ports and malformed heap sizes', () => {
    assert.throws(() => resolveSettings({ port: 7071 }), UsageError);
    assert.throws(() => resolveSettings({ heap: '1 GB' }), UsageError);
    assert.throws(() => resolveSettings({ jmxPort: 70000 }), UsageError);
    assert.equal(resolveSettings({ heap: '512m' }).heap, '512m');
    assert.throws(() => resolveSettings({ ioThreads: 0 }), /--io-threads must be a whole number from 1 to 256, got 0/);
    assert.throws(() => resolveSettings({ networkThreads: 2.5 }), /--network-threads/);
  });

  test('server.properties binds every listener to 127.0.0.1 and uses a single-node KRaft quorum', () => {
    const paths = resolveLocalPaths({ cacheDir: '/tmp/mqload-render-test' });
    const text = renderServerProperties(resolveSettings({ port: 19092, controllerPort: 19099 }), paths);
    assert.match(text, /^process\.roles=broker,controller$/m);
    assert.match(text, /^controller\.quorum\.voters=1@127\.0\.0\.1:19099$/m);
    assert.match(text, /^listeners=PLAINTEXT:\/\/127\.0\.0\.1:19092,CONTROLLER:\/\/127\.0\.0\.1:19099$/m);
    assert.match(text, /^advertised\.listeners=PLAINTEXT:\/\/127\.0\.0\.1:19092$/m);
    assert.match(text, /^offsets\.topic\.replication\.factor=1$/m);
    assert.ok(text.includes(`log.dirs=${paths.dataDir}`));
    assert.match(text, /^num\.io\.threads=8$/m);
    assert.match(text, /^num\.network\.threads=3$/m);
  });

  test('versions come from the pom and name the cache directory', () => {
    const paths = resolveLocalPaths({ cacheDir: '/tmp/mqload-render-test' });
    const versions = readPinnedVersions(paths.pomFile);
    assert.match(versions.kafka, /^\d+\.\d+\.\d+$/);
    assert.match(versions.jmxExporter, /^\d+\.\d+\.\d+$/);
    assert.equal(paths.home, join('/tmp/mqload-render-test', `kafka-${versions.kafka}`));
  });
});

describe('Java check', () => {
  test('a Java older than the launcher needs is refused with exit 4, naming what sets the floor and how to install', () => {
    const home = mkdtempSync(join(tmpdir(), 'mqload-java-'));
    const saved = process.env['JAVA_HOME'];
    try {
      mkdirSync(join(home, 'bin'));
      writeFileSync(join(home, 'bin', 'java'), '#!/bin/sh\necho \'openjdk version "11.0.2" 2019-01-15\' >&2\n');
      chmodSync(join(home, 'bin', 'java'), 0o755);
      process.env['JAVA_HOME'] = home;
      assert.throws(
        () => findJava(KAFKA_JAVA),
        (err: unknown) =>
          err instanceof EnvironmentError &&
          err.exitCode === 4 &&
          err.message === `Java 11.0.2 at ${join(home, 'bin', 'java')} is too old; Kafka 4 needs Java 17+` &&
          (err.hint ?? '').includes('apt-get install -y openjdk-17-jre-headless'),
      );
      assert.equal(findJava({ major: 11, neededBy: 'a broker', floorSetBy: 'it' }).major, 11);
    } finally {
      if (saved === undefined) delete process.env['JAVA_HOME'];
      else process.env['JAVA_HOME'] = saved;
      rmSync(home, { recursive: true, force: true });
    }
  });
});

describe('mqload local up|status|down', { timeout: 180_000 }, () => {
  const cacheDir = mkdtempSync(join(tmpdir(), 'mqload-local-test-'));
  // Reuse the jars of the default cache (downloaded once) instead of downloading them again.
  const libsDir = resolveLocalPaths().libsDir;
  const env = { MQLOAD_CACHE_DIR: cacheDir, MQLOAD_KAFKA_LIBS: libsDir };
  let ports: number[] = [];
  let portFlags: string[] = [];

  before(async () => {
    ports = await freePorts(3);
    portFlags = ['--port', String(ports[0]), '--controller-port', String(ports[1]), '--jmx-port', String(ports[2])];
  });

  after(async () => {
    // Whatever happened above, leave no broker and no files behind (the shared jars stay).
    const res = await runCli(['local', 'down', '--purge'], { env });
    rmSync(cacheDir, { recursive: true, force: true });
    assert.equal(res.code, 0, res.stderr);
  });

  test('a port taken by another listener gives exit 4 naming the port', async () => {
    const other = await listenOnFreePort();
    try {
      const otherEnv = { ...env, MQLOAD_CACHE_DIR: join(cacheDir, 'taken') };
      const res = await runCli(['local', 'up', '--port', String(other.port), '--jmx-port', String(ports[2])], { env: otherEnv });
      assert.equal(res.code, 4, `stdout: ${res.stdout}\nstderr: ${res.stderr}`);
      assert.match(res.stderr, new RegExp(`port ${other.port} on 127\\.0\\.0\\.1 .*already in use`));
      assert.match(res.stderr, /--port/);
    } finally {
      await new Promise((r) => other.server.close(r));
    }
  });

  test('up, status, idempotent up, JMX metrics, down, status', async () => {
    const up = await runCli(['local', 'up', ...portFlags, '--heap', '512m', '--io-threads', '4', '--network-threads', '2', '--no-warm-up'], { env });
    assert.equal(up.code, 0, `stdout: ${up.stdout}\nstderr: ${up.stderr}`);
    assert.match(up.stdout, new RegExp(`bootstrap: +127\\.0\\.0\\.1:${ports[0]}`));
    assert.match(up.stdout, new RegExp(`http://127\\.0\\.0\\.1:${ports[2]}/metrics`));

    const paths = resolveLocalPaths({ cacheDir, libsDir });
    const state = readStateFile(paths.stateFile);
    assert.ok(state, 'state file written');
    assert.equal(state.port, ports[0]);
    assert.equal(state.heap, '512m');
    assert.deepEqual([state.ioThreads, state.networkThreads], [4, 2]);
    assert.ok(isProcessAlive(state.pid));
    assert.match(up.stdout, /threads: +4 request handler \(num\.io\.threads\), 2 network/);
    // The driver reads the pools back at the start of a run (broker.json keeps them for the analyzer).
    const probe = createDriver({ type: 'kafka', brokers: [`127.0.0.1:${ports[0]}`] }, { clientId: 'mqload-test-probe' });
    try {
      assert.deepEqual(await probe.brokerSettings!(15_000), { 'num.io.threads': '4', 'num.network.threads': '2' });
    } finally {
      await probe.close();
    }

    const status = await runCli(['local', 'status'], { env });
    assert.equal(status.code, 0, status.stdout + status.stderr);
    assert.match(status.stdout, /is running/);

    const again = await runCli(['local', 'up', ...portFlags], { env });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /already running/);
    assert.equal(readStateFile(paths.stateFile)?.pid, state.pid, 'the second up started nothing new');

    const res = await fetch(state.metricsUrl);
    assert.equal(res.status, 200);
    const metrics = await res.text();
    const heap = /^jvm_memory_used_bytes\{area="heap",?\} (\S+)$/m.exec(metrics);
    assert.ok(heap, 'jvm_memory_used_bytes{area="heap"} is served');
    assert.ok(Number(heap[1]) > 0, `heap used ${heap[1]} > 0`);
    assert.match(metrics, /^kafka_server_brokertopicmetrics_bytesin_total \S+$/m);
    assert.match(metrics, /^kafka_server_replicamanager_underreplicatedpartitions \S+$/m);

    const down = await runCli(['local', 'down'], { env });
    assert.equal(down.code, 0, down.stderr);
    assert.match(down.stdout, new RegExp(`stopped the local Kafka broker \\(pid ${state.pid}`));
    assert.equal(isProcessAlive(state.pid), false);
    assert.equal(readStateFile(paths.stateFile), null, 'state file removed');

    const after = await runCli(['local', 'status'], { env });
    assert.equal(after.code, 1, after.stdout + after.stderr);
    assert.match(after.stdout, /not running/);
  });
});
