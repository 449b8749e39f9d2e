/**
 * Cost of execution segments: the same unthrottled profile run as 2 segments (two `mqload run
 * --segment K/2` processes with one worker each, then `mqload merge`) and as 1 process with two
 * workers, alternating A B A B, through the CLI on both sides. On one 2-core machine the two
 * sides share the same cores and the same broker, so the ratio is expected near 1: the point is
 * that splitting and merging cost nothing (on real nodes each segment brings its own cores).
 * Rows: mqload = 2 segments merged, reference = 1 process; figures are the produce rate (acked
 * msg/s over the load phase) of the merged and the single summary (no consumers: the produce
 * side is what splits). Topics are deleted afterwards. Run alone: `npm run bench -- segments` (local broker up).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../src/local/paths.js';
import { createDriver } from '../src/drivers/index.js';
import type { RunSummary } from '../src/record/summary.js';
import type { ExtraCase } from './cases.js';
import type { BenchCase } from './run.js';
import { mean, ratio } from './common.js';

const ROUNDS = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
const DURATION_S = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);

/** Runs `node bin/mqload.js <args>`; rejects on an exit other than 0 (or 99, a threshold). */
function mqload(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(repoRoot(), 'bin', 'mqload.js'), ...args], { cwd: repoRoot(), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.once('close', (code) => (code === 0 || code === 99 ? resolve() : reject(new Error(`mqload ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

const rateOf = (dir: string): number => (JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as RunSummary).produce.ratePerSec;

export const segmentsCase: ExtraCase = {
  name: 'segments',
  async run(bootstrap: string): Promise<BenchCase[]> {
    const work = mkdtempSync(join(tmpdir(), 'mqload-bench-segments-'));
    const topics: string[] = [];
    const profileFor = (tag: string): string => {
      const topic = `mqload-bench-seg-${tag}-${Date.now().toString(36)}`;
      topics.push(topic);
      const file = join(work, `${tag}.json`);
      writeFileSync(
        file,
        JSON.stringify({
          name: `bench-segments-${tag}`,
          driver: { type: 'kafka', brokers: [bootstrap] },
          topics: [{ name: topic, partitions: 8, replicationFactor: 1 }],
          message: { size: 1024, keys: 'none' },
          producers: { count: 2, mode: 'async', acks: 1, maxInFlight: 5000, batch: { maxRecords: 500, lingerMs: 5 } },
          load: { warmup: '3s', cooldown: '2s', phases: [{ executor: 'max-throughput', duration: `${DURATION_S}s` }] },
        }),
      );
      return file;
    };
    const common = ['--no-report', '--quiet', '--metrics-port', '0'];
    const segmented: number[] = [];
    const sumOfShares: number[] = [];
    const single: number[] = [];
    try {
      for (let r = 0; r < ROUNDS; r++) {
        const runId = `bench-seg-${Date.now().toString(36)}`;
        const file = profileFor(`s${r}`);
        const startAt = new Date(Math.ceil((Date.now() + 12_000) / 1000) * 1000).toISOString();
        const dirs = [1, 2].map((k) => join(work, `${runId}-s${k}`));
        await Promise.all(dirs.map((out, i) => mqload(['run', file, '--segment', `${i + 1}/2`, '--run-id', runId, '--start-at', startAt, '--workers', '1', '--out', out, ...common])));
        const merged = join(work, `${runId}-merged`);
        await mqload(['merge', ...dirs, '--out', merged, '--no-report', '--quiet']);
        segmented.push(rateOf(merged));
        sumOfShares.push(dirs.reduce((a, d) => a + rateOf(d), 0));
        const one = join(work, `${runId}-single`);
        await mqload(['run', profileFor(`p${r}`), '--workers', '2', '--out', one, ...common]);
        single.push(rateOf(one));
        process.stderr.write(`  segments round ${r + 1}: 2 segments ${segmented[r]} msg/s, 1 process ${single[r]} msg/s\n`);
      }
    } finally {
      const driver = createDriver({ type: 'kafka', brokers: [bootstrap] }, { clientId: 'mqload-bench-segments' });
      try {
        await driver.deleteTopics(topics).catch(() => undefined);
      } finally {
        await driver.close();
        rmSync(work, { recursive: true, force: true });
      }
    }
    return [
      {
        name: 'segments-2-vs-1-produce-1KiB',
        mqload: { msgsPerSec: Math.round(mean(segmented)), runs: segmented },
        reference: { tool: 'mqload, 1 process of 2 workers', msgsPerSec: Math.round(mean(single)), runs: single },
        ratio: ratio(mean(segmented), mean(single)),
        notes:
          `unthrottled, 2 async producers, acks 1, 1 KiB, ${DURATION_S} s; 2 segments of 1 worker each on the same 2 cores, merged, vs 1 process; rounds alternate; ` +
          `the merged rate is ${ratio(mean(segmented), mean(sumOfShares))}× the sum of the segments' own rates (${Math.round(mean(sumOfShares))} msg/s): what is lost is the second process on the same cores, not the merge`,
      },
    ];
  },
};
