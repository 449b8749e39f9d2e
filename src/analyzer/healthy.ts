/**
 * The `healthy` finding: when no rule raised a warning or worse, say so with the rate reached and
 * the headroom measured (broker CPU, the broker pack's own probes, generator), and name what was
 * not measured, so "healthy" is never claimed beyond what the record shows. A max-throughput run
 * always hit some limit, so there the finding is `limit-unidentified` instead.
 */
import { SAMPLE_NAMES } from '../record/sample-names.js';
import type { Evidence, Finding } from './finding-types.js';
import type { RuleContext } from './types.js';
import { brokerCpu } from './signals.js';
import { seriesByInstance } from './series.js';
import { worst } from './headroom.js';
import { packsFor } from './rules/index.js';
import { evidence } from './evidence.js';
import { makeFinding } from './finding.js';
import { achievedRate } from './rate.js';
import { groupLags } from './lag-series.js';
import { formatPercent, formatMs } from '../reports/format.js';

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
  let packMeasured = false;

  const cpu = brokerCpu(w);
  const cpuP90 = cpu ? worst(cpu.series, 0.9, 'max') : null;
  if (cpuP90 !== null) {
    headroom.push(`broker CPU ${formatPercent(cpuP90 * 100)} (p90)`);
    ev.push(evidence(w, `broker CPU p90 (${cpu!.origin})`, cpuP90 * 100, '%'));
  } else unmeasured.push('broker CPU');

  for (const pack of packsFor(ctx.broker)) {
    if (!pack.headroom) continue;
    const r = pack.headroom(ctx);
    headroom.push(...r.headroom);
    unmeasured.push(...r.unmeasured);
    ev.push(...r.evidence);
    if (r.measured) packMeasured = true;
  }

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

  const seen = [cpuP90, gen].filter((x) => x !== null).length + (packMeasured ? 1 : 0);
  return makeFinding(
    isMaxThroughput(ctx) ? 'limit-unidentified' : 'healthy',
    { category: 'rate-not-met', severity: 'info', confidence: seen === 3 ? 'high' : seen >= 1 ? 'medium' : 'low' },
    ev,
    { rate, headroom, unmeasured, broker: ctx.broker?.kind ?? null },
  );
}
