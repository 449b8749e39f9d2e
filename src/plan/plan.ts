/**
 * Profile → RunPlan: the rate schedule plus which worker runs which producers and consumers.
 * Producers `p0…pN-1` each carry 1/N of the rate; consumers are `c<g>-<i>` in groups
 * `mqload-<runId>-g<g>`. Producers, then consumers, are dealt round-robin over the workers,
 * so each worker gets a similar number of clients; workers left with nothing are omitted.
 */
import { UsageError } from '../errors.js';
import { applyDefaults, DEFAULT_HOT_SHARE } from '../profile/defaults.js';
import { parseDurationMs } from '../profile/duration.js';
import type { AcksSetting, Profile } from '../profile/schema.js';
import type { AcksLevel } from '../drivers/types.js';
import { buildSegments } from './segments.js';
import { driverAddresses } from '../drivers/addresses.js'; // rabbitmq: moves into the registry
import { topicRequest } from '../run/broker-setup.js'; // rabbitmq: the workers' drivers get each destination's own settings
import type { ConsumerPlan, ProducerPlan, RunPlan, WorkerPlan } from './types.js';
import { shareRange, type ExecutionSegment, type ExecutionShare } from './execution-segment.js';

export { rateAt, phaseDurationMs, buildSegments, peakRate } from './segments.js';

/** Options for {@link buildPlan}. */
export interface PlanOptions {
  /** Worker threads available (≥ 1); fewer are used when there are fewer clients. */
  workers: number;
  /** Run id, used in consumer group ids. */
  runId: string;
  /** Plan only this share of the profile (`--segment K/N`, see `execution-segment.ts`); absent = the whole profile. */
  segment?: ExecutionSegment;
}

/** Kafka acks setting → protocol level (`all` = -1). */
export function acksLevel(acks: AcksSetting): AcksLevel {
  return acks === 'all' ? -1 : acks;
}

/** Consumer group id for group index g of a run. */
export function groupIdFor(runId: string, g: number): string {
  return `mqload-${runId}-g${g}`;
}

/**
 * Builds the plan for a validated profile (defaults are filled in again here, so a profile
 * without them plans the same). `sync` forces maxInFlight 1; `oneway` forces acks 0, retries 0.
 */
export function buildPlan(input: Profile, opts: PlanOptions): RunPlan {
  if (!Number.isInteger(opts.workers) || opts.workers < 1) throw new UsageError(`workers must be a whole number ≥ 1 (got ${opts.workers})`);
  const profile = applyDefaults(input);
  const pr = profile.producers;
  const cons = profile.consumers!;
  const topic = pr.topic!;
  const oneway = pr.mode === 'oneway';
  const allProducers: ProducerPlan[] = Array.from({ length: pr.count }, (_, i) => ({
    producerId: `p${i}`,
    topic,
    share: 1 / pr.count,
    mode: pr.mode,
    acks: oneway ? 0 : acksLevel(pr.acks!),
    maxInFlight: pr.mode === 'sync' ? 1 : pr.maxInFlight!,
    batch: { ...pr.batch! },
    compression: pr.compression!,
    idempotent: pr.idempotent!,
    retries: oneway ? 0 : pr.retries!,
  }));
  const groups = cons.perGroup > 0 ? Array.from({ length: cons.groups }, (_, g) => groupIdFor(opts.runId, g)) : [];
  // A segment keeps its block of the producers and of every group's consumers, with their run-wide names.
  const pBlock = opts.segment ? shareRange(pr.count, opts.segment) : { from: 0, to: pr.count };
  const cBlock = opts.segment ? shareRange(cons.perGroup, opts.segment) : { from: 0, to: cons.perGroup };
  const producers = allProducers.slice(pBlock.from, pBlock.to);
  const consumers: ConsumerPlan[] = groups.flatMap((groupId, g) =>
    Array.from({ length: cBlock.to - cBlock.from }, (_, j) => ({
      consumerId: `c${g}-${cBlock.from + j}`,
      groupId,
      topic: cons.topic!,
      commit: cons.commit!,
      processingDelayMs: cons.processing?.delayMs ?? 0,
    })),
  );
  const execution: ExecutionShare | undefined = opts.segment
    ? {
        ...opts.segment,
        rateShare: producers.reduce((sum, p) => sum + p.share, 0),
        producers: { total: pr.count, ...pBlock },
        consumers: { perGroup: cons.perGroup, ...cBlock },
      }
    : undefined;
  const segments = buildSegments(profile);
  const warmupMs = parseDurationMs(profile.load.warmup!);
  const cooldownMs = parseDurationMs(profile.load.cooldown!);
  const loadMs = segments.filter((s) => s.kind === 'load').reduce((sum, s) => sum + (s.endMs - s.startMs), 0);
  return {
    runId: opts.runId,
    profile,
    // rabbitmq: addresses also from driver.url; every destination's own topic settings (and where the run's groups start) for the workers' drivers
    driver: {
      ...profile.driver,
      brokers: driverAddresses(profile.driver),
      topology: Object.fromEntries(profile.topics.map((t) => [t.name, { ...topicRequest(t, false).settings, startFrom: cons.startFrom ?? 'run' }])),
    },
    message: { size: profile.message.size, keys: profile.message.keys!, keySpace: profile.message.keySpace!, hotShare: profile.message.hotShare ?? DEFAULT_HOT_SHARE },
    segments,
    warmupMs,
    loadMs,
    cooldownMs,
    totalMs: warmupMs + loadMs + cooldownMs,
    workers: assignWorkers(producers, consumers, opts.workers),
    groups,
    intervalMs: profile.collect?.intervalMs ?? 1000,
    ...(execution ? { execution } : {}),
  };
}

/** Deals producers then consumers round-robin over at most `workers` workers. */
function assignWorkers(producers: ProducerPlan[], consumers: ConsumerPlan[], workers: number): WorkerPlan[] {
  // A segment with neither producers nor consumers keeps one idle worker: it still runs the schedule and writes its record.
  const used = Math.max(1, Math.min(workers, producers.length + consumers.length));
  const plans: WorkerPlan[] = Array.from({ length: used }, (_, workerIndex) => ({ workerIndex, producers: [], consumers: [] }));
  let next = 0;
  for (const p of producers) plans[next++ % used]!.producers.push(p);
  for (const c of consumers) plans[next++ % used]!.consumers.push(c);
  return plans;
}
