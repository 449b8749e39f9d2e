/**
 * R7, R19: one run queue carries at least 80 % of the run's deliveries while the broker process
 * uses at least 85 % of one core for a sustained stretch and the node as a whole has headroom
 * (below 70 % of all its cores, at least 2) → the queue, one Erlang process on one core, is the
 * ceiling. Queues needed = ⌈target ÷ the hot queue's rate⌉. The per-process CPU comes from the
 * broker-process collector (a broker mqload runs locally); for a remote broker only host CPU is
 * known, which cannot tell one busy core from a busy host, so the rule then says so.
 */
import { SAMPLE_NAMES } from '../../../record/sample-names.js';
import { type Rule, OK, insufficient, issue } from '../../types.js';
import { seriesByInstance, values } from '../../series.js';
import { sustained } from '../../sustained.js';
import { median, sum } from '../../stats.js';
import { evidence, sustainedNote } from '../../evidence.js';
import { makeFinding } from '../../finding.js';
import { THRESHOLDS as T } from '../../thresholds.js';
import { hostCores } from '../../signals.js';
import { achievedRate } from '../../rate.js';
import { profileTargetRate } from '../../profile-facts.js';
import { NO_RABBIT_SAMPLES, RQ, hasRabbitSamples, queueSeries } from './facts.js';

/** The `rabbitmq-hot-queue` rule (R7, R19); see the file comment for the condition and thresholds. */
export const rabbitHotQueue: Rule = {
  id: 'rabbitmq-hot-queue',
  kb: 'R7, R19',
  needsWindow: true,
  evaluate(ctx) {
    const w = ctx.window;
    if (!hasRabbitSamples(w)) return insufficient(NO_RABBIT_SAMPLES);
    const deliver = queueSeries(w, ctx.profile, RQ.deliverPerSec) ?? queueSeries(w, ctx.profile, RQ.ackPerSec);
    if (!deliver) return insufficient('no per-queue delivery rates for the run\'s queues');
    const proc = [...seriesByInstance(w, 'broker-process', SAMPLE_NAMES.brokerProcess.cpuPercent).values()][0];
    const cores = hostCores(w);
    if (!proc || cores === null) {
      return insufficient('no broker process CPU: only a broker mqload runs locally has it, and host CPU alone cannot tell one busy core (one queue) from a busy host');
    }
    if (cores < 2) return insufficient('the broker host has one core: a single-queue ceiling cannot be told from a full host');
    const rates = [...deliver.series].map(([q, pts]) => ({ queue: q, rate: median(values(pts)) })).filter((r) => Number.isFinite(r.rate));
    const total = sum(rates.map((r) => r.rate));
    if (!(total > 0)) return OK;
    const top = rates.reduce((a, b) => (b.rate > a.rate ? b : a));
    const share = top.rate / total;
    if (share < T.rabbitHotQueueShareMin.value) return OK;
    const oneCore = sustained(values(proc), (v) => v >= T.rabbitOneCoreShareMin.value * 100 && v / (100 * cores) < T.brokerCpuWarn.value);
    if (!oneCore.holds) return OK;
    const cpu = median(values(proc));
    const target = (ctx.profile ? profileTargetRate(ctx.profile) : null) ?? achievedRate(w);
    return issue([
      makeFinding(
        'rabbitmq-hot-queue',
        { category: 'broker-cpu', severity: 'warning', confidence: 'medium' },
        [
          evidence(w, `share of the run's deliveries on ${top.queue}`, share, 'ratio', { threshold: T.rabbitHotQueueShareMin.value, note: `${top.rate.toFixed(0)} of ${total.toFixed(0)} msg/s over ${rates.length} queue(s); source ${deliver.source}` }),
          evidence(w, 'broker process CPU median', cpu, '% of one core', { threshold: T.rabbitOneCoreShareMin.value * 100, note: `${cores} cores; ${sustainedNote(oneCore)}` }),
        ],
        {
          queue: top.queue,
          share,
          queueRate: top.rate,
          coreShare: cpu / 100,
          hostCpuRatio: cpu / (100 * cores),
          cores,
          targetRate: target,
          queuesNeeded: top.rate > 0 && target > 0 ? Math.ceil(target / top.rate - 1e-9) : null,
        },
      ),
    ]);
  },
};
