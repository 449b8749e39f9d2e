/** K1: request-handler (I/O) threads idle below 30 % for a sustained stretch (below 10 %: critical). */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values, JMX_SOURCES } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { brokerCpuP90 } from '../../signals.js';
import { brokersSeen } from '../../scaling.js';
import { threadPool, threadPoolActions, threadsNeeded } from '../../actions.js';

/** The `request-handler-idle` rule (K1); see the file comment for the condition and thresholds. */
export const requestHandlerIdle: Rule = {
  id: 'request-handler-idle',
  kb: 'K1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const idle = seriesByInstance(w, JMX_SOURCES, SAMPLE_NAMES.kafka.requestHandlerIdle);
    if (idle.size === 0) return insufficient('no jmx samples with request-handler idle');
    const cpu = brokerCpuP90(w);
    const cpuP90 = cpu?.value ?? null;
    const findings = [];
    for (const [inst, pts] of idle) {
      const s = sustained(values(pts), (v) => v < T.requestHandlerIdleMin.value);
      if (!s.holds) continue;
      const crit = sustained(values(pts), (v) => v < T.requestHandlerIdleCritical.value);
      const med = median(values(pts));
      const ev = [evidence(w, `request-handler idle median (${inst})`, med, 'ratio', { threshold: T.requestHandlerIdleMin.value, note: sustainedNote(s) })];
      if (cpu !== null) ev.push(evidence(w, `broker CPU p90 (${cpu.origin})`, cpu.value * 100, '%', { threshold: T.brokerCpuWarn.value * 100 }));
      const pool = threadPool('num.io.threads', ctx.broker?.settings, med, T.requestHandlerIdleMin.value, cpuP90, T.brokerCpuWarn.value);
      const suggested = threadsNeeded(pool);
      findings.push(
        makeFinding(
          'request-handler-saturated',
          { category: 'broker-threads', severity: crit.holds ? 'critical' : 'warning', confidence: 'high' },
          ev,
          { instance: inst, idleMedian: med, cpuHeadroom: pool.cpuHeadroom, brokers: brokersSeen(w), threads: pool.threads, suggestedThreads: suggested },
          threadPoolActions(pool, `${pool.threads} handler threads ${Math.round((1 - med) * 100)} % busy need ${suggested} to stay ${Math.round(T.requestHandlerIdleMin.value * 100)} % idle`),
        ),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
