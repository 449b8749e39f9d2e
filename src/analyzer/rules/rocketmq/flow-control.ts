/**
 * RK2: sends the broker refused as busy — its flow control — read from the run's failed-send
 * messages (per interval in the timeline, counted after the client's own retries): SYSTEM_BUSY
 * (remoting code 2), gRPC `TOO_MANY_REQUESTS` (response code 42900, or 429), and the broker's
 * fast-failure texts `[TIMEOUT_CLEAN_QUEUE]` (a send waited longer than waitTimeMillsInSendQueue,
 * 200 ms, in the send queue), `[PCBUSY_CLEAN_QUEUE]` / `[PC_SYNCHRONIZED]` (the commit-log lock
 * was held longer than osPageCacheBusyTimeOutMills, 1 s), `[REJECTREQUEST]` (page cache busy or
 * no transient buffer), `[OVERLOAD]` (send queue full) and "clean expired". Any such failure is
 * an issue: warning, critical from 1 % of sends. The prefix names the stage that was slow; the
 * broker's send-queue watermark, when sampled, is evidence of the backlog.
 */
import { type Rule, OK, issue } from '../../types.js';
import { sustained } from '../../sustained.js';
import { max, sum } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { rocketmqTuningOf } from '../../../drivers/rocketmq/config.js';
import type { BusyStage } from '../../../recommendations/rocketmq/index.js';
import { RB, brokerFlag, brokerSeries } from './facts.js';

/** A failure text that says the broker refused the send as busy. */
const BUSY = /SYSTEM_BUSY|TOO_MANY_REQUESTS|TooManyRequests|response-code=429\d{0,2}\b|\bcode[:= ]+429\b|\[(TIMEOUT_CLEAN_QUEUE|PCBUSY_CLEAN_QUEUE|PC_SYNCHRONIZED|REJECTREQUEST|OVERLOAD)\]|clean expired|broker busy|system busy/i;
/** The broker's fast-failure stage in a busy text. */
const STAGE = /\[(TIMEOUT_CLEAN_QUEUE|PCBUSY_CLEAN_QUEUE|PC_SYNCHRONIZED|REJECTREQUEST|OVERLOAD)\]/i;


/** The stage a busy text names. */
export function busyStage(text: string): BusyStage {
  const m = STAGE.exec(text)?.[1]?.toUpperCase();
  if (m === 'TIMEOUT_CLEAN_QUEUE' || /clean expired/i.test(text)) return 'send-queue-wait';
  if (m === 'PCBUSY_CLEAN_QUEUE' || m === 'PC_SYNCHRONIZED') return 'page-cache-lock';
  if (m === 'REJECTREQUEST') return 'rejected';
  if (m === 'OVERLOAD') return 'overload';
  return 'other';
}

/** True when a failure text says the broker refused the send as busy. */
export function isBusyFailure(text: string): boolean {
  return BUSY.test(text);
}

/** The `rocketmq-flow-control` rule (RK2); see the file comment for the condition and thresholds. */
export const rocketmqFlowControl: Rule = {
  id: 'rocketmq-flow-control',
  kb: 'RK2',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const perInterval = w.timeline.map((e) => sum(Object.entries(e.errors ?? {}).filter(([k]) => isBusyFailure(k)).map(([, n]) => n)));
    const busy = sum(perInterval);
    if (!(busy > T.rocketmqBusyFailuresMax.value)) return OK;
    const kinds = new Map<string, number>();
    for (const e of w.timeline) for (const [k, n] of Object.entries(e.errors ?? {})) if (isBusyFailure(k)) kinds.set(k, (kinds.get(k) ?? 0) + n);
    const [top, topCount] = [...kinds].sort((a, b) => b[1] - a[1])[0]!;
    const sent = sum(w.timeline.map((e) => e.produce.sent));
    const share = sent > 0 ? busy / sent : 1;
    const s = sustained(perInterval, (v) => v > 0, { minShare: 0 });
    const watermark = brokerSeries(w, RB.sendQueueWatermark);
    const peakWatermark = watermark.length > 0 ? max(watermark.map((p) => p.v)) : null;
    const ev = [evidence(w, 'sends refused as broker busy', busy, 'messages', { threshold: T.rocketmqBusyFailuresMax.value, note: `${(share * 100).toFixed(2)} % of ${sent} sent; intervals with refusals: ${sustainedNote(s)}` })];
    if (peakWatermark !== null) ev.push(evidence(w, 'send thread-pool queue peak', peakWatermark, 'requests', { note: 'rocketmq_processor_watermark{processor="send"}' }));
    return issue([
      makeFinding('rocketmq-flow-control', { category: 'broker-threads', severity: share >= T.producerFailedCriticalShare.value ? 'critical' : 'warning', confidence: 'high' }, ev, {
        refused: busy,
        sent,
        share,
        stage: busyStage(top),
        top: `${top} (×${topCount})`,
        maxAttempts: ctx.profile ? rocketmqTuningOf(ctx.profile.driver).maxAttempts : null,
        syncFlush: brokerFlag(w, RB.syncFlush),
        sendQueuePeak: peakWatermark,
      }),
    ]);
  },
};
