/**
 * The RocketMQ rule pack (KB §7): broker flow control (RK2: sends refused as busy, by stage),
 * the commit log's flush mode against publish latency and the profile's durability intent
 * (RK3), a group's lag growing with ready against inflight and the topic's queue count as the
 * ceiling of consumers (RK1). The broker JVM's heap and GC are judged by the core JVM rules
 * (the collector writes the broker JVM under source `jolokia`, the name server's labelled apart;
 * RocketMQ's heap and direct-memory advice is in `recommendations/rocketmq/advice.ts`). The
 * page cache (RK4) and the processor queue head wait (RK5) have no exporter series to judge:
 * the send-queue watermark is evidence of RK2 only.
 */
import { rulePack, type RulePack } from '../pack.js';
import { rocketmqFlowControl } from './flow-control.js';
import { rocketmqFlushMode } from './flush-mode.js';
import { rocketmqConsumerLag } from './consumer-lag.js';

/** RocketMQ's exporter metrics and broker config: flow control, flush mode, consumer lag by queue. */
export const ROCKETMQ_PACK: RulePack = rulePack({
  name: 'rocketmq',
  applies: (b) => b.kind === 'rocketmq',
  stages: {
    broker: [rocketmqFlowControl],
    consumers: [rocketmqConsumerLag],
    publish: [rocketmqFlushMode],
  },
});
