/**
 * Artemis management through Jolokia: addresses and queues of a run (create, purge, destroy),
 * and queue depths. Names are those of {@link ArtemisTopicSchema} (`[a-zA-Z0-9._-]`), so they
 * need no quoting inside MBean names. The broker's MBean is looked up once
 * (`org.apache.activemq.artemis:broker="<name>"`), so any broker name works.
 */
import { JolokiaClient, JolokiaError } from '../jolokia.js';
import type { ArtemisRouting } from './topology.js';

/** A queue's counts as the broker keeps them now (exact, not sampled). */
export interface QueueDepth {
  /** Messages in the queue, including those delivered and not yet acknowledged (`MessageCount`). */
  messages: number;
  /** Of those, delivered to a consumer and not acknowledged (`DeliveringCount`). */
  delivering: number;
}

const DOMAIN = 'org.apache.activemq.artemis';

export class ArtemisManagement {
  private broker: Promise<string> | null = null;

  constructor(readonly jolokia: JolokiaClient) {}

  /** The broker's MBean name; rejects with {@link JolokiaError} when Jolokia does not answer or lists no broker. */
  brokerMBean(): Promise<string> {
    if (!this.broker) {
      const p = this.jolokia.search(`${DOMAIN}:broker=*`).then((names) => {
        const b = names.find((n) => /^org\.apache\.activemq\.artemis:broker="[^"]*"$/.test(n));
        if (!b) throw new JolokiaError(`Jolokia at ${this.jolokia.base} lists no Artemis broker`, 404);
        return b;
      });
      p.catch(() => (this.broker = null));
      this.broker = p;
    }
    return this.broker;
  }

  private async addressMBean(address: string): Promise<string> {
    return `${await this.brokerMBean()},component=addresses,address="${address}"`;
  }

  private async queueMBean(address: string, queue: string, routing: ArtemisRouting): Promise<string> {
    return `${await this.addressMBean(address)},subcomponent=queues,routing-type="${routing}",queue="${queue}"`;
  }

  /** The address's routing types (`MULTICAST`, `ANYCAST`), or null when it does not exist. */
  async routingTypes(address: string): Promise<string[] | null> {
    try {
      const v = await this.jolokia.read(await this.addressMBean(address), 'RoutingTypes');
      return Array.isArray(v) ? v.map(String) : [];
    } catch (err) {
      if (err instanceof JolokiaError && err.status === 404) return null;
      throw err;
    }
  }

  /** Creates the address with one routing type. */
  async createAddress(address: string, routing: ArtemisRouting): Promise<void> {
    await this.jolokia.exec(await this.brokerMBean(), 'createAddress(java.lang.String,java.lang.String)', [address, routing.toUpperCase()]);
  }

  /** Creates a queue on an existing address (nothing when it exists already): not auto-created, so the broker never deletes it by itself. */
  async createQueue(address: string, queue: string, routing: ArtemisRouting, durable: boolean): Promise<void> {
    const config = { name: queue, address, 'routing-type': routing.toUpperCase(), durable, 'auto-create-address': false };
    await this.jolokia.exec(await this.brokerMBean(), 'createQueue(java.lang.String,boolean)', [JSON.stringify(config), true]);
  }

  /** Removes every message of a queue; resolves with how many. */
  async purgeQueue(address: string, queue: string, routing: ArtemisRouting): Promise<number> {
    return Number(await this.jolokia.exec(await this.queueMBean(address, queue, routing), 'removeAllMessages()', []));
  }

  /** Destroys a queue (its consumers are disconnected); false when it did not exist. */
  async destroyQueue(queue: string): Promise<boolean> {
    try {
      await this.jolokia.exec(await this.brokerMBean(), 'destroyQueue(java.lang.String,boolean)', [queue, true]);
      return true;
    } catch (err) {
      if (err instanceof JolokiaError && /AMQ229017|does not exist/i.test(err.message)) return false;
      throw err;
    }
  }

  /** Deletes an address and (force) its queues; false when it did not exist. */
  async deleteAddress(address: string): Promise<boolean> {
    try {
      await this.jolokia.exec(await this.brokerMBean(), 'deleteAddress(java.lang.String,boolean)', [address, true]);
      return true;
    } catch (err) {
      if (err instanceof JolokiaError && /AMQ229203|does not exist/i.test(err.message)) return false;
      throw err;
    }
  }

  /** A queue's depth now, or null when it does not exist. */
  async queueDepth(address: string, queue: string, routing: ArtemisRouting): Promise<QueueDepth | null> {
    try {
      const v = (await this.jolokia.read(await this.queueMBean(address, queue, routing), ['MessageCount', 'DeliveringCount'])) as Record<string, unknown>;
      return { messages: Number(v['MessageCount'] ?? 0), delivering: Number(v['DeliveringCount'] ?? 0) };
    } catch (err) {
      if (err instanceof JolokiaError && err.status === 404) return null;
      throw err;
    }
  }
}
