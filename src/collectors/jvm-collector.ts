/**
 * A broker JVM's heap and GC through an authenticated Jolokia endpoint, for brokers whose JVM
 * metrics come from nothing else (the local RocketMQ's two JVMs): one bulk POST of the JVM reads
 * of `jvm-jolokia.ts` per interval. Samples: `source: 'jolokia'` (the neutral JVM names every
 * JVM rule reads), `instance` the base URL (no secret), `labels` as given (e.g. `{ jvm: 'namesrv' }`,
 * see `JVM_ROLE_LABEL`). The password travels only in the Authorization header.
 */
import type { Collector, SampleReading } from './types.js';
import type { CollectorStatus } from '../record/format.js';
import { describeError } from '../errors.js';
import { JolokiaClient, type JolokiaTarget } from '../drivers/jolokia.js';
import { SAMPLE_NAMES } from '../record/sample-names.js';
import { CounterRates } from './rates.js';
import { jvmReadRequests, jvmSampleValues } from './jvm-jolokia.js';

export class JvmJolokiaCollector implements Collector {
  readonly source = 'jolokia';
  readonly name: string;
  private readonly client: JolokiaClient;
  private readonly rates = new CounterRates();
  private readonly requests = jvmReadRequests().map(([, r]) => r);

  constructor(target: JolokiaTarget, private readonly labels: Readonly<Record<string, string>> = {}) {
    this.name = `jolokia:${target.base}`;
    this.client = new JolokiaClient(target);
  }

  /** One reading's values (heap, GC, threads; `gc_time_ratio` from the second reading on). */
  private async read(): Promise<Record<string, number>> {
    const answers = await this.client.bulk(this.requests);
    const atMs = Date.now();
    return jvmSampleValues((i) => (answers[i]?.status === 200 ? answers[i]!.value : undefined), this.rates, atMs);
  }

  async start(): Promise<CollectorStatus> {
    try {
      const v = await this.read();
      return v[SAMPLE_NAMES.jvm.heapMax] !== undefined ? { available: true } : { available: false, reason: `Jolokia at ${this.client.base} answered without the JVM's heap (java.lang:type=Memory)` };
    } catch (err) {
      return { available: false, reason: describeError(err) };
    }
  }

  async sample(): Promise<SampleReading[]> {
    const values = await this.read();
    const labels = Object.keys(this.labels).length > 0 ? { labels: { ...this.labels } } : {};
    return [{ source: this.source, instance: this.client.base, ...labels, values }];
  }

  async stop(): Promise<void> {}
}
