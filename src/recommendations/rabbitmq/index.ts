/** RabbitMQ's own finding texts (the `rabbitmq` rule pack), by finding id. */
import { rabbitNodeTexts } from './node.js';
import { rabbitQueueTexts } from './queues.js';

/** Every RabbitMQ finding template, keyed by finding id. */
export const rabbitTexts = { ...rabbitNodeTexts, ...rabbitQueueTexts } as const;
