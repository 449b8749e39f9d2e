/**
 * R1, R2, R11: the memory or disk alarm raised (gauge = 1) in any reading of the window →
 * critical: every publisher on the cluster is blocked. Evidence: memory used against the limit
 * (peak ratio), free disk against `disk_free_limit`, blocked connections. The memory advice
 * sizes the limit so the observed peak sits at 80 % of it, as a relative watermark of the broker
 * host's RAM when that is known (node_exporter, or the generator host for a local broker).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { seriesByInstance, values } from '../../series.js';
import { max, min, type Point } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import type { AnalysisWindow } from '../../window.js';
import { NO_RABBIT_SAMPLES, RN, RT, hasRabbitSamples, nodeSeries, totalSeries } from './facts.js';

/** Seconds the alarm gauge was raised: the spans between readings that start raised. */
function raisedSec(points: readonly Point[]): { sec: number; from: number; to: number } | null {
  let sec = 0;
  let from = Infinity;
  let to = -Infinity;
  points.forEach((p, i) => {
    if (p.v < T.rabbitAlarmRaised.value) return;
    const next = points[i + 1];
    sec += next ? next.t - p.t : 1;
    from = Math.min(from, p.t);
    to = Math.max(to, next?.t ?? p.t);
  });
  return Number.isFinite(from) ? { sec, from, to } : null;
}

/** RAM of the broker host: node_exporter's, or the generator host's when the broker answers on loopback. */
function brokerRam(window: AnalysisWindow): number | null {
  const node = [...seriesByInstance(window, 'node', SAMPLE_NAMES.node.memTotal).values()][0];
  if (node && node.length > 0) return node[node.length - 1]!.v;
  const local = window.samples.some((s) => s.source.startsWith('rabbitmq') && /^(127\.|localhost|\[::1\])/.test(s.instance ?? ''));
  const host = seriesByInstance(window, 'host', SAMPLE_NAMES.host.memTotal).get('host');
  return local && host && host.length > 0 ? host[host.length - 1]!.v : null;
}

/** The `rabbitmq-alarms` rule (R1, R2, R11); see the file comment for the condition and thresholds. */
export const rabbitAlarms: Rule = {
  id: 'rabbitmq-alarms',
  kb: 'R1, R2, R11',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRabbitSamples(w)) return insufficient(NO_RABBIT_SAMPLES);
    const mem = nodeSeries(w, RN.memAlarm);
    const disk = nodeSeries(w, RN.diskAlarm);
    if (!mem && !disk) return insufficient('no memory or disk alarm readings from the RabbitMQ collectors');
    const blocked = totalSeries(w, RT.connectionsBlocked);
    const blockedMax = blocked ? max(values(blocked.points)) : NaN;
    const findings: Finding[] = [];
    for (const [node, pts] of mem?.series ?? []) {
      const raised = raisedSec(pts);
      if (!raised) continue;
      const used = nodeSeries(w, RN.memUsed)?.series.get(node) ?? [];
      const limitPts = nodeSeries(w, RN.memLimit)?.series.get(node) ?? [];
      const peak = max(values(used));
      const limit = limitPts.length > 0 ? limitPts[limitPts.length - 1]!.v : NaN;
      const needed = peak / T.rabbitMemPeakShareOfLimit.value;
      const ram = brokerRam(w);
      // Never below the recommended range: a lower watermark leaves RAM unused.
      const suggested = ram !== null && Number.isFinite(needed) ? Math.max(T.rabbitWatermarkMin.value, Math.ceil((needed / ram) * 100) / 100) : null;
      const ev = [evidence(w, `memory alarm raised (${node})`, raised.sec, 's', { from: raised.from, to: raised.to, threshold: T.rabbitAlarmRaised.value, note: `source ${mem!.source}` })];
      if (Number.isFinite(peak) && Number.isFinite(limit)) ev.push(evidence(w, `memory used ÷ limit peak (${node})`, peak / limit, 'ratio', { threshold: 1, note: `${Math.round(peak)} of ${Math.round(limit)} bytes` }));
      if (Number.isFinite(blockedMax)) ev.push(evidence(w, 'blocked connections max (broker-wide)', blockedMax, 'connections'));
      findings.push(
        makeFinding('rabbitmq-memory-alarm', { category: 'broker-memory', severity: 'critical', confidence: 'high' }, ev, {
          node,
          alarmSec: raised.sec,
          peakUsedBytes: Number.isFinite(peak) ? peak : 0,
          limitBytes: Number.isFinite(limit) ? limit : 0,
          peakRatio: Number.isFinite(peak / limit) ? peak / limit : 1,
          neededLimitBytes: Number.isFinite(needed) ? needed : 0,
          ramBytes: ram,
          suggestedWatermark: suggested,
          watermarkMin: T.rabbitWatermarkMin.value,
          watermarkMax: T.rabbitWatermarkMax.value,
          blockedConnections: Number.isFinite(blockedMax) ? blockedMax : null,
        }),
      );
    }
    for (const [node, pts] of disk?.series ?? []) {
      const raised = raisedSec(pts);
      if (!raised) continue;
      const free = min(values(nodeSeries(w, RN.diskFree)?.series.get(node) ?? []));
      const limitPts = nodeSeries(w, RN.diskFreeLimit)?.series.get(node) ?? [];
      const memLimitPts = nodeSeries(w, RN.memLimit)?.series.get(node) ?? [];
      const limit = limitPts.length > 0 ? limitPts[limitPts.length - 1]!.v : NaN;
      const ev = [evidence(w, `disk alarm raised (${node})`, raised.sec, 's', { from: raised.from, to: raised.to, threshold: T.rabbitAlarmRaised.value, note: `source ${disk!.source}` })];
      if (Number.isFinite(free)) ev.push(evidence(w, `free disk min (${node})`, free, 'bytes', Number.isFinite(limit) ? { threshold: limit } : {}));
      findings.push(
        makeFinding('rabbitmq-disk-alarm', { category: 'broker-disk', severity: 'critical', confidence: 'high' }, ev, {
          node,
          alarmSec: raised.sec,
          minFreeBytes: Number.isFinite(free) ? free : 0,
          limitBytes: Number.isFinite(limit) ? limit : 0,
          memLimitBytes: memLimitPts.length > 0 ? memLimitPts[memLimitPts.length - 1]!.v : null,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
