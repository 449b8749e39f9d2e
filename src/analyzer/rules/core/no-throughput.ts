/**
 * Nothing acknowledged during load. When nothing was even sent, the generator produced no load
 * (`generator-no-load`: the run says nothing about the system); when sends went out but none was
 * acknowledged, the broker took nothing (`no-acks`). Either way no other figure means much, and
 * a run like this must never read as healthy.
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { sum } from '../../stats.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';

/** The `no-throughput` rule (C6); see the file comment for the condition. */
export const noThroughput: Rule = {
  id: 'no-throughput',
  kb: 'C6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (ctx.profile && ctx.profile.producers.count === 0) return insufficient('the profile has no producers');
    const acked = sum(w.timeline.map((e) => e.produce.acked));
    if (acked > 0) return OK;
    const sent = sum(w.timeline.map((e) => e.produce.sent));
    const failed = sum(w.timeline.map((e) => e.produce.failed));
    const dropped = sum(w.timeline.map((e) => e.produce.dropped));
    const errors = new Map<string, number>();
    for (const e of w.timeline) for (const [k, v] of Object.entries(e.errors ?? {})) errors.set(k, (errors.get(k) ?? 0) + v);
    const top = [...errors].sort((a, b) => b[1] - a[1])[0];
    const ev = [
      evidence(w, 'acknowledged messages during load', 0, 'messages'),
      evidence(w, 'sends issued during load', sent, 'messages', { note: `${failed} failed, ${dropped} dropped` }),
    ];
    if (sent === 0) {
      return issue([makeFinding('generator-no-load', { category: 'load-generator', severity: 'critical', confidence: 'high' }, ev, { dropped, windowSec: w.durationSec })]);
    }
    return issue([makeFinding('no-acks', { category: 'rate-not-met', severity: 'critical', confidence: 'high' }, ev, { sent, failed, top: top ? `${top[0]} (×${top[1]})` : null, broker: ctx.broker?.kind ?? null })]);
  },
};
