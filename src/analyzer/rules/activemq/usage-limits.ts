/**
 * AC1: the broker's memory, store or temp usage (% of its limit) at or above 70 % for a
 * sustained stretch → warning; any reading at 100 % → critical: producer flow control blocks
 * sends (memory: every non-persistent and cached message; store: persistent sends; temp:
 * non-persistent messages spooled to disk). One finding per usage that crossed.
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { AB, NO_ACTIVEMQ_SAMPLES, brokerSeries, hasActivemqSamples } from './facts.js';

/** Which usage, its percent and limit sample names. */
const USAGES = [
  { usage: 'memory', percent: AB.memoryPercent, limit: AB.memoryLimit },
  { usage: 'store', percent: AB.storePercent, limit: AB.storeLimit },
  { usage: 'temp', percent: AB.tempPercent, limit: AB.tempLimit },
] as const;

/** The `activemq-usage-limits` rule (AC1); see the file comment for the condition and thresholds. */
export const activemqUsageLimits: Rule = {
  id: 'activemq-usage-limits',
  kb: 'AC1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasActivemqSamples(w)) return insufficient(NO_ACTIVEMQ_SAMPLES);
    const findings: Finding[] = [];
    let read = false;
    for (const u of USAGES) {
      const pts = brokerSeries(w, u.percent);
      if (!pts) continue;
      read = true;
      const peak = max(values(pts));
      const high = sustained(values(pts), (v) => v >= T.activemqUsageHighPercent.value);
      const full = peak >= T.activemqUsageFullPercent.value;
      if (!full && !high.holds) continue;
      const limitPts = brokerSeries(w, u.limit);
      const limitBytes = limitPts ? limitPts[limitPts.length - 1]!.v : null;
      const ev = [evidence(w, `broker ${u.usage} usage peak`, peak, '%', { threshold: full ? T.activemqUsageFullPercent.value : T.activemqUsageHighPercent.value, note: `≥ ${T.activemqUsageHighPercent.value} %: ${sustainedNote(high)}` })];
      if (limitBytes !== null) ev.push(evidence(w, `broker ${u.usage} limit`, limitBytes, 'bytes'));
      findings.push(makeFinding('activemq-usage-high', { category: u.usage === 'memory' ? 'broker-memory' : 'broker-disk', severity: full ? 'critical' : 'warning', confidence: 'high' }, ev, { usage: u.usage, peakPercent: peak, full, limitBytes }));
    }
    if (!read) return insufficient('no memory, store or temp usage readings from the ActiveMQ collector');
    return findings.length > 0 ? issue(findings) : OK;
  },
};
