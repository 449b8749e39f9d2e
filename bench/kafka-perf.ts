/**
 * Runs Kafka's own perf tools (`ProducerPerformance`, `ConsumerPerformance` from the cached
 * `kafka-tools` jars) against the local broker and parses their throughput.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';

/** Runs a Java main class with the broker's jars on the classpath; resolves with stdout. */
export function runJava(libsDir: string, mainClass: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('java', ['-Xmx512m', '-cp', `${join(libsDir, '*')}`, mainClass, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolve(out);
      else reject(new Error(`${mainClass} exited with ${code}: ${(err || out).split('\n').slice(-5).join(' ')}`));
    });
  });
}

/**
 * `ProducerPerformance --throughput -1`: records/sec of its final line
 * ("N records sent, X records/sec (Y MB/sec), …").
 */
export async function producerPerformance(
  libsDir: string,
  opts: { bootstrap: string; topic: string; records: number; recordSize: number; acks: string; lingerMs: number; batchBytes: number },
): Promise<number> {
  const out = await runJava(
    libsDir,
    'org.apache.kafka.tools.ProducerPerformance',
    [
      '--topic', opts.topic,
      '--num-records', String(opts.records),
      '--record-size', String(opts.recordSize),
      '--throughput', '-1',
      '--producer-props', `bootstrap.servers=${opts.bootstrap}`, `acks=${opts.acks}`, `linger.ms=${opts.lingerMs}`, `batch.size=${opts.batchBytes}`, 'compression.type=none',
    ],
    180_000,
  );
  const lines = out.trim().split('\n');
  const last = lines.reverse().find((l) => /records sent, [0-9.]+ records\/sec/.test(l));
  const m = last ? /records sent, ([0-9.]+) records\/sec/.exec(last) : null;
  if (!m) throw new Error(`could not parse ProducerPerformance output: ${out.slice(-300)}`);
  return Number(m[1]);
}

/** `ConsumerPerformance`: fetch.nMsg.sec (messages/s while fetching, rebalance time excluded). */
export async function consumerPerformance(libsDir: string, opts: { bootstrap: string; topic: string; messages: number; group: string }): Promise<number> {
  const out = await runJava(
    libsDir,
    'org.apache.kafka.tools.ConsumerPerformance',
    ['--bootstrap-server', opts.bootstrap, '--topic', opts.topic, '--messages', String(opts.messages), '--group', opts.group, '--timeout', '60000'],
    180_000,
  );
  const lines = out.trim().split('\n').filter((l) => l.includes(','));
  const header = lines.find((l) => l.includes('nMsg.sec'));
  const data = lines[lines.length - 1];
  if (!header || !data || data === header) throw new Error(`could not parse ConsumerPerformance output: ${out.slice(-300)}`);
  const cols = header.split(',').map((c) => c.trim());
  const vals = data.split(',').map((c) => c.trim());
  const idx = cols.indexOf('fetch.nMsg.sec') >= 0 ? cols.indexOf('fetch.nMsg.sec') : cols.indexOf('nMsg.sec');
  const v = Number(vals[idx]);
  if (!Number.isFinite(v)) throw new Error(`could not parse ConsumerPerformance value from: ${data}`);
  return v;
}
