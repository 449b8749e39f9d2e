/**
 * Runs RocketMQ's own benchmark tools (`org.apache.rocketmq.example.benchmark.Producer` and
 * `Consumer` from `rocketmq-example`, the tools RocketMQ users measure with; the local broker's
 * jars hold them, pinned at 5.5.0) against the local RocketMQ over its remoting protocol: the
 * name server and broker ports are bridged to 127.0.0.1 like the gRPC port. Both tools run until
 * killed and print a rate every 10 s over the last 10 one-second snapshots; the second line of
 * each (seconds 10–20, past start-up and rebalancing) is the result. Their client logs go to a
 * temporary `user.home`, removed afterwards.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** One run: `producerThreads` synchronous senders and one push consumer group on one topic. */
export interface RocketmqBenchOptions {
  libsDir: string;
  /** `127.0.0.1:<port>` of the name server. */
  namesrv: string;
  topic: string;
  group: string;
  size: number;
  /** Sending threads of the Producer (`-w`): each waits for its send, so this many are in flight. */
  producerThreads: number;
}

export interface RocketmqBenchResult {
  sentPerSec: number;
  receivedPerSec: number;
}

/** The rate of the `n`-th (1-based) line of `out` that `pattern` matches, or null. */
export function nthRate(out: string, pattern: RegExp, n: number): number | null {
  const all = [...out.matchAll(new RegExp(pattern.source, 'g'))];
  const m = all[n - 1];
  return m ? Number(m[1]) : null;
}

const SEND_TPS = /Send TPS: (\d+)/;
const CONSUME_TPS = /Consume TPS: (\d+)/;

function startTool(o: RocketmqBenchOptions, home: string, mainClass: string, args: string[]): { child: ChildProcess; out: () => string } {
  const child = spawn('java', ['-Xmx512m', `-Duser.home=${home}`, '-cp', join(o.libsDir, '*'), mainClass, '-n', o.namesrv, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (text += b.toString()));
  return { child, out: () => text };
}

/** Runs the Consumer and then the Producer until each printed its second rate line (at most 60 s), then stops both. */
export async function rocketmqBenchmark(o: RocketmqBenchOptions): Promise<RocketmqBenchResult> {
  const home = mkdtempSync(join(tmpdir(), 'mqload-rocketmq-bench-'));
  const consumer = startTool(o, home, 'org.apache.rocketmq.example.benchmark.Consumer', ['-t', o.topic, '-g', o.group, '-p', 'false']);
  await new Promise((r) => setTimeout(r, 1000));
  const producer = startTool(o, home, 'org.apache.rocketmq.example.benchmark.Producer', ['-t', o.topic, '-s', String(o.size), '-w', String(o.producerThreads)]);
  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const sent = nthRate(producer.out(), SEND_TPS, 2);
      const received = nthRate(consumer.out(), CONSUME_TPS, 2);
      if (sent !== null && received !== null) return { sentPerSec: sent, receivedPerSec: received };
      for (const [name, t] of [['Producer', producer], ['Consumer', consumer]] as const) {
        if (t.child.exitCode !== null) throw new Error(`RocketMQ benchmark ${name} exited ${t.child.exitCode}: ${t.out().slice(-400)}`);
      }
      if (Date.now() > deadline) throw new Error(`RocketMQ benchmark printed no second rate line in 60 s: ${producer.out().slice(-300)} | ${consumer.out().slice(-300)}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    for (const t of [producer, consumer]) t.child.kill('SIGKILL');
    await Promise.all([producer, consumer].map((t) => (t.child.exitCode !== null ? Promise.resolve() : new Promise((r) => t.child.once('close', r)))));
    rmSync(home, { recursive: true, force: true });
  }
}
