/**
 * Failed sends (after client retries) and client request timeouts. Counts, not levels: failures
 * in only a few intervals below 1 % of sends are info; otherwise warning, critical from 1 %.
 * Client `request_timeouts_count` values are per-sample counts (cumulative names end in `_total`).
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, issue } from '../../types.js';
import { timelineSeries, values, samplesWith } from '../../series.js';
import { sustained } from '../../sustained.js';
import { sum } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';

const C = SAMPLE_NAMES.client;

/** The most frequent error message over the window, with its count. */
function topError(errors: Array<Record<string, number> | undefined>): string | null {
  const all = new Map<string, number>();
  for (const e of errors) for (const [k, v] of Object.entries(e ?? {})) all.set(k, (all.get(k) ?? 0) + v);
  const top = [...all].sort((a, b) => b[1] - a[1])[0];
  return top ? `${top[0]} (×${top[1]})` : null;
}

/** The `producer-errors` rule (errors); see the file comment for the condition and thresholds. */
export const producerErrors: Rule = {
  id: 'producer-errors',
  kb: 'errors',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const findings: Finding[] = [];
    const failed = sum(w.timeline.map((e) => e.produce.failed));
    if (failed > 0) {
      const sent = sum(w.timeline.map((e) => e.produce.sent));
      const share = sent > 0 ? failed / sent : 1;
      const s = sustained(values(timelineSeries(w, (e) => e.produce.failed)), (v) => v > 0, { minShare: 0 });
      const severity = share >= T.producerFailedCriticalShare.value ? 'critical' : s.holds ? 'warning' : 'info';
      findings.push(
        makeFinding('producer-errors', { category: 'delivery', severity, confidence: 'high' }, [evidence(w, 'failed sends', failed, 'messages', { threshold: 0, note: `${(share * 100).toFixed(2)} % of ${sent} sent; intervals with failures: ${sustainedNote(s)}` })], {
          failed,
          sent,
          share,
          top: topError(w.timeline.map((e) => e.errors)),
        }),
      );
    }
    const timeouts = samplesWith(w, 'client', C.timeouts);
    const nTimeouts = sum(timeouts.map((s) => s.values[C.timeouts]!));
    if (nTimeouts > 0) {
      const retries = samplesWith(w, 'client', C.retries);
      const s = sustained(timeouts.map((x) => x.values[C.timeouts]!), (v) => v > 0, { minShare: 0 });
      findings.push(
        makeFinding('client-timeouts', { category: 'delivery', severity: s.holds ? 'warning' : 'info', confidence: 'medium' }, [evidence(w, 'client request timeouts', nTimeouts, 'count', { threshold: 0, note: sustainedNote(s) })], {
          timeouts: nTimeouts,
          retries: retries.length > 0 ? sum(retries.map((x) => x.values[C.retries]!)) : null,
        }),
      );
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
