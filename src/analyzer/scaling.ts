/**
 * Scaling estimates from the measured rates (KB P1, L4, §3):
 *
 * - partitions needed = ceil(max(target ÷ per-partition produce rate, target ÷ per-consumer rate));
 * - consumers needed (per group) = ceil(target ÷ per-consumer rate);
 * - brokers needed (Cruise Control `CapacityGoal`): with cluster utilisation U scaled to the
 *   target, total capacity C and per-broker capacity c, add ceil((U − C·t) ÷ (c·t)) brokers
 *   when U > C·t, with t = 0.7 for CPU (0.8 for network, which needs the NIC speed).
 *
 * A measured rate is a capacity only when that side was saturated; otherwise it is a lower bound,
 * and the notes say so. Every input used is listed in `inputs`.
 */
import type { Finding, ScalingEstimate } from './finding-types.js';
import type { Profile } from '../profile/schema.js';
import type { RuleContext } from './types.js';
import type { AnalysisWindow } from './window.js';
import { achievedRate } from './rate.js';
import { brokerCpu, brokerNicUtilisation } from './signals.js';
import { instanceName, JMX_SOURCES, values } from './series.js';
import { mean, sum } from './stats.js';
import { activeConsumers, produceTopic, profileTargetRate } from './profile-facts.js';
import { round } from './evidence.js';
import { THRESHOLDS as T } from './thresholds.js';

/**
 * Cruise Control's brokers-to-add: ceil((U − C·t) ÷ (c·t)) when U > C·t, else 0.
 * U and C in the same unit (e.g. cores, or CPU ratio summed over brokers), c per broker, t in 0–1.
 */
export function ccBrokersToAdd(utilisation: number, capacity: number, perBroker: number, threshold: number): number {
  if (!(utilisation > capacity * threshold) || !(perBroker > 0) || !(threshold > 0)) return 0;
  return Math.ceil((utilisation - capacity * threshold) / (perBroker * threshold) - 1e-9);
}

/** Brokers seen in the window (distinct JMX/Jolokia or node_exporter instances), null when none. */
export function brokersSeen(window: AnalysisWindow): number | null {
  const jmx = new Set(window.samples.filter((s) => (JMX_SOURCES as readonly string[]).includes(s.source)).map(instanceName));
  const node = new Set(window.samples.filter((s) => s.source === 'node').map(instanceName));
  const n = Math.max(jmx.size, node.size);
  if (n > 0) return n;
  return window.samples.some((s) => s.source === 'broker-process') ? 1 : null;
}

/** CPU-based broker estimate at `scale` × the measured load; null without broker CPU samples. */
export function cpuBrokerEstimate(window: AnalysisWindow, scale: number): { brokers: number; utilisation: number; toAdd: number; origin: string } | null {
  const cpu = brokerCpu(window);
  if (!cpu || !(scale > 0)) return null;
  const brokers = cpu.series.size;
  const utilisation = sum([...cpu.series.values()].map((pts) => mean(values(pts)))) * scale;
  return { brokers, utilisation, toAdd: ccBrokersToAdd(utilisation, brokers, 1, T.ccCpuThreshold.value), origin: cpu.origin };
}

/** Messages per second one consumer handled: received ÷ window ÷ groups ÷ active consumers per group. */
export function perConsumerRate(window: AnalysisWindow, profile: Profile): number | null {
  const active = activeConsumers(profile);
  const groups = profile.consumers?.groups ?? 0;
  const secs = sum(window.timeline.map((e) => e.intervalSec));
  if (active === null || groups <= 0 || secs <= 0) return null;
  const received = sum(window.timeline.map((e) => e.consume.received));
  const r = received / secs / groups / active;
  return r > 0 ? r : null;
}

/** Consumers one group needs to keep up with `rate`: ceil(rate ÷ per-consumer rate). */
export function consumersNeeded(rate: number, perConsumer: number): number {
  return Math.max(1, Math.ceil(rate / perConsumer - 1e-9));
}

const has = (findings: readonly Finding[], ...ids: string[]): boolean => findings.some((f) => ids.includes(f.id) && f.severity !== 'info');

