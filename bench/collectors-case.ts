/**
 * Benchmark case for issue 3: the cost of the collectors. The same fixed-rate run with
 * collectors on and off, alternating A B A B, comparing achieved throughput and the
 * coordinator thread's CPU (the collectors run there; load runs in worker threads). Also
 * reports the collectors' own cost with no load (`measureCollectorOverhead`).
 */
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import type { BenchCase } from './run.js';
import type { ExtraCase } from './cases.js';
import { validateProfile } from '../src/profile/validate.js';
import type { Profile } from '../src/profile/schema.js';
import { runProfile } from '../src/run/orchestrator.js';
import { createCollectorHooks } from '../src/run/collect-hooks.js';
import { threadCpuMs } from '../src/collectors/proc.js';
import { repoRoot } from '../src/local/paths.js';
import { measureCollectorOverhead } from './collectors-overhead.js';

const RATE = 3000;

function profile(bootstrap: string, seconds: number): Profile {
  const v = validateProfile(
    {
      name: 'bench-collectors',
      driver: { type: 'kafka', brokers: [bootstrap] },
      topics: [{ name: 'mqload-bench-collectors', partitions: 6 }],
      message: { size: 512, keys: 'round-robin' },
      producers: { count: 2, mode: 'async', acks: 1 },
      consumers: { groups: 1, perGroup: 2 },
      load: { warmup: '3s', cooldown: '0s', phases: [{ executor: 'constant-arrival-rate', rate: RATE, duration: `${seconds}s` }] },
    },
    'bench',
  );
  if (!v.profile) throw new Error(v.problems.map((p) => p.message).join('; '));
  return v.profile;
}

/** One run; returns achieved msg/s and the coordinator thread's CPU as % of one core. */
async function once(p: Profile, collect: boolean): Promise<{ rate: number; cpuPct: number }> {
  const dir = join(repoRoot(), 'bench', 'results', 'runs', `${Date.now()}-collectors-${collect ? 'on' : 'off'}`);
  const before = threadCpuMs();
  const t0 = performance.now();
  const res = await runProfile(p, { dir, workers: availableParallelism(), outputs: [], hooks: collect ? createCollectorHooks(p) : undefined });
  const wall = performance.now() - t0;
  const after = threadCpuMs();
  const cpu = before && after ? after.userMs + after.systemMs - before.userMs - before.systemMs : Number.NaN;
  return { rate: res.summary.produce.ratePerSec, cpuPct: (100 * cpu) / wall };
}

export const collectorsCase: ExtraCase = {
  name: 'collectors',
  async run(bootstrap: string): Promise<BenchCase[]> {
    const seconds = Number(process.env['MQLOAD_BENCH_SECONDS'] ?? 12);
    const rounds = Number(process.env['MQLOAD_BENCH_ROUNDS'] ?? 2);
    const p = profile(bootstrap, seconds);
    const on: Array<{ rate: number; cpuPct: number }> = [];
    const off: Array<{ rate: number; cpuPct: number }> = [];
    for (let r = 0; r < rounds; r++) {
      on.push(await once(p, true));
      off.push(await once(p, false));
      process.stderr.write(`  collectors round ${r + 1}: on ${on[r]!.rate.toFixed(0)} msg/s, coordinator ${on[r]!.cpuPct.toFixed(1)} % | off ${off[r]!.rate.toFixed(0)} msg/s, coordinator ${off[r]!.cpuPct.toFixed(1)} %\n`);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const idle = await measureCollectorOverhead(bootstrap, 15, 1000);
    const rateOn = mean(on.map((x) => x.rate));
    const rateOff = mean(off.map((x) => x.rate));
    return [
      {
        name: `collectors-on-vs-off-${RATE}`,
        mqload: { msgsPerSec: Math.round(rateOn), runs: on.map((x) => x.rate) },
        reference: { tool: 'mqload with --no-collect', msgsPerSec: Math.round(rateOff), runs: off.map((x) => x.rate) },
        ratio: Math.round((rateOn / rateOff) * 1000) / 1000,
        notes:
          `coordinator thread CPU: ${mean(on.map((x) => x.cpuPct)).toFixed(2)} % of one core with collectors, ${mean(off.map((x) => x.cpuPct)).toFixed(2)} % without ` +
          `(difference ${(mean(on.map((x) => x.cpuPct)) - mean(off.map((x) => x.cpuPct))).toFixed(2)} points); collectors alone with no load: ` +
          `${idle.cpuPercentOfCore.toFixed(2)} % of one core (${idle.cpuMsPerInterval.toFixed(1)} ms per 1 s interval, ${idle.collectors.length} collectors)`,
      },
    ];
  },
};
