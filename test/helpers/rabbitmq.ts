/**
 * Helpers for tests against the real local RabbitMQ (`$MQLOAD_TEST_RABBITMQ_URL`, default
 * amqp://guest:guest@127.0.0.1:5672/%2F): a driver over a topology the test names, which
 * remembers the exchanges and groups it made and deletes them in `cleanup()`; a send listener
 * that counts outcomes; a consumer that records what it got.
 */
import { RabbitDriver } from '../../src/drivers/rabbitmq/driver.js';
import { rabbitmqctl, rabbitmqLauncher, RABBIT_PORTS } from '../../src/local/rabbitmq/launcher.js';
import { tcpAnswers } from '../../src/local/rabbitmq/node.js';
import type { DriverConfig, DriverProducer, ProducerOptions, SendListener } from '../../src/drivers/types.js';
import { Received, TestDestinations, uniqueDestination } from './destinations.js';

export { Received };

export const RABBITMQ_URL = process.env['MQLOAD_TEST_RABBITMQ_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672/%2F';

/** A unique exchange or group name for one test. */
export const rabbitName = uniqueDestination;

/** Waits until this machine's RabbitMQ answers on 5672 (after a restart test), starting the app if it stays down. */
export async function waitForRabbit(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    if (await tcpAnswers('127.0.0.1', RABBIT_PORTS.amqp, 1000)) return;
    if (i === 20) await rabbitmqLauncher.up().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('RabbitMQ does not answer on 5672');
}

/**
 * How far the broker's clock runs behind this machine's, ms (OS time − Erlang system time, read
 * in one call inside the node, so `rabbitmqctl`'s start-up does not count). Stream chunks are
 * stamped with Erlang system time, which in the default no-time-warp mode trails an OS clock
 * that was stepped forward after the node started (by up to the step, corrected at ≤ 1 %).
 * 0 when it cannot be read.
 */
export async function brokerClockLagMs(): Promise<number> {
  try {
    const out = await rabbitmqctl(['eval', 'os:system_time(millisecond) - erlang:system_time(millisecond).'], 30_000);
    const n = Number(out.trim());
    return Number.isFinite(n) ? n : 0;
  } catch {
    return 0;
  }
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

/** A RabbitMQ driver over the named topology that cleans up after itself. */
export class TestRabbit extends TestDestinations<RabbitDriver> {
  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'rabbitmq', brokers: [], url: RABBITMQ_URL, config: extra, topology: this.topology };
  }

  protected make(config: DriverConfig): RabbitDriver {
    return new RabbitDriver(config, rabbitName('mqload-test'));
  }
}
