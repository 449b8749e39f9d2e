/**
 * C1: the load-generator host's CPU is busy for a sustained stretch. Whose CPU it is matters: the
 * host's busy share is split into mqload's own process, the local broker's process (when it runs
 * here) and everything else. When other processes take the largest part and mqload still kept
 * its open-model send schedule (publish delay within one send interval or the floor, nothing
 * dropped), the generator was not the limit: the finding is `info` (the machine was shared, the
 * figures hold), so a planted bottleneck stays the primary finding on a loaded machine. Otherwise
 * it is critical, as before.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, hasSource, timelineSeries } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { PROCESS_INSTANCES } from '../../../record/format.js';
import { hostCores } from '../../signals.js';
import { rateAchievement } from '../../rate.js';
import type { AnalysisWindow } from '../../window.js';
import type { RuleContext } from '../../types.js';

/** Median CPU of mqload's whole process, % of one core: its all-threads sample, else a single unnamed one; null without. */
function mqloadCpu(w: AnalysisWindow): number | null {
  const series = seriesByInstance(w, 'process', SAMPLE_NAMES.process.cpuPercent);
  const pts = series.get(`process ${PROCESS_INSTANCES.allThreads}`) ?? series.get('process');
  return pts && pts.length > 0 ? median(values(pts)) : null;
}

/** Whether mqload kept its send schedule: an open-model run, publish delay p99 within one send interval (or the floor), nothing dropped; null when unknown. */
function scheduleHeld(ctx: RuleContext): boolean | null {
  const w = ctx.window;
  const rate = rateAchievement(w);
  const producers = ctx.profile?.producers.count ?? 0;
  if (rate.target === null || producers <= 0) return null;
  const p99 = values(timelineSeries(w, (e) => e.latencyMs.publishDelay?.p99 ?? NaN)).filter(Number.isFinite);
  if (p99.length === 0) return null;
  const limitMs = Math.max((producers / rate.target) * 1000, T.publishDelayFloorMs.value);
  const dropped = w.timeline.reduce((a, e) => a + e.produce.dropped, 0);
  return median(p99) <= limitMs && dropped === 0;
}

/** The `generator-host-cpu` rule (C1); see the file comment for the condition and thresholds. */
export const generatorHostCpu: Rule = {
  id: 'generator-host-cpu',
  kb: 'C1',
  needsWindow: true,
  perGenerator: true,
  evaluate(ctx) {
    const w = ctx.window;
    const series = seriesByInstance(w, 'host', SAMPLE_NAMES.host.cpuPercent);
    if (series.size === 0) return insufficient('no host samples (generator host CPU)');
    const limit = T.generatorHostCpuMax.value;
    const brokerLocal = hasSource(w, 'broker-process');
    const findings = [];
    for (const [inst, pts] of series) {
      const s = sustained(values(pts), (v) => v > limit);
      if (!s.holds) continue;
      const med = median(values(pts));
      // Split the host's busy share (% of all cores) into mqload, the local broker and the rest.
      const cores = hostCores(w);
      const own = mqloadCpu(w);
      const brokerSeries = [...seriesByInstance(w, 'broker-process', SAMPLE_NAMES.brokerProcess.cpuPercent).values()].flat();
      const broker = brokerSeries.length > 0 ? median(values(brokerSeries)) : 0;
      const shares = cores !== null && own !== null ? { mqloadPercent: own / cores, brokerPercent: broker / cores, otherPercent: Math.max(0, med - (own + broker) / cores) } : null;
      const shared = shares !== null && shares.otherPercent > shares.mqloadPercent && shares.otherPercent > shares.brokerPercent && scheduleHeld(ctx) === true;
      const split = shares ? `; mqload ${shares.mqloadPercent.toFixed(0)} %, the local broker ${shares.brokerPercent.toFixed(0)} %, other processes ${shares.otherPercent.toFixed(0)} % of the host` : '';
      findings.push(
        makeFinding(
          'generator-host-cpu',
          shared ? { category: 'load-generator', severity: 'info', confidence: 'medium' } : { category: 'load-generator', severity: 'critical', confidence: brokerLocal ? 'medium' : 'high' },
          [
            evidence(w, `generator host CPU median (${inst})`, med, '%', {
              threshold: limit,
              note: sustainedNote(s) + (brokerLocal ? '; the local broker runs on this host and its CPU counts too' : '') + split,
            }),
          ],
          { medianPercent: med, limitPercent: limit, brokerLocal, sharedBy: shared ? shares : null },
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
