/**
 * What a rule pack is, and the stages that order the rules of every pack. A pack lists its rules
 * by stage; the run order is the stages in {@link RULE_STAGES} order, within a stage the packs in
 * registration order (core first), within a pack the order it lists. So a pack (a folder under
 * `rules/` with an `index.ts`) is the one place its rules are named, and a rule in a pack always
 * runs for the records the pack applies to. Findings that tie in rank keep this order.
 */
import type { DriverCapabilities } from '../../drivers/types.js';
import type { BrokerFacts } from '../../record/format.js';
import type { HeadroomProbe } from '../headroom.js';
import type { Rule } from '../types.js';

/**
 * The stages rules run in, causes on the generator and the broker before consumers and delivery:
 * `generator` (the load generator itself), `throughput` (nothing sent or acknowledged, the rate),
 * `broker` (host resources, then the broker's own internals: threads, alarms, flow control),
 * `jvm` (heap and GC), `replication`, `consumers` (lag, backlog, idle or skewed consumers,
 * queue depth and prefetch), `processing` (consumer handler time), `publish` (how publishes
 * reach the broker: batching, confirms), `producers` (sync round trips, send errors),
 * `delivery` (verification of what was received, then the broker's view of it).
 */
export const RULE_STAGES = ['generator', 'throughput', 'broker', 'jvm', 'replication', 'consumers', 'processing', 'publish', 'producers', 'delivery'] as const;

/** One stage of {@link RULE_STAGES}. */
export type RuleStage = (typeof RULE_STAGES)[number];

/** Whether a rule means something for a broker with these capabilities. */
export type CapabilityGate = (capabilities: DriverCapabilities) => boolean;

/** A pack as its folder declares it (see {@link rulePack}). */
export interface RulePackSpec {
  readonly name: string;
  /** Whether a record of this broker gets the pack. */
  applies(broker: BrokerFacts): boolean;
  /** The pack's rules by stage, each stage in its run order. */
  readonly stages: Readonly<Partial<Record<RuleStage, readonly Rule[]>>>;
  /** The pack's contribution to the healthy finding (its own headroom signals), if any. */
  readonly headroom?: HeadroomProbe;
  /**
   * Rules of this pack that run only where the broker has a capability (a rule absent here runs
   * wherever the pack applies); a record of unknown broker is not gated.
   */
  readonly gates?: ReadonlyMap<Rule, CapabilityGate>;
}

/** A broker's own rules (or the core's), and which records get them. */
export interface RulePack extends RulePackSpec {
  /** Every rule of the pack, in run order (the stages in {@link RULE_STAGES} order). */
  readonly rules: readonly Rule[];
}

/** The pack of `spec`, with its rules listed in run order. */
export function rulePack(spec: RulePackSpec): RulePack {
  return { ...spec, rules: RULE_STAGES.flatMap((s) => spec.stages[s] ?? []) };
}

/** The rules of `packs` in run order: stage by stage, within a stage pack by pack. */
export function runOrder(packs: readonly RulePack[]): Rule[] {
  return RULE_STAGES.flatMap((s) => packs.flatMap((p) => p.stages[s] ?? []));
}
