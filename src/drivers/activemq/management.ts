/**
 * ActiveMQ Classic management through Jolokia (JMX over HTTP: the local broker's Jolokia JVM
 * agent, or a broker's web console at `/api/jolokia`): queues of a run (create, purge, remove),
 * queue counts and the broker's usage. Names are those of {@link ActivemqTopicSchema}
 * (`[a-zA-Z0-9._-]`), so they need no quoting inside MBean names. The broker's MBean is looked
 * up once (`org.apache.activemq:type=Broker,brokerName=<name>`), so any broker name works.
 */
import { JolokiaClient, JolokiaError } from '../jolokia.js';

/** The local broker's MBean (our launcher names it `mqload`). */
export const ACTIVEMQ_BROKER_MBEAN = 'org.apache.activemq:type=Broker,brokerName=mqload';

/** A queue's counts as the broker keeps them now (exact, not sampled). */
export interface ActivemqQueueStats {
  /** Messages not yet acknowledged, including those dispatched to a consumer (`QueueSize`). */
  queueSize: number;
  /** Of those, dispatched and not acknowledged (`InFlightCount`). */
  inFlight: number;
  /** Messages added since the broker started (`EnqueueCount`). */
  enqueued: number;
  /** Messages acknowledged since the broker started (`DequeueCount`). */
  dequeued: number;
  /** Consumers attached now (`ConsumerCount`). */
  consumers: number;
  /** Share of the broker memory limit this queue's messages hold, % (`MemoryPercentUsage`). */
  memoryPercent: number;
}

const QUEUE_ATTRIBUTES = ['QueueSize', 'InFlightCount', 'EnqueueCount', 'DequeueCount', 'ConsumerCount', 'MemoryPercentUsage'];

/** The stats of one Jolokia read of {@link QUEUE_ATTRIBUTES}. */
export function queueStatsOf(v: Record<string, unknown>): ActivemqQueueStats {
  const n = (k: string) => Number(v[k] ?? 0);
  return { queueSize: n('QueueSize'), inFlight: n('InFlightCount'), enqueued: n('EnqueueCount'), dequeued: n('DequeueCount'), consumers: n('ConsumerCount'), memoryPercent: n('MemoryPercentUsage') };
}

export class ActivemqManagement {
  private broker: Promise<string> | null = null;

  constructor(readonly jolokia: JolokiaClient) {}

  /** The broker's MBean name; rejects with {@link JolokiaError} when Jolokia does not answer or lists no broker. */
  brokerMBean(): Promise<string> {
    if (!this.broker) {
      const p = this.jolokia.search('org.apache.activemq:type=Broker,brokerName=*').then((names) => {
        // The pattern has no trailing `,*`: only broker MBeans themselves match.
        const b = names[0];
        if (!b) throw new JolokiaError(`Jolokia at ${this.jolokia.base} lists no ActiveMQ broker`, 404);
        return b;
      });
      p.catch(() => (this.broker = null));
      this.broker = p;
    }
    return this.broker;
  }

  /** The MBean of queue `name`. */
  async queueMBean(name: string): Promise<string> {
    return `${await this.brokerMBean()},destinationType=Queue,destinationName=${name}`;
  }

  /** Creates a queue (nothing when it exists). */
  async addQueue(name: string): Promise<void> {
    await this.jolokia.exec(await this.brokerMBean(), 'addQueue', [name]);
  }

  /** Removes a queue with its messages (nothing when it does not exist). */
  async removeQueue(name: string): Promise<void> {
    await this.jolokia.exec(await this.brokerMBean(), 'removeQueue', [name]);
  }

  /** Removes a topic (nothing when it does not exist). */
  async removeTopic(name: string): Promise<void> {
    await this.jolokia.exec(await this.brokerMBean(), 'removeTopic', [name]);
  }

  /** Removes every message of a queue; false when it does not exist. */
  async purgeQueue(name: string): Promise<boolean> {
    try {
      await this.jolokia.exec(await this.queueMBean(name), 'purge()', []);
      return true;
    } catch (err) {
      if (err instanceof JolokiaError && err.status === 404) return false;
      throw err;
    }
  }

  /** Names of the queues whose name starts with `prefix`. */
  async queuesStartingWith(prefix: string): Promise<string[]> {
    const names = await this.jolokia.search(`${await this.brokerMBean()},destinationType=Queue,destinationName=*`);
    return names.map((n) => /destinationName=([^,]*)/.exec(n)?.[1] ?? '').filter((q) => q.startsWith(prefix));
  }

  /** A queue's counts now, or null when it does not exist. */
  async queueStats(name: string): Promise<ActivemqQueueStats | null> {
    try {
      return queueStatsOf((await this.jolokia.read(await this.queueMBean(name), QUEUE_ATTRIBUTES)) as Record<string, unknown>);
    } catch (err) {
      if (err instanceof JolokiaError && err.status === 404) return null;
      throw err;
    }
  }

  /**
   * The client connections open now, by their `connectionViewType=clientId` views: each view's
   * MBean (whose `stop()` closes the connection at the broker) and the client id (an AMQP
   * client's container id). Empty when none is open.
   */
  async clientConnections(): Promise<Array<{ mbean: string; clientId: string }>> {
    const pattern = `${await this.brokerMBean()},connector=clientConnectors,connectorName=*,connectionViewType=clientId,connectionName=*`;
    let v: unknown;
    try {
      v = await this.jolokia.read(pattern, 'ClientId');
    } catch (err) {
      // A pattern that matches no MBean is a 404.
      if (err instanceof JolokiaError && err.status === 404) return [];
      throw err;
    }
    return Object.entries((v ?? {}) as Record<string, { ClientId?: unknown }>).flatMap(([mbean, attrs]) => (typeof attrs?.ClientId === 'string' ? [{ mbean, clientId: attrs.ClientId }] : []));
  }

  /** Closes one client connection at the broker (its view's `stop()`); the client sees its socket closed. */
  async stopConnection(mbean: string): Promise<void> {
    await this.jolokia.exec(mbean, 'stop()', []);
  }
}
