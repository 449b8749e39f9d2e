/**
 * Pure mapping from management API answers to sample values (names in `names.ts`). Fields the
 * API left out give no value, except rates: the API omits a counter that never moved, so a
 * missing rate of a queue is 0 messages/s.
 */
import type { ApiChannel, ApiConnection, ApiNode, ApiNodeMemory, ApiQueue } from './http-api.js';
import { RABBITMQ_SAMPLE_NAMES, memoryName } from './names.js';

const N = RABBITMQ_SAMPLE_NAMES.node;
const Q = RABBITMQ_SAMPLE_NAMES.queue;
const T = RABBITMQ_SAMPLE_NAMES.totals;

/** Values of one sample, only finite numbers. */
export type Values = Record<string, number>;

function put(out: Values, name: string, v: number | boolean | undefined): void {
  if (typeof v === 'boolean') out[name] = v ? 1 : 0;
  else if (typeof v === 'number' && Number.isFinite(v)) out[name] = v;
}

/** Node values from `/api/nodes` and, when given, `/api/nodes/{n}/memory`. */
export function nodeValues(node: ApiNode, memory?: ApiNodeMemory): Values {
  const out: Values = {};
  put(out, N.memUsed, node.mem_used);
  put(out, N.memLimit, node.mem_limit);
  if (node.mem_used !== undefined && node.mem_limit !== undefined && node.mem_limit > 0) put(out, N.memUsedRatio, node.mem_used / node.mem_limit);
  put(out, N.memAlarm, node.mem_alarm);
  put(out, N.diskAlarm, node.disk_free_alarm);
  put(out, N.diskFree, node.disk_free);
  put(out, N.diskFreeLimit, node.disk_free_limit);
  put(out, N.fdsUsed, node.fd_used);
  put(out, N.fdsLimit, node.fd_total);
  put(out, N.socketsUsed, node.sockets_used);
  put(out, N.socketsLimit, node.sockets_total);
  put(out, N.processesUsed, node.proc_used);
  put(out, N.processesLimit, node.proc_total);
  put(out, N.runQueue, node.run_queue);
  for (const [key, v] of Object.entries(memory?.memory ?? {})) if (typeof v === 'number') put(out, memoryName(key), v);
  return out;
}

/** Per-queue values from one `/api/queues/{vhost}` element. */
export function queueValues(q: ApiQueue): Values {
  const out: Values = {};
  put(out, Q.ready, q.messages_ready);
  put(out, Q.unacked, q.messages_unacknowledged);
  put(out, Q.depth, q.messages ?? (q.messages_ready !== undefined && q.messages_unacknowledged !== undefined ? q.messages_ready + q.messages_unacknowledged : undefined));
  put(out, Q.consumers, q.consumers);
  put(out, Q.consumerCapacity, q.consumer_capacity ?? q.consumer_utilisation);
  const s = q.message_stats ?? {};
  put(out, Q.publishPerSec, s.publish_details?.rate ?? 0);
  put(out, Q.deliverPerSec, s.deliver_get_details?.rate ?? 0);
  put(out, Q.ackPerSec, s.ack_details?.rate ?? 0);
  put(out, Q.redeliverPerSec, s.redeliver_details?.rate ?? 0);
  if (q.state !== undefined) out[Q.inFlow] = q.state === 'flow' ? 1 : 0;
  return out;
}

/** Broker-wide values: connection and channel states, prefetch, and the queue values summed. */
export function totalValues(connections: readonly ApiConnection[], channels: readonly ApiChannel[], queues: readonly ApiQueue[]): Values {
  const byState = (list: ReadonlyArray<{ state?: string }>, state: string) => list.filter((x) => x.state === state).length;
  const out: Values = {
    [T.connections]: connections.length,
    [T.connectionsRunning]: byState(connections, 'running'),
    [T.connectionsFlow]: byState(connections, 'flow'),
    [T.connectionsBlocking]: byState(connections, 'blocking'),
    [T.connectionsBlocked]: byState(connections, 'blocked'),
    [T.channels]: channels.length,
    [T.channelsFlow]: byState(channels, 'flow'),
  };
  let unacked = 0;
  let unconfirmed = 0;
  let prefetch = 0;
  let unlimited = 0;
  for (const ch of channels) {
    unacked += ch.messages_unacknowledged ?? 0;
    unconfirmed += ch.messages_unconfirmed ?? 0;
    const consumers = ch.consumer_count ?? 0;
    if (consumers === 0) continue;
    const perConsumer = ch.prefetch_count ?? 0;
    const global = ch.global_prefetch_count ?? 0;
    if (perConsumer === 0 && global === 0) unlimited++;
    // A per-consumer limit caps each consumer; a channel-wide limit caps them all together.
    const limit = perConsumer > 0 ? perConsumer * consumers : Number.POSITIVE_INFINITY;
    if (perConsumer > 0 || global > 0) prefetch += Math.min(limit, global > 0 ? global : Number.POSITIVE_INFINITY);
  }
  out[T.channelUnacked] = unacked;
  out[T.channelUnconfirmed] = unconfirmed;
  out[T.prefetchLimit] = prefetch;
  out[T.unlimitedPrefetchChannels] = unlimited;
  const perQueue = queues.map(queueValues);
  for (const name of [Q.ready, Q.unacked, Q.depth, Q.consumers, Q.publishPerSec, Q.deliverPerSec, Q.ackPerSec, Q.redeliverPerSec]) {
    out[name] = perQueue.reduce((sum, v) => sum + (v[name] ?? 0), 0);
  }
  return out;
}
