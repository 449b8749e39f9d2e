/**
 * Delivery verification from `summary.delivery`: loss (critical), messages written twice to the
 * log and reordering (warning), redeliveries (info: a consumer-side replay an idempotent consumer
 * absorbs), and acknowledged messages left in the queue at the end (info: a backlog the
 * consumers did not drain within the run and `verify.graceMs`, not a loss).
 */
import type { Finding } from '../../finding-types.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { evidence } from '../../evidence.js';
import { makeFinding } from '../../finding.js';

/** The `delivery` rule (verification); see the file comment for the condition and thresholds. */
export const delivery: Rule = {
  id: 'delivery',
  kb: 'verification',
  needsWindow: false,
  evaluate(ctx) {
    const results = ctx.summary?.delivery;
    if (!ctx.summary) return insufficient('no summary.json (the run was interrupted before verification)');
    if (!results || results.length === 0) return insufficient('no delivery verification in summary.json');
    const verified = results.filter((r) => r.verdict !== 'unverified');
    if (verified.length === 0) return insufficient('delivery could not be verified for any group');
    const w = ctx.window;
    const kind = ctx.broker?.kind ?? null;
    const findings: Finding[] = [];
    for (const r of verified) {
      if (r.lost > 0) {
        findings.push(
          makeFinding('delivery-loss', { category: 'delivery', severity: 'critical', confidence: 'high' }, [evidence(w, `lost acknowledged messages (group ${r.group})`, r.lost, 'messages', { threshold: 0, note: `${r.acked} acked, ${r.unique} unique received` })], {
            group: r.group,
            lost: r.lost,
            lostUnacked: r.lostUnacked,
            acked: r.acked,
            broker: kind,
          }),
        );
      }
      if ((r.undelivered ?? 0) > 0) {
        findings.push(
          makeFinding('delivery-backlog', { category: 'consumer-lag', severity: 'info', confidence: 'high' }, [evidence(w, `acknowledged messages still queued at the end (group ${r.group})`, r.undelivered!, 'messages', { note: `${r.acked + (r.unknown ?? 0)} acked, ${r.unique} unique received` })], {
            group: r.group,
            undelivered: r.undelivered!,
          }),
        );
      }
      // Older records hold only the total: all of it is then reported as written twice.
      const inLog = r.duplicatedInLog ?? r.duplicated - (r.redelivered ?? 0);
      if (inLog > 0) {
        findings.push(
          makeFinding('delivery-duplicates', { category: 'delivery', severity: 'warning', confidence: 'high' }, [evidence(w, `messages written twice to the log (group ${r.group})`, inLog, 'messages', { threshold: 0, note: 'one message at two broker positions: the producer side' })], {
            group: r.group,
            duplicated: inLog,
            broker: kind,
          }),
        );
      }
      if ((r.redelivered ?? 0) > 0) {
        findings.push(
          makeFinding('delivery-redelivered', { category: 'delivery', severity: 'info', confidence: 'high' }, [evidence(w, `deliveries of a broker position received before (group ${r.group})`, r.redelivered!, 'messages', { note: 'the consumer side: the log holds each of these messages once' })], {
            group: r.group,
            redelivered: r.redelivered!,
          }),
        );
      }
      if (r.reordered > 0) {
        findings.push(
          makeFinding('delivery-reordering', { category: 'delivery', severity: 'warning', confidence: 'high' }, [evidence(w, `reordered messages (group ${r.group})`, r.reordered, 'messages', { threshold: 0 })], {
            group: r.group,
            reordered: r.reordered,
            broker: kind,
          }),
        );
      }
    }
    return findings.length > 0 ? issue(findings) : OK;
  },
};
