/**
 * AR1: the broker's address memory (`AddressMemoryUsagePercentage`, all addresses against
 * global-max-size) at or above 90 % for a sustained stretch (warning), or at 100 % in any reading
 * (critical: every address without a max-size-bytes of its own now pages, blocks, fails or
 * drops by its policy). The advice sizes global-max-size so the observed peak sits at 80 % of it,
 * and the heap that gives it by default (global-max-size = half of -Xmx).
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { max } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { AB, NO_ARTEMIS_SAMPLES, brokerSeries, hasArtemisSamples, heapMaxBytes, suggestedLimits } from './facts.js';

/** The `artemis-global-memory` rule (AR1); see the file comment for the condition and thresholds. */
export const artemisGlobalMemory: Rule = {
  id: 'artemis-global-memory',
  kb: 'AR1',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasArtemisSamples(w)) return insufficient(NO_ARTEMIS_SAMPLES);
    const pct = brokerSeries(w, AB.addressMemoryPercent);
    if (pct.length === 0) return insufficient('no address-memory readings of the broker');
    const peak = max(values(pct));
    const full = peak >= T.artemisGlobalMemoryFullPercent.value;
    const warn = sustained(values(pct), (v) => v >= T.artemisGlobalMemoryWarnPercent.value);
    if (!full && !warn.holds) return OK;
    const bytes = max(values(brokerSeries(w, AB.addressMemoryBytes)));
    const limitPts = brokerSeries(w, AB.globalMaxBytes);
    const limit = limitPts.length > 0 ? limitPts[limitPts.length - 1]!.v : null;
    const peakBytes = Number.isFinite(bytes) ? bytes : limit !== null ? (peak / 100) * limit : null;
    const s = peakBytes !== null ? suggestedLimits(peakBytes) : null;
    const ev = [
      evidence(w, 'address memory ÷ global-max-size max', peak, '%', {
        threshold: full ? T.artemisGlobalMemoryFullPercent.value : T.artemisGlobalMemoryWarnPercent.value,
        note: full ? 'at the global limit: address-full-policies apply' : `≥ ${T.artemisGlobalMemoryWarnPercent.value} %: ${sustainedNote(warn)}`,
      }),
    ];
    if (peakBytes !== null) ev.push(evidence(w, 'address memory max', peakBytes, 'bytes', limit !== null ? { threshold: limit } : {}));
    return issue([
      makeFinding('artemis-global-memory', { category: 'broker-memory', severity: full ? 'critical' : 'warning', confidence: 'high' }, ev, {
        peakPercent: peak,
        full,
        peakBytes,
        globalMaxBytes: limit !== null && limit > 0 ? limit : null,
        heapMaxBytes: heapMaxBytes(w),
        suggestedGlobalMaxBytes: s?.limitBytes ?? null,
        suggestedHeapBytes: s?.heapBytes ?? null,
      }),
    ]);
  },
};
