/**
 * K3–K6: which stage dominates produce request time (p99 of each part ÷ p99 total): request
 * queue (K3, > 50 %), local append (K4, > 50 %), remote/replication (K5, > 50 %), response queue
 * plus send (K6, > 30 %). Judged only while produce p99 is slow enough to matter. The two
 * thread-queueing stages (K3, K6) are judged only while the broker takes at least
 * `produceRequestsPerSecMin` produce requests per second (the broker's own rate, else the
 * clients'): below that, time spent waiting for a request or network thread is the machine's
 * scheduling noise, not the broker's threads being short. Fetch is left out: its total time is
 * long-polling by design (K7).
 */
import type { Sample } from '../../../record/format.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { samplesWith, instanceName, JMX_SOURCES, timelineSeries, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import type { FindingId } from '../../../recommendations/index.js';
import { SAMPLE_NAMES } from '../../../record/sample-names.js';

/** `produce_<part>_time_ms_p99`, the naming SAMPLE_NAMES.kafka documents for request parts. */
const part = (name: string): string => `produce_${name}_time_ms_p99`;
const TOTAL = part('total');

/** `threadQueue`: the stage is time waiting for a broker thread, judged only at a real request rate. */
const STAGES: Array<{ id: FindingId & `produce-time-${string}`; parts: string[]; limit: number; kb: string; threadQueue: boolean }> = [
  { id: 'produce-time-request-queue', parts: ['request_queue'], limit: T.requestQueueShareMax.value, kb: 'K3', threadQueue: true },
  { id: 'produce-time-local', parts: ['local'], limit: T.localTimeShareMax.value, kb: 'K4', threadQueue: false },
  { id: 'produce-time-remote', parts: ['remote'], limit: T.remoteTimeShareMax.value, kb: 'K5', threadQueue: false },
  { id: 'produce-time-response', parts: ['response_queue', 'response_send'], limit: T.responseShareMax.value, kb: 'K6', threadQueue: true },
];

/** Median produce requests/s of one broker from its own samples, else of all clients from the timeline; NaN when neither is known. */
function requestRate(samples: Sample[], clientRate: number): number {
  const own = samples.map((s) => s.values[SAMPLE_NAMES.kafka.produceRequestsPerSec]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
  return own.length > 0 ? median(own) : clientRate;
}

/** The `request-time-breakdown` rule (K3, K4, K5, K6); see the file comment for the condition and thresholds. */
export const requestTimeBreakdown: Rule = {
  id: 'request-time-breakdown',
  kb: 'K3, K4, K5, K6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const all = samplesWith(w, JMX_SOURCES, TOTAL, (s) => STAGES.some((st) => st.parts.every((p) => typeof s.values[part(p)] === 'number')));
    if (all.length === 0) return insufficient('no produce request-time breakdown samples (RequestMetrics; Strimzi\'s exporter config drops them)');
    const byInstance = new Map<string, Sample[]>();
    for (const s of all) byInstance.set(instanceName(s), [...(byInstance.get(instanceName(s)) ?? []), s]);
    const findings = [];
    const clientRate = median(values(timelineSeries(w, (e) => (e.intervalSec > 0 && e.produce.requests > 0 ? e.produce.requests / e.intervalSec : NaN))).filter(Number.isFinite));
    for (const [inst, samples] of byInstance) {
      const totals = samples.map((s) => s.values[TOTAL]!);
      const totalMed = median(totals);
      if (!(totalMed >= T.requestTimeMinTotalMs.value)) continue;
      const rate = requestRate(samples, clientRate);
      for (const st of STAGES) {
        if (st.threadQueue && rate < T.produceRequestsPerSecMin.value) continue;
        const shares = samples.map((s) =>
          s.values[TOTAL]! > 0 && st.parts.every((p) => typeof s.values[part(p)] === 'number') ? st.parts.reduce((a, p) => a + s.values[part(p)]!, 0) / s.values[TOTAL]! : NaN,
        );
        const sus = sustained(shares, (v) => v > st.limit);
        if (!sus.holds) continue;
        const share = median(shares);
        findings.push(
          makeFinding(
            st.id,
            { category: st.id === 'produce-time-local' ? 'broker-disk' : st.id === 'produce-time-remote' ? 'replication' : 'broker-threads', severity: 'warning', confidence: st.kb === 'K6' ? 'low' : 'medium' },
            [
              evidence(w, `${st.parts.join(' + ')} share of produce p99 (${inst})`, share, 'ratio', { threshold: st.limit, note: sustainedNote(sus) }),
              evidence(w, `produce total time p99 median (${inst})`, totalMed, 'ms', { threshold: T.requestTimeMinTotalMs.value }),
            ],
            { instance: inst, share, totalP99Ms: totalMed },
          ),
        );
      }
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
