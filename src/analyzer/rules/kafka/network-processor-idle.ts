/** K2: network-processor threads idle below 30 % for a sustained stretch (below 10 %: critical). */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median, sum } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { brokerCpuP90 } from '../../signals.js';
import { threadPool, threadPoolActions, threadsNeeded } from '../../actions.js';

/** The `network-processor-idle` rule (K2); see the file comment for the condition and thresholds. */
export const networkProcessorIdle: Rule = {
  id: 'network-processor-idle',
  kb: 'K2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const idle = seriesByInstance(w, JMX_SOURCES, SAMPLE_NAMES.kafka.networkProcessorIdle);
    if (idle.size === 0) return insufficient('no jmx samples with network-processor idle');
    const requests = sum(w.timeline.map((e) => e.produce.requests));
    const mpr = requests > 0 ? sum(w.timeline.map((e) => e.produce.acked)) / requests : null;
    const cpuP90 = brokerCpuP90(w)?.value ?? null;
    const findings = [];
    for (const [inst, pts] of idle) {
      const s = sustained(values(pts), (v) => v < T.networkProcessorIdleMin.value);
      if (!s.holds) continue;
      const crit = sustained(values(pts), (v) => v < T.networkProcessorIdleCritical.value);
      const med = median(values(pts));
      const pool = threadPool('num.network.threads', ctx.broker?.settings, med, T.networkProcessorIdleMin.value, cpuP90, T.brokerCpuWarn.value);
      const suggested = threadsNeeded(pool);
      findings.push(
        makeFinding(
          'network-processor-saturated',
          { category: 'broker-threads', severity: crit.holds ? 'critical' : 'warning', confidence: 'high' },
          [evidence(w, `network-processor idle median (${inst})`, med, 'ratio', { threshold: T.networkProcessorIdleMin.value, note: sustainedNote(s) })],
          { instance: inst, idleMedian: med, messagesPerRequest: mpr, threads: pool.threads, suggestedThreads: suggested },
          threadPoolActions(pool, `${pool.threads} network threads ${Math.round((1 - med) * 100)} % busy need ${suggested} to stay ${Math.round(T.networkProcessorIdleMin.value * 100)} % idle`),
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
