/**
 * C2: one generator core saturated (≥ 95 %) while the host has room (< 80 %), and an mqload thread
 * is the busy one (≥ 90 % of a core). Per-thread figures come from the `coordinator` and
 * `worker-<i>` process samples; the `all-threads` sample covers the whole process, so it is used
 * only when no thread reports CPU.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, samplesWith, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { hostCores } from '../../signals.js';
import { workerCount } from '../../profile-facts.js';
import { ALL_THREADS_INSTANCE } from '../../../collectors/process.js';

const H = SAMPLE_NAMES.host;

/** The `generator-process-cpu` rule (C2); see the file comment for the condition and thresholds. */
export const generatorProcessCpu: Rule = {
  id: 'generator-process-cpu',
  kb: 'C2',
  needsWindow: true,
  perGenerator: true,
  evaluate(ctx) {
    const w = ctx.window;
    const host = samplesWith(w, 'host', H.cpuMaxCorePercent, (s) => typeof s.values[H.cpuPercent] === 'number');
    if (host.length === 0) return insufficient('no host samples with per-core CPU');
    const all = seriesByInstance(w, 'process', SAMPLE_NAMES.process.cpuPercent);
    if (all.size === 0) return insufficient('no process samples (mqload process CPU)');
    const threads = new Map([...all].filter(([inst]) => inst !== `process ${ALL_THREADS_INSTANCE}`));
    const proc = threads.size > 0 ? threads : all;
    const coreHot = sustained(
      host.map((s) => (s.values[H.cpuMaxCorePercent]! >= T.generatorCoreSaturated.value && s.values[H.cpuPercent]! < T.generatorHostCpuMax.value ? 1 : 0)),
      (v) => v === 1,
    );
    if (!coreHot.holds) return OK;
    const findings = [];
    for (const [inst, pts] of proc) {
      const s = sustained(values(pts), (v) => v >= T.generatorProcessCpuHot.value);
      if (!s.holds) continue;
      const maxCore = median(host.map((x) => x.values[H.cpuMaxCorePercent]!));
      const hostPct = median(host.map((x) => x.values[H.cpuPercent]!));
      const procPct = median(values(pts));
      findings.push(
        makeFinding(
          'generator-process-cpu',
          { category: 'load-generator', severity: 'critical', confidence: 'high' },
          [
            evidence(w, 'generator busiest core median', maxCore, '%', { threshold: T.generatorCoreSaturated.value, note: sustainedNote(coreHot) }),
            evidence(w, 'generator host CPU median', hostPct, '%', { threshold: T.generatorHostCpuMax.value }),
            evidence(w, `mqload process CPU median (${inst})`, procPct, '%', { threshold: T.generatorProcessCpuHot.value, note: `percent of one core; ${sustainedNote(s)}` }),
          ],
          { maxCorePercent: maxCore, hostPercent: hostPct, processPercent: procPct, workers: workerCount(ctx.summary), cores: hostCores(w) },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
