/**
 * Runs RabbitMQ PerfTest (`com.rabbitmq:perf-test`, the tool RabbitMQ users measure with)
 * against a RabbitMQ broker and parses its averages. Its jars come from Maven Central the first
 * time (`mvn dependency:copy-dependencies` on `bench/rabbitmq/pom.xml`) into
 * `<cache>/perf-test-<version>/`, with a marker file once the copy is complete.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cacheBase, repoRoot } from '../src/local/paths.js';
import { runJava } from './kafka-perf.js';

const MARKER = '.mqload-perf-test.json';

/** The PerfTest version the pom pins (2.22.1: the newest Maven Central serves here). */
function pinnedVersion(pom: string): string {
  const m = /<artifactId>perf-test<\/artifactId>\s*<version>([^<]+)<\/version>/.exec(readFileSync(pom, 'utf8'));
  if (!m) throw new Error(`no perf-test version in ${pom}`);
  return m[1]!;
}

/** The directory holding PerfTest and its dependencies, copied there on first use. */
export function perfTestLibs(): string {
  const pom = join(repoRoot(), 'bench', 'rabbitmq', 'pom.xml');
  const version = pinnedVersion(pom);
  const dir = join(cacheBase(), `perf-test-${version}`);
  if (existsSync(join(dir, MARKER))) return dir;
  mkdirSync(dir, { recursive: true });
  const res = spawnSync('mvn', ['-B', '-q', '-f', pom, 'dependency:copy-dependencies', `-DoutputDirectory=${dir}`], { encoding: 'utf8', timeout: 600_000 });
  if (res.status !== 0) throw new Error(`could not fetch PerfTest ${version} with Maven: ${(res.stderr || res.stdout || String(res.error)).slice(-400)}`);
  writeFileSync(join(dir, MARKER), JSON.stringify({ version, copiedAt: new Date().toISOString() }) + '\n');
  return dir;
}

/** One PerfTest run: one producer and one consumer on one queue, `-z` seconds. */
export interface PerfTestOptions {
  /** `amqp://user:pass@host:port/vhost`. */
  url: string;
  queue: string;
  seconds: number;
  size: number;
  /** Unconfirmed publishes in flight (`-c`); 0 = no publisher confirms. */
  confirm: number;
  /** Consumer prefetch (`-q`); 0 = no consumer (`-y 0`). */
  prefetch: number;
  /** Producers (`-x`), default 1. */
  producers?: number;
  /** `quorum` adds `--quorum-queue` (and PerfTest then declares it durable). */
  queueType: 'classic' | 'quorum';
  /** Persistent messages (`-f persistent`). */
  persistent?: boolean;
  /** Only consume what is already queued (`-x 0`): the queue is not deleted afterwards. */
  consumeOnly?: boolean;
}

/** Averages PerfTest printed at the end, msg/s, and the median confirm latency, ms. */
export interface PerfTestResult {
  sentPerSec: number;
  receivedPerSec: number;
  confirmMedianMs: number | null;
}

/** Runs PerfTest and parses its "sending rate avg", "receiving rate avg" and confirm latency lines. */
export async function perfTest(libs: string, o: PerfTestOptions): Promise<PerfTestResult> {
  const args = ['-h', o.url, '-x', String(o.consumeOnly ? 0 : (o.producers ?? 1)), '-y', String(o.prefetch > 0 ? 1 : 0), '-z', String(o.seconds), '-s', String(o.size), '-u', o.queue];
  if (o.confirm > 0) args.push('-c', String(o.confirm));
  if (o.prefetch > 0) args.push('-q', String(o.prefetch));
  if (o.queueType === 'quorum') args.push('--quorum-queue');
  else args.push('--auto-delete', o.consumeOnly ? 'false' : 'true');
  if (o.persistent) args.push('-f', 'persistent');
  const out = await runJava(libs, 'com.rabbitmq.perf.PerfTest', args, (o.seconds + 60) * 1000);
  const rate = (what: string) => {
    const m = new RegExp(`${what} rate avg: ([0-9.]+) msg/s`).exec(out);
    return m ? Number(m[1]) : 0;
  };
  const confirm = /confirm latency min\/median\/75th\/95th\/99th [0-9]+\/([0-9]+)\//.exec(out);
  return { sentPerSec: rate('sending'), receivedPerSec: rate('receiving'), confirmMedianMs: confirm ? Number(confirm[1]) / 1000 : null };
}
