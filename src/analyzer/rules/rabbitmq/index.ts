/** The RabbitMQ rule pack: the management and Prometheus metrics (alarms, credit flow, queue depth and consumer capacity, prefetch, confirms, one-queue ceiling, redeliveries and drops). */
import { rulePack, type RulePack } from '../pack.js';
import { rabbitAlarms } from './alarms.js';
import { rabbitFlowControl } from './flow-control.js';
import { rabbitQueueGrowing } from './queue-growing.js';
import { rabbitPrefetch } from './prefetch.js';
import { rabbitConfirmLatency } from './confirm-latency.js';
import { rabbitHotQueue } from './hot-queue.js';
import { rabbitRedeliveries } from './redeliveries.js';
import { rabbitDropped } from './dropped.js';
import { rabbitHeadroom } from './headroom.js';

/** RabbitMQ's management and Prometheus metrics: alarms, credit flow, queue depth and consumer capacity, prefetch, confirms, one-queue ceiling, redeliveries and drops. */
export const RABBITMQ_PACK: RulePack = rulePack({
  name: 'rabbitmq',
  applies: (b) => b.kind === 'rabbitmq',
  stages: {
    broker: [rabbitAlarms, rabbitFlowControl],
    consumers: [rabbitQueueGrowing, rabbitPrefetch, rabbitHotQueue],
    publish: [rabbitConfirmLatency],
    delivery: [rabbitRedeliveries, rabbitDropped],
  },
  headroom: rabbitHeadroom,
});
