/**
 * The `healthy` finding: when no rule raised a warning or worse, say so with the rate reached and
 * the headroom measured (broker CPU, broker threads, heap, generator), and name what was not
 * measured, so "healthy" is never claimed beyond what the record shows. A max-throughput run
 * always hit some limit, so there the finding is `limit-unidentified` instead.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { Evidence, Finding } from './finding-types.js';
import type { RuleContext } from './types.js';
import { brokerCpu } from './signals.js';
import { derivedByInstance, seriesByInstance, values, JMX_SOURCES } from './series.js';
import { max, min, quantile, type Point } from './stats.js';
import { evidence } from './evidence.js';
import { makeFinding } from './finding.js';
import { achievedRate } from './rate.js';
import { groupLags } from './lag-series.js';
import { formatPercent, formatMs } from '../reports/format.js';

const K = SAMPLE_NAMES.kafka;
const J = SAMPLE_NAMES.jvm;

/** Worst per-instance quantile q of a per-instance series (max for "high is bad", min for "low is bad"). */
function worst(series: Map<string, Point[]>, q: number, pick: 'max' | 'min'): number | null {
  if (series.size === 0) return null;
  const qs = [...series.values()].map((pts) => quantile(values(pts), q));
  const v = pick === 'max' ? max(qs) : min(qs);
  return Number.isFinite(v) ? v : null;
}

/** True when no interval of the window had a target rate (max-throughput). */
export function isMaxThroughput(ctx: RuleContext): boolean {
  return ctx.window.timeline.length > 0 && ctx.window.timeline.every((e) => e.targetRate === null);
}

/** Builds the healthy (or, for max-throughput, limit-unidentified) finding for the window. */
export function healthyFinding(ctx: RuleContext): Finding {
  const w = ctx.window;
  const headroom: string[] = [];
  const unmeasured: string[] = [];
  const ev: Evidence[] = [];
  const rate = achievedRate(w);
  ev.push(evidence(w, 'achieved rate', rate, 'msg/s'));

  const cpu = brokerCpu(w);
  const cpuP90 = cpu ? worst(cpu.series, 0.9, 'max') : null;
  if (cpuP90 !== null) {
    headroom.push(`broker CPU ${formatPercent(cpuP90 * 100)} (p90)`);
    ev.push(evidence(w, `broker CPU p90 (${cpu!.origin})`, cpuP90 * 100, '%'));
  } else unmeasured.push('broker CPU');

  const rh = worst(seriesByInstance(w, JMX_SOURCES, K.requestHandlerIdle), 0.1, 'min');
  if (rh !== null) {
    headroom.push(`request handlers ${formatPercent(rh * 100)} idle (p10)`);
    ev.push(evidence(w, 'request-handler idle p10', rh, 'ratio'));
  } else unmeasured.push('broker threads (JMX)');

  const heap = worst(
    derivedByInstance(w, JMX_SOURCES, [J.oldGenAfterGc, J.heapMax], (v) => (v[J.heapMax]! > 0 ? v[J.oldGenAfterGc]! / v[J.heapMax]! : NaN)),
    0.9,
    'max',
  );
  if (heap !== null) {
    headroom.push(`heap ${formatPercent(heap * 100)} full after GC`);
    ev.push(evidence(w, 'old gen after GC ÷ heap max p90', heap, 'ratio'));
  } else unmeasured.push('broker JVM heap');

  const gen = worst(seriesByInstance(w, 'host', SAMPLE_NAMES.host.cpuPercent), 0.9, 'max');
  if (gen !== null) {
    headroom.push(`generator CPU ${formatPercent(gen)} (p90)`);
    ev.push(evidence(w, 'generator host CPU p90', gen, '%'));
  } else unmeasured.push('generator host CPU');

  const loop = worst(seriesByInstance(w, 'process', SAMPLE_NAMES.process.eventLoopDelayP99), 0.9, 'max');
  if (loop !== null) {
    headroom.push(`event-loop delay ${formatMs(loop)} (p99, p90 over time)`);
    ev.push(evidence(w, 'event-loop delay p99, p90 over time', loop, 'ms'));
  } else unmeasured.push('generator event loop');

  if ((ctx.profile?.consumers?.perGroup ?? 0) > 0 && groupLags(w).length === 0) unmeasured.push('consumer lag (lag collector)');

  const seen = [cpuP90, rh, gen].filter((x) => x !== null).length;
  return makeFinding(
    isMaxThroughput(ctx) ? 'limit-unidentified' : 'healthy',
    { category: 'rate-not-met', severity: 'info', confidence: seen === 3 ? 'high' : seen >= 1 ? 'medium' : 'low' },
    ev,
    { rate, headroom, unmeasured },
  );
}
