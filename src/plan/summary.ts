/** One-line-per-aspect human summary of what a plan will do (for `validate` and the start of `run`). */
import { formatDuration } from '../profile/duration.js';
import type { Phase } from '../profile/schema.js';
import { phaseDurationMs } from './segments.js';
import type { RunPlan } from './types.js';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function rateText(r: number): string {
  return Number.isInteger(r) ? String(r) : r.toFixed(1);
}

/** `5000 msg/s for 30s`, `ramp 0→10000 msg/s over 2m`, `max throughput for 1m`. */
export function describePhase(phase: Phase): string {
  const len = formatDuration(phaseDurationMs(phase));
  switch (phase.executor) {
    case 'constant-arrival-rate':
      return `${rateText(phase.rate)} msg/s for ${len}`;
    case 'max-throughput':
      return `max throughput for ${len}`;
    case 'ramping-arrival-rate': {
      const points = [phase.startRate ?? 0, ...phase.stages.map((s) => s.target)].map(rateText);
      return `ramp ${points.join('→')} msg/s over ${len}`;
    }
  }
}

/** Lines describing brokers, topics, producers, consumers, load and thresholds. */
export function describePlan(plan: RunPlan): string[] {
  const p = plan.profile;
  const pr = p.producers;
  const c = p.consumers;
  const lines = [
    `broker: ${p.driver.type}${plan.driver.brokers.length > 0 ? ` at ${plan.driver.brokers.join(', ')}` : ''}`, // rabbitmq: the plan's addresses (a RabbitMQ profile has url, no brokers)
    `topics: ${p.topics.map((t) => (t.partitions === undefined ? t.name : `${t.name} (${plural(t.partitions, 'partition')}, rf ${t.replicationFactor ?? 1})`)).join('; ')}`,
    `messages: ${p.message.size} B, keys ${plan.message.keys}${plan.message.keys === 'none' ? '' : ` over ${plan.message.keySpace}`}`,
    pr.count === 0
      ? 'producers: none'
      : `producers: ${pr.count} ${pr.mode} → ${pr.topic}, acks ${pr.acks}, ${pr.mode === 'sync' ? '1 in flight' : `${pr.maxInFlight} in flight`}, batch ${pr.batch?.maxRecords}/${pr.batch?.lingerMs}ms, compression ${pr.compression}`,
    plan.groups.length === 0
      ? 'consumers: none'
      : `consumers: ${plural(plan.groups.length, 'group')} × ${c?.perGroup} on ${c?.topic}, commit ${c?.commit}${c?.processing?.delayMs ? `, ${c.processing.delayMs} ms work per message` : ''}${c?.sink ? `, sink ${c.sink.type} ${c.sink.table}` : ''}`,
    `load: ${p.load.phases.map(describePhase).join(', then ')}`,
    `time: warm-up ${formatDuration(plan.warmupMs)} + load ${formatDuration(plan.loadMs)} + cool-down ${formatDuration(plan.cooldownMs)} = ${formatDuration(plan.totalMs)}`,
  ];
  const x = plan.execution;
  if (x) {
    const range = (r: { from: number; to: number }) => (r.to > r.from ? `${r.from}…${r.to - 1}` : 'none');
    lines.push(
      `segment ${x.index}/${x.count}: producers ${range(x.producers)} of ${x.producers.total} (${(x.rateShare * 100).toFixed(1)} % of the rate), consumers ${range(x.consumers)} of ${x.consumers.perGroup} in each group`,
    );
  }
  const thresholds = Object.entries(p.thresholds ?? {}).flatMap(([m, exprs]) => exprs.map((e) => `${m} ${e}`));
  lines.push(`thresholds: ${thresholds.length ? thresholds.join(', ') : 'none'}`);
  if (p.faults?.length) lines.push(`faults: ${p.faults.map((f) => `${f.action} at ${f.at}`).join(', ')}`);
  return lines;
}
