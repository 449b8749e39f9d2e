/**
 * The ActiveMQ Classic collector: one authenticated Jolokia bulk read per interval (JMX over
 * HTTP: the local broker's Jolokia agent, or a broker's web console at `/api/jolokia`), giving
 * - source `jolokia`: the broker JVM's heap, GC and threads (neutral JVM names);
 * - source `activemq`: broker usage (memory, store, temp % of their limits), enqueue/dequeue
 *   rates, connections, and per queue (`labels { queue }`) depth, consumers, in-flight,
 *   enqueue/dequeue rates. Names: `names.ts`.
 * The password travels only in the Authorization header; `instance` is the URL (no secret).
 */
import type { Collector, SampleReading } from '../types.js';
import type { CollectorStatus } from '../../record/format.js';
import { describeError } from '../../errors.js';
import { JolokiaClient } from '../../drivers/jolokia.js';
import { BrokerValueDeriver } from '../kafka/broker-values.js';
import { ACTIVEMQ_BULK_READ, ActivemqValueDeriver, mapActivemqResponses } from './readings.js';
import { ACTIVEMQ_SOURCE } from './names.js';

/** Where and as whom the collector reads. */
export interface ActivemqJolokiaTarget {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:8162/jolokia`. */
  url: string;
  user: string;
  password: string;
  timeoutMs: number;
}

export class ActivemqJolokiaCollector implements Collector {
  readonly source = ACTIVEMQ_SOURCE;
  readonly name: string;
  private readonly client: JolokiaClient;
  private readonly jvm = new BrokerValueDeriver();
  private readonly values = new ActivemqValueDeriver();

  constructor(private readonly target: ActivemqJolokiaTarget) {
    this.name = `activemq:${target.url}`;
    this.client = new JolokiaClient({ base: target.url, user: target.user, password: target.password, timeoutMs: target.timeoutMs });
  }

  async start(): Promise<CollectorStatus> {
    try {
      const r = mapActivemqResponses(await this.client.bulk(ACTIVEMQ_BULK_READ));
      if (!r.broker) return { available: false, reason: `Jolokia at ${this.target.url} shows no ActiveMQ broker MBean (org.apache.activemq:type=Broker)` };
      return { available: true };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const r = mapActivemqResponses(await this.client.bulk(ACTIVEMQ_BULK_READ));
    const atMs = Date.now();
    const instance = this.target.url;
    const out: SampleReading[] = [{ source: 'jolokia', instance, values: this.jvm.derive(r.jvm, atMs) }];
    if (r.broker) out.push({ source: this.source, instance, values: this.values.broker(r.broker, atMs) });
    for (const [queue, q] of r.queues) out.push({ source: this.source, instance, labels: { queue }, values: this.values.queue(queue, q, atMs) });
    return out;
  }

  async stop(): Promise<void> {}
}
