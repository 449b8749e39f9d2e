/**
 * Runs `artemis perf client` from the local broker's distribution (the tool Artemis users measure
 * with) over AMQP against the local Artemis and reads its JSON report: the interval samples after
 * the warm-up give the sending and receiving rates. The distribution is the one
 * `mqload local up --broker artemis` unpacked (`<cache>/artemis/apache-artemis-<version>/`).
 * The password is passed as `--password` (visible in the process list of this machine while the
 * client runs; never written to a file or a log).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { artemisPaths } from '../src/local/artemis/paths.js';

/** One run: one producer and one consumer on one anycast queue. */
export interface ArtemisPerfOptions {
  /** `amqp://host:port` (no credentials). */
  url: string;
  user: string;
  password: string;
  queue: string;
  seconds: number;
  warmupSeconds: number;
  size: number;
  /** Sends not yet completed (accepted) at a time (`--max-pending`). */
  maxPending: number;
  persistent: boolean;
}

export interface ArtemisPerfResult {
  sentPerSec: number;
  receivedPerSec: number;
}

interface PerfSample {
  sampleType: string;
  warmup?: boolean;
  time: number;
  sent?: number;
  received?: number;
}

/** Rates from the report's interval samples after the warm-up: Σ per interval ÷ the time they span. */
export function perfRates(samples: readonly PerfSample[]): ArtemisPerfResult {
  const intervals = samples.filter((s) => s.sampleType === 'interval' && s.warmup !== true);
  if (intervals.length < 2) throw new Error(`artemis perf client reported ${intervals.length} interval(s): too short a run`);
  const span = (intervals[intervals.length - 1]!.time - intervals[0]!.time) / 1000;
  const rest = intervals.slice(1);
  const sum = (k: 'sent' | 'received') => rest.reduce((n, s) => n + (s[k] ?? 0), 0);
  return { sentPerSec: sum('sent') / span, receivedPerSec: sum('received') / span };
}

/** Runs the client to its end (duration + warm-up, bounded by a timeout) and parses its report. */
export async function artemisPerf(o: ArtemisPerfOptions): Promise<ArtemisPerfResult> {
  const bin = join(artemisPaths().distDir, 'bin', 'artemis');
  if (!existsSync(bin)) throw new Error(`no Artemis distribution at ${bin}: run mqload local up --broker artemis first`);
  const dir = mkdtempSync(join(tmpdir(), 'mqload-artemis-perf-'));
  const report = join(dir, 'report.json');
  const args = ['perf', 'client', '--silent', '--protocol', 'AMQP', '--url', o.url, '--user', o.user, '--password', o.password];
  args.push('--duration', String(o.seconds), '--warmup', String(o.warmupSeconds), '--max-pending', String(o.maxPending), '--message-size', String(o.size), '--json', report);
  if (o.persistent) args.push('--persistent');
  args.push(`queue://${o.queue}`);
  try {
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(bin, args, { cwd: dir, env: { ...process.env, ARTEMIS_INSTANCE: dir }, stdio: ['ignore', 'pipe', 'pipe'] });
      let text = '';
      child.stdout.on('data', (b: Buffer) => (text += b.toString()));
      child.stderr.on('data', (b: Buffer) => (text += b.toString()));
      const timer = setTimeout(() => child.kill('SIGKILL'), (o.seconds + o.warmupSeconds + 60) * 1000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(text);
        else reject(new Error(`artemis perf client exited ${code}: ${text.split(o.password).join('***').slice(-400)}`));
      });
    });
    if (!existsSync(report)) throw new Error(`artemis perf client wrote no report: ${out.split(o.password).join('***').slice(-400)}`);
    return perfRates(JSON.parse(readFileSync(report, 'utf8')) as PerfSample[]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