/** Estimates partitions, consumers and brokers for the profile's target rate. Undefined without a profile or load. */
export function estimateScaling(ctx: RuleContext, findings: readonly Finding[]): ScalingEstimate | undefined {
  const { window: w, profile } = ctx;
  const achieved = achievedRate(w);
  if (!profile || !(achieved > 0)) return undefined;
  const profileTarget = profileTargetRate(profile);
  const target = profileTarget ?? achieved;
  const inputs: Record<string, number | string> = {
    targetRatePerSec: round(target),
    targetFrom: profileTarget !== null ? 'profile' : 'achieved rate (max-throughput)',
    achievedRatePerSec: round(achieved),
  };
  const notes: string[] = [];
  const est: ScalingEstimate = { targetRatePerSec: round(target), inputs, notes };
  const generatorLimited = findings.some((f) => f.category === 'load-generator' && f.severity !== 'info');

  // Produce side: per-partition rate is a capacity only when the broker limited the rate.
  const topic = produceTopic(profile);
  let perPartition: number | null = null;
  if (topic && topic.partitions !== null) {
    const measured = achieved / topic.partitions;
    inputs.produceTopic = topic.name;
    inputs.partitions = topic.partitions;
    inputs.perPartitionProduceRate = round(measured);
    if (generatorLimited) notes.push('the load generator limited the produce rate, so per-partition capacity is unknown and not used');
    else if (has(findings, 'rate-not-met')) perPartition = measured;
    else notes.push(`producers reached ${round(achieved)} msg/s without saturating, so ${round(measured)} msg/s per partition is a lower bound and not used`);
  }

  // Consume side.
  const perConsumer = perConsumerRate(w, profile);
  const delayMs = profile.consumers?.processing?.delayMs ?? 0;
  let consumerCap: number | null = null;
  if (perConsumer !== null) {
    inputs.perConsumerRate = round(perConsumer);
    inputs.consumersPerGroup = profile.consumers?.perGroup ?? 0;
    if (has(findings, 'consumer-stalled')) {
      notes.push('consumers stopped or stalled, so their rate says nothing about capacity; consumer counts are not estimated');
    } else if (has(findings, 'consumer-lag-growing', 'consumer-processing-bound', 'rabbitmq-consumers-limit', 'rabbitmq-unacked-at-prefetch')) {
      consumerCap = perConsumer;
    } else if (delayMs > 0) {
      consumerCap = 1000 / delayMs;
      inputs.processingDelayMs = delayMs;
      notes.push(`consumers kept up; per-consumer capacity taken as 1000 ÷ processing.delayMs = ${round(consumerCap)} msg/s (sequential processing)`);
    } else {
      notes.push(`consumers kept up at ${round(perConsumer)} msg/s each, a lower bound of their capacity; consumer counts are not estimated`);
    }
  } else if ((profile.consumers?.perGroup ?? 0) > 0) {
    notes.push('no messages were consumed in the window; consumer counts are not estimated');
  }
  if (consumerCap !== null) {
    inputs.perConsumerCapacity = round(consumerCap);
    est.consumersNeeded = consumersNeeded(target, consumerCap);
  }
  // A broker without partitions (a RabbitMQ queue) scales by consumers and queues, not partitions.
  const partitioned = ctx.broker?.capabilities.partitions ?? true;
  const bounds = [perPartition, consumerCap].filter((x): x is number => x !== null && x > 0).map((r) => target / r);
  if (!partitioned) notes.push('partitions not estimated: the broker has no partitions');
  else if (bounds.length > 0) est.partitionsNeeded = Math.ceil(Math.max(...bounds) - 1e-9);
  else notes.push('partitions needed not computed: no saturated per-partition or per-consumer rate was measured');

  // Brokers (CPU), linear in the message rate.
  const cpu = cpuBrokerEstimate(w, target / achieved);
  if (cpu) {
    inputs.brokers = cpu.brokers;
    inputs.brokerCpuUtilisationAtTarget = round(cpu.utilisation);
    inputs.cpuThreshold = T.ccCpuThreshold.value;
    inputs.brokerCpuFrom = cpu.origin;
    est.brokersNeeded = cpu.brokers + cpu.toAdd;
    notes.push(`brokers: Cruise Control formula on broker CPU scaled ×${round(target / achieved)} to the target, assuming CPU grows linearly with the rate`);
    if (cpu.origin === 'broker-process') notes.push('broker CPU comes from a local broker sharing the generator host; treat the broker count as indicative');
  } else {
    notes.push('brokers needed not computed: no broker CPU samples (node exporter or local broker process)');
  }
  const nic = brokerNicUtilisation(w);
  if (nic.size > 0) {
    // Cruise Control's network goal: the broker hosts' mean NIC utilisation, scaled to the target.
    const utilisation = sum([...nic.values()].map((pts) => mean(values(pts)))) * (target / achieved);
    const toAdd = ccBrokersToAdd(utilisation, nic.size, 1, T.ccNetworkThreshold.value);
    inputs.brokerNicUtilisationAtTarget = round(utilisation);
    inputs.networkThreshold = T.ccNetworkThreshold.value;
    if (toAdd > 0) est.brokersNeeded = Math.max(est.brokersNeeded ?? 0, nic.size + toAdd);
    notes.push(`network: broker NIC utilisation scaled ×${round(target / achieved)} to the target (max of rx and tx ÷ link speed), Cruise Control's network threshold ${T.ccNetworkThreshold.value}`);
  } else {
    notes.push('network headroom not computed: no broker host NIC reports a link speed (loopback, or no node exporter)');
  }
  return est;
}
