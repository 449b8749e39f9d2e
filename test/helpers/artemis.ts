/**
 * Helpers for tests against a real local Artemis (`mqload local up --broker artemis`):
 * {@link useLocalArtemis} starts it through the launcher only when it is not running and stops it
 * after the last test file that uses it (a lease per test process, so parallel files share one
 * broker; a broker that was running before the tests is left running). {@link TestArtemis} is a
 * driver over a topology the test names that deletes its addresses and queues in `cleanup()`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { ArtemisDriver } from '../../src/drivers/artemis/driver.js';
import { artemisHome } from '../../src/drivers/artemis/access.js';
import type { ConsumerOptions, DriverConfig, DriverConsumer, DriverProducer, ProducerOptions, SendListener } from '../../src/drivers/types.js';
import { artemisDown, artemisStatus, artemisUp } from '../../src/local/artemis/broker.js';
import { isProcessAlive } from '../../src/local/process.js';
import { Received, rabbitName } from './rabbitmq.js';

export { CountingListener, Received, producerOptions, sendAll, sleep, waitFor } from './rabbitmq.js';

/** The local broker's AMQP URL; no password: the driver takes the local access file's. */
export const ARTEMIS_URL = process.env['MQLOAD_TEST_ARTEMIS_URL'] ?? 'amqp://127.0.0.1:5673';

/** A unique address or group name for one test. */
export const artemisName = rabbitName;

const leaseDir = () => join(artemisHome(), 'test-leases');
const startedMarker = () => join(artemisHome(), 'test-started');

/** Leases of test processes still alive (stale ones removed). */
function liveLeases(): number[] {
  if (!existsSync(leaseDir())) return [];
  const out: number[] = [];
  for (const f of readdirSync(leaseDir())) {
    const pid = Number(f);
    if (Number.isInteger(pid) && pid !== process.pid && isProcessAlive(pid)) out.push(pid);
    else if (pid !== process.pid) rmSync(join(leaseDir(), f), { force: true });
  }
  return out;
}

/**
 * Registers `before`/`after` hooks: the local Artemis runs during this file's tests (started if
 * needed, bounded by the launcher's start-up timeout) and is stopped afterwards when the tests
 * started it and no other test process still holds a lease.
 */
export function useLocalArtemis(): void {
  before(async () => {
    mkdirSync(leaseDir(), { recursive: true });
    writeFileSync(join(leaseDir(), String(process.pid)), '');
    const s = await artemisStatus();
    if (s.processAlive && s.answering) return;
    const r = await artemisUp();
    if (!r.alreadyRunning) writeFileSync(startedMarker(), String(r.state.pid));
  });
  after(async () => {
    rmSync(join(leaseDir(), String(process.pid)), { force: true });
    if (liveLeases().length === 0 && existsSync(startedMarker())) {
      rmSync(startedMarker(), { force: true });
      await artemisDown();
    }
  });
}

/** An Artemis driver over the named topology that cleans up after itself. */
export class TestArtemis {
  readonly topology: Record<string, Record<string, unknown>> = {};
  readonly groups = new Set<string>();
  private readonly drivers: ArtemisDriver[] = [];
  private readonly closers: Array<() => Promise<void>> = [];

  config(extra: Record<string, string | number | boolean> = {}): DriverConfig {
    return { type: 'artemis', brokers: [], url: ARTEMIS_URL, config: extra, topology: this.topology };
  }

  driver(extra: Record<string, string | number | boolean> = {}): ArtemisDriver {
    const d = new ArtemisDriver(this.config(extra), artemisName('mqload-test'));
    this.drivers.push(d);
    return d;
  }

  /** Creates an address with these topic settings and the named groups' queues. */
  async topic(settings: Record<string, unknown>, groups: string[], startFrom: 'run' | 'earliest' = 'run'): Promise<string> {
    const name = artemisName('mqt');
    this.topology[name] = { ...settings, startFrom };
    const d = this.driver();
    await d.ensureTopics([{ name }]);
    for (const g of groups) this.groups.add(g);
    await d.prepareGroups(groups.map((groupId) => ({ groupId, topic: name, startFrom })));
    return name;
  }

  async producer(d: ArtemisDriver, opts: ProducerOptions, l: SendListener): Promise<DriverProducer> {
    const p = await d.createProducer(opts, l);
    this.closers.push(() => p.close());
    return p;
  }

  /** Starts a consumer recording into `into`; `hold` (when given) is awaited before each batch returns. */
  async consumer(d: ArtemisDriver, topic: string, groupId: string, commit: ConsumerOptions['commit'], into: Received, hold?: () => Promise<void>): Promise<DriverConsumer> {
    const c = await d.createConsumer({
      groupId,
      consumerId: artemisName('c'),
      topic,
      commit,
      onBatch: async (b) => {
        into.batches++;
        into.messages.push(...b.messages);
        if (hold) await hold();
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
