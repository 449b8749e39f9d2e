/**
 * The rule packs a record gets, and the order their rules run in: `core/` rules judge every
 * broker alike (generator, host, JVM, lag/backlog, delivery, latency, rate); `kafka/` rules read
 * Kafka's own metrics and semantics; `rabbitmq/` rules read the RabbitMQ management API and
 * Prometheus plugin; `artemis/` rules read the Artemis Jolokia collector; `activemq/` the
 * ActiveMQ Classic Jolokia collector; `rocketmq/` the RocketMQ exporter and broker config. Each pack (its folder's `index.ts`) lists its rules by stage; the run order
 * is derived from the packs ({@link RULES}, see `pack.ts`), so a broker's pack is one folder and
 * one entry in {@link RULE_PACKS}. {@link rulesFor} picks packs by the record's broker kind, then
 * drops rules whose capability the broker lacks. Ranking is separate; findings that tie in rank
 * keep the order of {@link RULES}.
 */
import type { BrokerFacts } from '../../record/format.js';
import type { Rule } from '../types.js';
import { runOrder, type RulePack } from './pack.js';
import { CORE_PACK } from './core/index.js';
import { KAFKA_PACK } from './kafka/index.js';
import { RABBITMQ_PACK } from './rabbitmq/index.js';
import { ARTEMIS_PACK } from './artemis/index.js';
import { ACTIVEMQ_PACK } from './activemq/index.js';
import { ROCKETMQ_PACK } from './rocketmq/index.js';

export { CORE_PACK, KAFKA_PACK, RABBITMQ_PACK, ARTEMIS_PACK, ACTIVEMQ_PACK, ROCKETMQ_PACK };
export { RULE_STAGES, type RulePack, type RuleStage } from './pack.js';

/** Every pack, core first. */
export const RULE_PACKS: readonly RulePack[] = [CORE_PACK, KAFKA_PACK, RABBITMQ_PACK, ARTEMIS_PACK, ACTIVEMQ_PACK, ROCKETMQ_PACK];

/** All rules of every pack, in run order (derived from {@link RULE_PACKS}). */
export const RULES: readonly Rule[] = runOrder(RULE_PACKS);

/** The packs a record of `broker` gets, core first; only the core pack when the broker is unknown (null). */
export function packsFor(broker: BrokerFacts | null): RulePack[] {
  return RULE_PACKS.filter((p) => (broker ? p.applies(broker) : p === CORE_PACK));
}

/** The rules a record of `broker` gets, in {@link RULES} order; only the core pack when the broker is unknown (null). */
export function rulesFor(broker: BrokerFacts | null): Rule[] {
  const packs = packsFor(broker);
  return runOrder(packs).filter((r) => broker === null || packs.every((p) => p.gates?.get(r)?.(broker.capabilities) ?? true));
}
