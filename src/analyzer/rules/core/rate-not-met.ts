/**
 * C6 (throughput): achieved rate below 95 % of the target for a sustained stretch, blamed on the
 * generator when it was saturated or the broker was idle (`generator-rate-not-met`), otherwise
 * reported as the system's limit (`rate-not-met`; low confidence when nothing tells which side).
 */
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { brokerState, generatorState, hostCores } from '../../signals.js';
import { sendMode, workerCount } from '../../profile-facts.js';
import { rateAchievement } from '../../rate.js';

/** The `rate-not-met` rule (C6); see the file comment for the condition and thresholds. */
export const rateNotMet: Rule = {
  id: 'rate-not-met',
  kb: 'C6',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    const rate = rateAchievement(w);
    if (rate.target === null || rate.shortfall === null || rate.ratio === null) return insufficient('max-throughput run: no target rate');
    if (!rate.shortfall.holds) return OK;
    const severity = rate.ratio < T.rateAchievedCritical.value ? 'critical' : 'warning';
    const rateEvidence = evidence(w, 'achieved ÷ target rate', rate.ratio, 'ratio', {
      threshold: T.rateAchievedMin.value,
      note: `${rate.achieved.toFixed(0)} of ${rate.target.toFixed(0)} msg/s; intervals short: ${sustainedNote(rate.shortfall)}`,
    });
    const gen = generatorState(w);
    const broker = brokerState(ctx);
    if (gen.hot === true || broker.state === 'idle') {
      const because = gen.hot === true ? 'generator-hot' : 'broker-idle';
      return issue([
        makeFinding(
          'generator-rate-not-met',
          { category: 'load-generator', severity, confidence: because === 'generator-hot' ? 'high' : 'medium' },
          [rateEvidence, ...(because === 'generator-hot' ? gen.evidence : broker.evidence)],
          { achieved: rate.achieved, target: rate.target, ratio: rate.ratio, because, mode: sendMode(ctx) ?? 'async', workers: workerCount(ctx.summary), cores: hostCores(w) },
        ),
      ]);
    }
    const blame = broker.state === 'busy' ? 'broker' : broker.evidence.length > 0 ? 'undetermined' : 'unmeasured';
    return issue([
      makeFinding(
        'rate-not-met',
        { category: 'rate-not-met', severity, confidence: blame === 'broker' ? 'high' : 'low' },
        [rateEvidence, ...broker.evidence],
        { achieved: rate.achieved, target: rate.target, ratio: rate.ratio, blame, broker: ctx.broker?.kind ?? null },
      ),
    ]);
  },
};
