/** Kafka's own finding texts (the `kafka` rule pack), by finding id; Kafka's clauses for the core texts are in `advice.ts`. */
import { kafkaBrokerTexts } from './broker.js';
import { kafkaReplicationTexts } from './replication.js';
import { kafkaConsumerTexts } from './consumer.js';
import { kafkaClientTexts } from './client.js';

/** Every Kafka finding template, keyed by finding id. */
export const kafkaTexts = { ...kafkaBrokerTexts, ...kafkaReplicationTexts, ...kafkaConsumerTexts, ...kafkaClientTexts } as const;
