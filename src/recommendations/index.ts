/**
 * Finding text by finding id: each id maps to a template that turns the rule's computed values
 * into a title and a recommendation. Rules choose the id and compute the numbers; the prose
 * lives here: the core findings' texts in this folder (their broker-specific clauses from
 * `advice.ts` by kind), a broker pack's own findings in `<kind>/` (`kafka/`, `rabbitmq/`, `artemis/`, `activemq/`, `rocketmq/`).
 * {@link findingText} is typed so each id only accepts its own parameters.
 */
import { generatorTexts } from './generator.js';
import { brokerTexts } from './broker.js';
import { jvmTexts } from './jvm.js';
import { consumerTexts } from './consumer.js';
import { clientTexts } from './client.js';
import { kafkaTexts } from './kafka/index.js';
import { rabbitTexts } from './rabbitmq/index.js';
import { artemisTexts } from './artemis/index.js';
import { activemqTexts } from './activemq/index.js';
import { rocketmqTexts } from './rocketmq/index.js';
import type { FindingText } from './text.js';

export type { FindingText } from './text.js';
export { headline } from './headline.js';

/** Every finding template, keyed by finding id. */
export const FINDING_TEXTS = {
  ...generatorTexts,
  ...brokerTexts,
  ...jvmTexts,
  ...consumerTexts,
  ...clientTexts,
  ...kafkaTexts,
  ...rabbitTexts,
  ...artemisTexts,
  ...activemqTexts,
  ...rocketmqTexts,
} as const;

/** A finding id the analyzer can emit. */
export type FindingId = keyof typeof FINDING_TEXTS;

/** The parameters the template of `K` takes. */
export type FindingParams<K extends FindingId> = Parameters<(typeof FINDING_TEXTS)[K]>[0];

/** Renders the title and recommendation of finding `id` from its computed values. */
export function findingText<K extends FindingId>(id: K, params: FindingParams<K>): FindingText {
  const template = FINDING_TEXTS[id] as (p: FindingParams<K>) => FindingText;
  return template(params);
}
