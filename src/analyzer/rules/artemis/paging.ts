/**
 * AR1: a run address reaches its limit (max-size-bytes, or global-max-size when it has none) and
 * its address-full-policy applies. With PAGE (the default) the address pages to disk (`Paging`
 * = 1 in any reading) → warning: consumers now read from disk. With BLOCK, FAIL or DROP,
 * `AddressLimitPercent` ≥ 100 in any reading → critical: producers stall, sends fail, or
 * messages vanish. The advice sizes the limit so the run's backlog (deepest queue × message
 * size) sits at 80 % of it — as max-size-bytes, or as heap when the global limit applied
 * (global-max-size is half of -Xmx) — and the consumers that would keep the queue short.
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { max, type Point } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { consumersNeeded } from '../../scaling.js';
import type { AnalysisWindow } from '../../window.js';
import type { RuleContext } from '../../types.js';
import { AA, AB, AQ, NO_ARTEMIS_SAMPLES, addressPolicy, addressSeries, brokerSeries, hasArtemisSamples, heapMaxBytes, queueRates, queueSeries, queuesOf, suggestedLimits } from './facts.js';

/** Seconds a 0/1 or threshold condition held: the spans between readings that start with it. */
function heldSec(points: readonly Point[], holds: (v: number) => boolean): number {
  let sec = 0;
  points.forEach((p, i) => {
    if (holds(p.v)) sec += (points[i + 1]?.t ?? p.t + 1) - p.t;
  });
  return sec;
}

const last = (pts: readonly Point[] | undefined): number | null => (pts && pts.length > 0 ? pts[pts.length - 1]!.v : null);

/** The address's backlog, limits and consumer figures that the paging and full texts share. */
function addressFacts(ctx: RuleContext, w: AnalysisWindow, address: string) {
  const queues = queuesOf(w, ctx.profile, address);
  const depth = queueSeries(w, ctx.profile, AQ.depth);
  const deepest = queues.reduce((m, q) => Math.max(m, max(values(depth.get(q) ?? []))), 0);
  const size = ctx.profile?.message.size ?? 0;
  const backlogBytes = Number.isFinite(deepest) ? deepest * size : 0;
  const ownLimit = last(addressSeries(w, ctx.profile, AA.maxSizeBytes).get(address));
  const globalMax = last(brokerSeries(w, AB.globalMaxBytes));
  const usesGlobal = ownLimit === null || ownLimit <= 0;
  const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? achievedRate(w);
  // The slowest queue of the address decides how many consumers each group needs.
  const rates = queues.map((q) => ({ queue: q, ...queueRates(w, ctx.profile, q) })).filter((r) => r.perConsumer !== null);
  const slowest = rates.sort((a, b) => a.perConsumer! - b.perConsumer!)[0] ?? null;
  const suggestion = backlogBytes > 0 ? suggestedLimits(backlogBytes) : null;
  return {
    address,
    deepestQueueMessages: deepest,
    backlogBytes,
    maxSizeBytes: usesGlobal ? null : ownLimit,
    globalMaxBytes: globalMax !== null && globalMax > 0 ? globalMax : null,
    heapMaxBytes: heapMaxBytes(w),
    suggestedLimitBytes: suggestion?.limitBytes ?? null,
    suggestedHeapBytes: usesGlobal ? (suggestion?.heapBytes ?? null) : null,
    slowQueue: slowest?.queue ?? null,
    consumers: slowest?.consumers ?? null,
    perConsumerRate: slowest?.perConsumer ?? null,
    targetRate: target,
    neededConsumers: slowest && target > 0 ? consumersNeeded(target, slowest.perConsumer!) : null,
  };
}

/** The `artemis-paging` rule (AR1); see the file comment for the condition and thresholds. */
export const artemisPaging: Rule = {
  id: 'artemis-paging',
  kb: 'AR1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasArtemisSamples(w)) return insufficient(NO_ARTEMIS_SAMPLES);
    const paging = addressSeries(w, ctx.profile, AA.paging);
    const limit = addressSeries(w, ctx.profile, AA.limitPercent);
    if (paging.size === 0 && limit.size === 0) return insufficient('no paging or address-limit readings for the run\'s addresses');
    const pages = addressSeries(w, ctx.profile, AA.pages);
    const sizes = addressSeries(w, ctx.profile, AA.sizeBytes);
    const findings: Finding[] = [];
    for (const address of new Set([...paging.keys(), ...limit.keys()])) {
      const policy = addressPolicy(w, address) ?? 'PAGE';
      const peakBytes = max(values(sizes.get(address) ?? []));
      const peakPercent = max(values(limit.get(address) ?? []));
      if (policy === 'PAGE') {
        const sec = heldSec(paging.get(address) ?? [], (v) => v >= 1);
        if (sec === 0) continue;
        const maxPages = max(values(pages.get(address) ?? []));
        const ev = [evidence(w, `address ${address} paging`, sec, 's', { threshold: 0, note: 'Paging = 1: new messages go to page files on disk' })];
        if (Number.isFinite(maxPages)) ev.push(evidence(w, `page files of ${address} max`, maxPages, 'pages'));
        if (Number.isFinite(peakBytes)) ev.push(evidence(w, `address size of ${address} max`, peakBytes, 'bytes'));
        findings.push(
          makeFinding('artemis-address-paging', { category: 'broker-memory', severity: 'warning', confidence: 'high' }, ev, {
            ...addressFacts(ctx, w, address),
            pagingSec: sec,
            maxPages: Number.isFinite(maxPages) ? maxPages : null,
          }),
        );
        continue;
      }
      const sec = heldSec(limit.get(address) ?? [], (v) => v >= T.artemisAddressFullPercent.value);
      if (sec === 0) continue;
      const ev = [evidence(w, `address ${address} at its limit`, sec, 's', { threshold: T.artemisAddressFullPercent.value, note: `AddressLimitPercent ≥ ${T.artemisAddressFullPercent.value} %; address-full-policy ${policy}` })];
      if (Number.isFinite(peakPercent)) ev.push(evidence(w, `address limit of ${address} max`, peakPercent, '%'));
      findings.push(
        makeFinding('artemis-address-full', { category: 'broker-memory', severity: 'critical', confidence: 'high' }, ev, {
          ...addressFacts(ctx, w, address),
          policy: policy === 'BLOCK' || policy === 'FAIL' || policy === 'DROP' ? policy : 'BLOCK',
          fullSec: sec,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
