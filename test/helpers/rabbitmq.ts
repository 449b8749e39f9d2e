/**
 * Helpers for tests against the real local RabbitMQ (`$MQLOAD_TEST_RABBITMQ_URL`, default
 * amqp://guest:guest@127.0.0.1:5672/%2F): a driver over a topology the test names, which
 * remembers the exchanges and groups it made and deletes them in `cleanup()`; a send listener
 * that counts outcomes; a consumer that records what it got.
 */
import { randomBytes } from 'node:crypto';
import { RabbitDriver } from '../../src/drivers/rabbitmq/driver.js';
import { rabbitmqLauncher, RABBIT_PORTS } from '../../src/local/rabbitmq/launcher.js';
import { tcpAnswers } from '../../src/local/rabbitmq/node.js';
import type { ConsumerOptions, DriverConfig, DriverConsumer, DriverProducer, ProducerOptions, ReceivedBatch, ReceivedMessage, SendListener } from '../../src/drivers/types.js';

export const RABBITMQ_URL = process.env['MQLOAD_TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672/%2F';

/** A unique exchange or group name for one test. */
export function rabbitName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
}

/** Waits until this machine's RabbitMQ answers on 5672 (after a restart test), starting the app if it stays down. */
export async function waitForRabbit(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await tcpAnswers('127.0.0.1', RABBIT_PORTS.amqp, 1000)) return;
    if (i === 20) await rabbitmqLauncher.up().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('RabbitMQ does not answer on 5672');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until `cond()` holds, polling every 20 ms; throws after `timeoutMs` with `what`. */
export async function waitFor(cond: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

/** Counts a producer's outcomes; every ticket must be reported exactly once. */
export class CountingListener implements SendListener {
  ackedCount = 0;
  failedCount = 0;
  readonly errors = new Map<string, number>();
  private readonly seen = new Set<number>();

  acked(tickets: readonly number[]): void {
    for (const t of tickets) this.settle(t);
    this.ackedCount += tickets.length;
  }

  failed(tickets: readonly number[], error: unknown): void {
    for (const t of tickets) this.settle(t);
    this.failedCount += tickets.length;
    const text = error instanceof Error ? error.message : String(error);
    this.errors.set(text, (this.errors.get(text) ?? 0) + tickets.length);
  }

  private settle(t: number): void {
    if (!this.seen.has(t)) throw new Error(`ticket ${t} reported twice, or never sent`);
    this.seen.delete(t);
  }

  /** Call before `send(ticket)`. */
  issue(t: number): void {
    this.seen.add(t);
  }

  get outstanding(): number {
    return this.seen.size;
  }
}

export function producerOptions(topic: string, mode: 'sync' | 'async' | 'oneway', window: number): ProducerOptions {
  return {
    producerId: rabbitName('p'),
    topic,
    mode,
    window,
    acks: mode === 'oneway' ? 0 : 1,
    compression: 'none',
    idempotent: false,
    retries: 0,
    batching: { maxRecords: 100, lingerMs: 0 },
  };
}

/** Sends `count` messages (value = its index) keeping at most `window` outstanding; resolves when all are reported. */
export async function sendAll(p: DriverProducer, l: CountingListener, count: number, window: number, key: (i: number) => Buffer | null = () => null): Promise<void> {
  for (let i = 0; i < count; i++) {
    while (l.outstanding >= window) await sleep(1);
    l.issue(i);
    p.send(i, { key: key(i), value: Buffer.from(String(i)), headers: { n: Buffer.from(String(i)) } });
  }
  await waitFor(() => l.outstanding === 0, 20_000, `outcomes of ${count} sends (acked ${l.ackedCount}, failed ${l.failedCount})`);
}

/** What a test consumer received. */
export class Received {
  readonly messages: ReceivedMessage[] = [];
  batches = 0;
  get count(): number {
    return this.messages.length;
  }
  get redelivered(): number {
    return this.messages.filter((m) => m.redelivered).length;
  }
  /** Values (the `n` header) received, in order. */
  values(): number[] {
    return this.messages.map((m) => Number(m.headers['n']?.toString()));
  }
}

/** A RabbitMQ driver over the named topology that cleans up after itself. */
export class TestRabbit {
  readonly topology: Record<string, Record<string, unknown>> = {};
  readonly groups = new Set<string>();
  private readonly drivers: RabbitDriver[] = [];
  private readonly closers: Array<() => Promise<void>> = [];

  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'rabbitmq', brokers: [], url: RABBITMQ_URL, config: extra, topology: this.topology };
  }

  driver(extra: Record<string, string | number | boolean> = {}): RabbitDriver {
    const d = new RabbitDriver(this.config(extra), rabbitName('mqload-test'));
    this.drivers.push(d);
    return d;
  }

  /** Declares an exchange with these topic settings and the named groups' queues. */
  async topic(settings: Record<string, unknown>, groups: string[], startFrom: 'run' | 'earliest' = 'run'): Promise<string> {
    const name = rabbitName('mqt');
    this.topology[name] = { ...settings, startFrom };
    const d = this.driver();
    await d.ensureTopics([{ name }]);
    for (const g of groups) this.groups.add(g);
    await d.prepareGroups(groups.map((groupId) => ({ groupId, topic: name, startFrom })));
    return name;
  }

  async producer(d: RabbitDriver, opts: ProducerOptions, l: SendListener): Promise<DriverProducer> {
    const p = await d.createProducer(opts, l);
    this.closers.push(() => p.close());
    return p;
  }

  /**
   * Starts a consumer recording into `into`; `hold` (when given) is awaited by the handler
   * before each batch returns (a slow or stuck consumer).
   */
  async consumer(d: RabbitDriver, topic: string, groupId: string, commit: ConsumerOptions['commit'], into: Received, hold?: (b: ReceivedBatch) => Promise<void>): Promise<DriverConsumer> {
    const c = await d.createConsumer({
      groupId,
      consumerId: rabbitName('c'),
      topic,
      commit,
      onBatch: async (b) => {
        into.batches++;
        into.messages.push(...b.messages);
        if (hold) await hold(b);
      },
    });
    await c.start();
    this.closers.push(() => c.close({ commit: false }));
    return c;
  }

  async cleanup(): Promise<void> {
    for (const c of this.closers.reverse()) await c().catch(() => undefined);
    const d = this.driver();
    await d.deleteGroups([...this.groups]).catch(() => undefined);
    await d.deleteTopics(Object.keys(this.topology)).catch(() => undefined);
    for (const x of this.drivers) await x.close();
  }
}
